/**
 * The Crossref REST API harvester (GET /works). Deep paging with cursors as Crossref
 * documents it: cursor=* on the first request, then each response's message.next-cursor,
 * until a page has no items. Incremental runs filter on from-index-date, the date Crossref
 * last (re)indexed a work, which covers new deposits and updates alike. Cursors expire a few
 * minutes after use, so an interrupted run starts its query again (stored works come back
 * unchanged).
 */
import { throwIfAborted, toServerTime, type FeedContext } from '../context.ts';
import { EMPTY_STATE, type ScopeState } from '../state.ts';
import type { HarvestItem } from '../upsert.ts';

interface CrossrefPage {
  status?: string;
  message?: { items?: Record<string, unknown>[]; 'next-cursor'?: string; 'total-results'?: number };
}

function toUrl(ctx: FeedContext, from: string | null, cursor: string): string {
  const u = new URL(ctx.source.url);
  const filters = [ctx.source.query ?? '', from ? `from-index-date:${from.slice(0, 10)}` : ''].filter(Boolean);
  if (filters.length) u.searchParams.set('filter', filters.join(','));
  u.searchParams.set('rows', String(ctx.source.options?.pageSize ?? 100));
  u.searchParams.set('cursor', cursor);
  return u.toString();
}

function toItems(ctx: FeedContext, works: Record<string, unknown>[], harvestDate: string): HarvestItem[] {
  const loader = ctx.loaders.crossref;
  return works.map((w, i) => {
    const doi = String(w.DOI ?? '').trim();
    const base = { sourcePid: `${ctx.source.id}:${doi.toLowerCase() || `#${i}`}`, identifier: doi || `(work ${i + 1} of the page, without a DOI)`, deleted: false };
    if (!loader) return { ...base, error: 'no loader "crossref" is installed' };
    try {
      const input = loader.parse(w);
      const indexed = (w.indexed as { 'date-time'?: string } | undefined)?.['date-time'] ?? '';
      input.provenance = {
        sourceId: ctx.source.id,
        feed: 'crossref-api',
        baseURL: ctx.source.url,
        identifier: doi,
        datestamp: indexed,
        metadataNamespace: 'https://api.crossref.org/works',
        harvestDate,
        altered: false,
      };
      return { ...base, input };
    } catch (err) {
      return { ...base, error: `the crossref loader failed: ${(err as Error).message}` };
    }
  });
}

/** Harvest a Crossref REST API source. */
export async function harvestCrossrefApi(ctx: FeedContext): Promise<void> {
  let st: ScopeState = await ctx.loadState('');
  if (!st.runStarted) st = { ...EMPTY_STATE, nextFrom: st.nextFrom, runFrom: st.nextFrom ?? ctx.source.from ?? null };
  else await ctx.log({ event: 'resume', token: st.token });
  let cursor = st.token ?? '*';
  let restarted = false;
  const cursors = new Set<string>();
  for (;;) {
    throwIfAborted(ctx.signal);
    const url = toUrl(ctx, st.runFrom, cursor);
    const res = await ctx.http.get(url);
    if (res.status >= 400) {
      if (cursor !== '*' && !restarted) {
        restarted = true;
        cursor = '*';
        await ctx.log({ event: 'restart', reason: `HTTP ${res.status} for the stored cursor` });
        continue;
      }
      throw new Error(`${url}: HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
    }
    let page: CrossrefPage;
    try {
      page = JSON.parse(res.body.toString('utf8')) as CrossrefPage;
    } catch (err) {
      throw new Error(`${url}: not JSON (${(err as Error).message})`, { cause: err });
    }
    const date = res.headers.get('date');
    if (!st.runStarted) st = { ...st, runStarted: toServerTime(date, ctx.now) };
    const works = page.message?.items ?? [];
    const next = works.length ? (page.message?.['next-cursor'] ?? null) : null;
    // A cursor already used would page forever.
    if (next && cursors.has(next)) throw new Error(`${url}: next-cursor repeats a cursor already used; the list would never end`);
    if (next) cursors.add(next);
    st = { ...st, token: next };
    if (works.length || !next) await ctx.storePage('', toItems(ctx, works, ctx.now().toISOString()), st, { completeListSize: page.message?.['total-results'] });
    if (!next) break;
    cursor = next;
  }
  await ctx.saveState('', { ...EMPTY_STATE, nextFrom: st.runStarted });
}
