/**
 * The ResourceSync harvester: source description -> capability list -> resource list
 * (baseline) or change list (incremental), following sitemap indexes. Each listed resource
 * is a metadata document (DataCite XML, oai_dc or DataCite JSON), fetched and loaded by what
 * it is. Entries are stored in pages; the checkpoint is the position in the list, so an
 * interrupted run continues with the next unstored entry.
 *
 * The baseline's `at` (ResourceSync 10.1: when the list was made, on the source's clock)
 * bounds the next incremental run; a change list's entries after it are applied in order,
 * `deleted` ones as tombstones (ResourceSync 12.1).
 */
import { throwIfAborted, toServerTime, type FeedContext } from '../context.ts';
import type { Loader } from '../loaders.ts';
import { EMPTY_STATE, type ScopeState } from '../state.ts';
import type { HarvestItem } from '../upsert.ts';
import { decodeXmlBytes } from '../../src/xml/decode.ts';
import { parseXmlSafely } from '../../src/xml/parse.ts';
import { parseRsDocument, type RsDocument, type RsEntry } from './sitemap.ts';
import type { LoaderName } from '../source.ts';

const NS_LOADERS: Record<string, LoaderName> = {
  'http://datacite.org/schema/kernel-4': 'datacite-xml',
  'http://www.openarchives.org/OAI/2.0/oai_dc/': 'oai_dc',
  'http://schema.datacite.org/oai/oai-1.1/': 'datacite-xml',
};

async function getDoc(ctx: FeedContext, url: string): Promise<{ doc: RsDocument; date: string | null }> {
  const res = await ctx.http.get(url);
  if (res.status >= 400) throw new Error(`${url}: HTTP ${res.status}`);
  return { doc: parseRsDocument(res.body), date: res.headers.get('date') };
}

/** Expand a sitemap index into its sitemaps' entries (one level, as ResourceSync 6 allows). */
async function toEntries(ctx: FeedContext, doc: RsDocument): Promise<RsEntry[]> {
  if (doc.kind === 'urlset') return doc.entries;
  const out: RsEntry[] = [];
  for (const e of doc.entries) out.push(...(await getDoc(ctx, e.loc)).doc.entries);
  return out;
}

/** Find the capability list: the URL may be a source description or the capability list itself. */
async function findCapabilities(ctx: FeedContext): Promise<RsDocument> {
  const { doc } = await getDoc(ctx, ctx.source.url);
  if (doc.capability === 'capabilitylist') return doc;
  if (doc.capability !== 'description') throw new Error(`${ctx.source.url}: expected a source description or capability list, found capability "${doc.capability ?? 'none'}"`);
  const cap = doc.entries.find((e) => e.capability === 'capabilitylist');
  if (!cap) throw new Error(`${ctx.source.url}: the source description lists no capability list`);
  return (await getDoc(ctx, cap.loc)).doc;
}

function toLoader(ctx: FeedContext, body: Buffer, type: string | undefined): { loader?: Loader; name: string; doc: string | Buffer | Record<string, unknown>; ns: string } {
  if (ctx.source.loader) return { loader: ctx.loaders[ctx.source.loader], name: ctx.source.loader, doc: body, ns: '' };
  const text = decodeXmlBytes(body).trimStart();
  if (type?.includes('json') || text.startsWith('{')) return { loader: ctx.loaders['datacite-json'], name: 'datacite-json', doc: JSON.parse(text) as Record<string, unknown>, ns: 'http://datacite.org/schema/kernel-4' };
  const root = parseXmlSafely(text);
  const name = NS_LOADERS[root.ns] ?? 'oai_dc';
  return { loader: ctx.loaders[name], name, doc: text, ns: root.ns };
}

