/**
 * The DataCite REST API harvester (GET /dois, JSON:API). Cursor paging as DataCite documents
 * it for deep harvests: the first request sends page[cursor]=1, then each page's links.next
 * is followed until a page has no next link or no data. Incremental runs add
 * `updated:[<from> TO *]` to the query (DataCite support: "How can I query the REST API to
 * retrieve results for a specific date range?"). Results are sorted by `updated`, so an
 * interrupted run whose cursor expired resumes from the latest stored `updated`.
 */
import { throwIfAborted, toServerTime, type FeedContext } from '../context.ts';
import { EMPTY_STATE, type ScopeState } from '../state.ts';
import type { HarvestItem } from '../upsert.ts';

const KERNEL4_NS = 'http://datacite.org/schema/kernel-4';

interface DataCitePage {
  data?: { id?: string; attributes?: Record<string, unknown> }[];
  meta?: { total?: number };
  links?: { next?: string };
}

function toFirstUrl(ctx: FeedContext, from: string | null): string {
  const u = new URL(ctx.source.url);
  const terms = [ctx.source.query ? `(${ctx.source.query})` : '', from ? `updated:[${from.slice(0, 10)} TO *]` : ''].filter(Boolean);
  if (terms.length) u.searchParams.set('query', terms.join(' AND '));
  u.searchParams.set('page[size]', String(ctx.source.options?.pageSize ?? 100));
  u.searchParams.set('page[cursor]', '1');
  u.searchParams.set('sort', 'updated');
  // Organisation objects rather than bare strings (DataCite REST API "affiliation" / "publisher" parameters).
  u.searchParams.set('affiliation', 'true');
  u.searchParams.set('publisher', 'true');
  return u.toString();
}

function toItems(ctx: FeedContext, page: DataCitePage, harvestDate: string): HarvestItem[] {
  const loader = ctx.loaders['datacite-json'];
  return (page.data ?? []).map((d, i) => {
    const attrs = d.attributes ?? {};
    const doi = String(attrs.doi ?? d.id ?? '').trim();
    const base = { sourcePid: `${ctx.source.id}:${doi.toLowerCase() || `#${i}`}`, identifier: doi || `(item ${i + 1} of the page, without a DOI)`, deleted: false };
    // Items are matched by their DOI: without one, two items would land on one record.
    if (!doi) return { ...base, error: 'a DataCite item without a DOI (attributes.doi or id)' };
    if (!loader) return { ...base, error: 'no loader "datacite-json" is installed' };
    try {
      const input = loader.parse(attrs);
      input.provenance = {
        sourceId: ctx.source.id,
        feed: 'datacite-api',
        baseURL: ctx.source.url,
        identifier: doi,
        datestamp: String(attrs.updated ?? ''),
        metadataNamespace: KERNEL4_NS,
        harvestDate,
        altered: false,
      };
      return { ...base, input };
    } catch (err) {
      return { ...base, error: `the datacite-json loader failed: ${(err as Error).message}` };
    }
  });
}

async function getPage(ctx: FeedContext, url: string): Promise<{ page: DataCitePage; date: string | null; status: number }> {
  const res = await ctx.http.get(url);
  if (res.status >= 400) return { page: {}, date: res.headers.get('date'), status: res.status };
  let page: unknown;
  try {
    page = JSON.parse(res.body.toString('utf8'));
  } catch (err) {
    throw new Error(`${url}: not JSON (${(err as Error).message})`, { cause: err });
  }
  // The JSON:API shape DataCite documents: an object whose `data`, if present, is an array.
  const data = (page as { data?: unknown } | null)?.data;
  if (typeof page !== 'object' || page === null || Array.isArray(page) || (data !== undefined && !Array.isArray(data))) {
    throw new Error(`${url}: not a DataCite list page (expected an object with a "data" array)`);
  }
  return { page: page as DataCitePage, date: res.headers.get('date'), status: res.status };
}

/** Harvest a DataCite REST API source. */
export async function harvestDataCiteApi(ctx: FeedContext): Promise<void> {
  let st: ScopeState = await ctx.loadState('');
  let url: string;
  if (st.runStarted) {
    url = st.token ?? toFirstUrl(ctx, st.checkpoint ?? st.runFrom);
    await ctx.log({ event: 'resume', token: st.token, checkpoint: st.checkpoint });
  } else {
    st = { ...EMPTY_STATE, nextFrom: st.nextFrom, runFrom: st.nextFrom ?? ctx.source.from ?? null };
    url = toFirstUrl(ctx, st.runFrom);
  }
  let restarted = false;
  const followed = new Set<string>();
  for (;;) {
    throwIfAborted(ctx.signal);
    const { page, date, status } = await getPage(ctx, url);
    if (status >= 400) {
      // An expired or unknown cursor: start the query again from the latest stored `updated`.
      if (st.token && !restarted) {
        restarted = true;
        st = { ...st, token: null };
        url = toFirstUrl(ctx, st.checkpoint ?? st.runFrom);
        await ctx.log({ event: 'restart', reason: `HTTP ${status} for the stored cursor`, from: st.checkpoint ?? st.runFrom });
        continue;
      }
      throw new Error(`${url}: HTTP ${status}`);
    }
    // The server's clock at the run's first page bounds the next run (HTTP Date, RFC 9110 6.6.1).
    if (!st.runStarted) st = { ...st, runStarted: toServerTime(date, ctx.now) };
    const items = toItems(ctx, page, ctx.now().toISOString());
    let checkpoint = st.checkpoint;
    for (const d of page.data ?? []) {
      const u = d.attributes?.updated;
      if (typeof u === 'string' && (!checkpoint || u > checkpoint)) checkpoint = u;
    }
    const next = page.links?.next && items.length ? page.links.next : null;
    // A next link already followed would page forever (the same page, or a cycle).
    if (next && followed.has(next)) throw new Error(`${url}: links.next leads back to ${next}, a page already harvested; the list would never end`);
    if (next) followed.add(next);
    st = { ...st, token: next, checkpoint };
    await ctx.storePage('', items, st, { completeListSize: page.meta?.total });
    if (!next) break;
    url = next;
  }
  await ctx.saveState('', { ...EMPTY_STATE, nextFrom: st.runStarted });
}