async function toItem(ctx: FeedContext, e: RsEntry, harvestDate: string): Promise<HarvestItem> {
  const base = { sourcePid: `${ctx.source.id}:${e.loc}`, identifier: e.loc };
  if (e.change === 'deleted') return { ...base, deleted: true };
  try {
    const res = await ctx.http.get(e.loc);
    if (res.status >= 400) return { ...base, deleted: false, error: `HTTP ${res.status} for the resource` };
    const { loader, name, doc, ns } = toLoader(ctx, res.body, e.type ?? res.headers.get('content-type') ?? undefined);
    if (!loader) return { ...base, deleted: false, error: `no loader "${name}" is installed` };
    const input = loader.parse(doc);
    input.provenance = {
      sourceId: ctx.source.id,
      feed: 'resourcesync',
      baseURL: ctx.source.url,
      identifier: e.loc,
      datestamp: e.datetime ?? e.lastmod ?? '',
      metadataNamespace: ns,
      harvestDate,
      altered: false,
    };
    return { ...base, deleted: false, input };
  } catch (err) {
    return { ...base, deleted: false, error: (err as Error).message };
  }
}

/** Store `entries` from position `start` in pages, checkpointing the position. */
async function storeEntries(ctx: FeedContext, st: ScopeState, listUrl: string, entries: RsEntry[], start: number): Promise<ScopeState> {
  const size = ctx.source.options?.pageSize ?? 100;
  for (let i = start; i < entries.length; i += size) {
    throwIfAborted(ctx.signal);
    const slice = entries.slice(i, i + size);
    const harvestDate = ctx.now().toISOString();
    const items: HarvestItem[] = [];
    // A few resources at a time: polite to the source, and a page still lands in one transaction.
    for (let j = 0; j < slice.length; j += 4) items.push(...(await Promise.all(slice.slice(j, j + 4).map((e) => toItem(ctx, e, harvestDate)))));
    st = { ...st, token: `${listUrl}#${i + slice.length}` };
    await ctx.storePage('', items, st, { completeListSize: entries.length });
  }
  return st;
}

function toPosition(st: ScopeState, listUrl: string): number {
  const m = st.token && st.token.startsWith(`${listUrl}#`) ? /#(\d+)$/.exec(st.token) : null;
  return m ? Number(m[1]) : 0;
}

/** Harvest a ResourceSync source. */
export async function harvestResourceSync(ctx: FeedContext): Promise<void> {
  let st = await ctx.loadState('');
  const caps = await findCapabilities(ctx);
  const changeList = caps.entries.find((e) => e.capability === 'changelist');
  const resourceList = caps.entries.find((e) => e.capability === 'resourcelist');
  const incremental = (st.runFrom ?? st.nextFrom) !== null && changeList !== undefined;
  if (!st.runStarted) st = { ...EMPTY_STATE, nextFrom: st.nextFrom, runFrom: st.nextFrom };
  else await ctx.log({ event: 'resume', token: st.token });
  if (incremental && changeList) {
    const { doc, date } = await getDoc(ctx, changeList.loc);
    const since = st.runFrom as string;
    // Only changes after the previous run; in order, so a later change to one resource wins.
    const entries = (await toEntries(ctx, doc))
      .filter((e) => (e.datetime ?? e.lastmod ?? '') > since)
      .sort((a, b) => ((a.datetime ?? a.lastmod ?? '') < (b.datetime ?? b.lastmod ?? '') ? -1 : 1));
    const until = doc.until ?? entries.reduce((m, e) => ((e.datetime ?? e.lastmod ?? '') > m ? (e.datetime ?? e.lastmod ?? '') : m), since);
    st = { ...st, runStarted: st.runStarted ?? (until > since ? until : (date ? toServerTime(date, () => new Date(since)) : since)) };
    st = await storeEntries(ctx, st, changeList.loc, entries, toPosition(st, changeList.loc));
  } else {
    if (!resourceList) throw new Error(`${ctx.source.url}: the capability list has no resource list`);
    const { doc, date } = await getDoc(ctx, resourceList.loc);
    st = { ...st, runStarted: st.runStarted ?? doc.at ?? toServerTime(date, ctx.now) };
    st = await storeEntries(ctx, st, resourceList.loc, await toEntries(ctx, doc), toPosition(st, resourceList.loc));
  }
  await ctx.saveState('', { ...EMPTY_STATE, nextFrom: st.runStarted });
}
