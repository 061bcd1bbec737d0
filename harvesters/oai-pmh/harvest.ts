/**
 * The OAI-PMH harvester. Identify first (granularity, earliestDatestamp, the server's
 * clock), then ListRecords per set, page by page: each page is stored with its checkpoint in
 * one transaction, so memory holds one page and a crash loses nothing.
 *
 * Incremental: a scope's next `from` is the responseDate of the Identify that began its last
 * successful run, on the server's clock (OAI-PMH 3.3.1 and the Guidelines for Harvester
 * Implementers 3.1: never the harvester's own clock, which may differ). Records changed while
 * that run went on are harvested again next time; storing them again is a no-op.
 *
 * Resuming: an unfinished run first tries its stored resumption token. When the server
 * answers badResumptionToken (tokens expire), the list restarts from the latest stored
 * datestamp if the datestamps so far came in order, else from the start of the current date
 * window; what is listed again is stored as unchanged.
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { throwIfAborted, toServerTime, type FeedContext } from '../context.ts';
import type { Loader } from '../loaders.ts';
import { toLoaderName } from '../source.ts';
import { EMPTY_STATE, type ScopeState } from '../state.ts';
import type { HarvestItem } from '../upsert.ts';
import { findElement, toXmlFragment } from './fragment.ts';
import { OaiProtocolError, requestOai } from './request.ts';
import { toIdentify, toListRecordsPage, type OaiIdentify, type OaiRecord } from './response.ts';
import { toDateRanges, toOaiDate, type DateRange } from './windows.ts';

/** Restarts from a checkpoint allowed per list before the run gives up. */
const MAX_RESTARTS = 5;
/** Pages in a row that repeat pages already received (same records and datestamps) before the list counts as a loop. */
const MAX_REPEATED_PAGES = 5;

/** Records loaded and validated in one go (a few milliseconds) before the event loop gets a turn. */
const LOAD_CHUNK = 100;

function toItem(ctx: FeedContext, loader: Loader | undefined, loaderName: string, rec: OaiRecord, harvestDate: string): HarvestItem {
  const base = { sourcePid: `${ctx.source.id}:${rec.identifier}`, identifier: rec.identifier };
  if (rec.problem) return { ...base, deleted: false, error: rec.problem };
  if (rec.deleted) return { ...base, deleted: true };
  if (!rec.metadata) return { ...base, deleted: false, error: 'the record has no <metadata>' };
  if (!loader) return { ...base, deleted: false, error: `no loader "${loaderName}" is installed` };
  try {
    const target = loader.xmlRoot ? findElement(rec.metadata.element, rec.metadata.namespaces, loader.xmlRoot) : rec.metadata;
    if (!target) return { ...base, deleted: false, error: `no <${loader.xmlRoot}> element inside <metadata>` };
    // The element's namespaces are resolved already (by the page parse); only a loader that
    // reads text needs them written onto a standalone fragment.
    const input = loader.parseElement ? loader.parseElement(target.element) : loader.parse(toXmlFragment(target.element, target.namespaces));
    input.provenance = {
      sourceId: ctx.source.id,
      feed: 'oai-pmh',
      baseURL: ctx.source.url,
      identifier: rec.identifier,
      datestamp: rec.datestamp,
      metadataNamespace: rec.metadata.element.ns,
      harvestDate,
      altered: false,
    };
    return { ...base, deleted: false, input };
  } catch (err) {
    return { ...base, deleted: false, error: `the ${loaderName} loader failed: ${(err as Error).message}` };
  }
}

function listParams(ctx: FeedContext, scope: string, range: DateRange, st: ScopeState, identify: OaiIdentify): Record<string, string | null> {
  let from = range.from;
  if (st.checkpoint && st.ordered) {
    const cp = toOaiDate(st.checkpoint, identify.granularity);
    // from is inclusive: records at the checkpoint's datestamp are listed again and stored as unchanged.
    if (!from || cp > from) from = cp;
  }
  return { verb: 'ListRecords', metadataPrefix: ctx.source.metadataPrefix ?? 'oai_dc', set: scope || null, from, until: range.until };
}

/**
 * Harvest one list (a scope in a date window). Resuming from the latest stored datestamp
 * (after a crash, an expired token or a token loop) is only complete if the server lists in
 * datestamp order, which OAI-PMH does not promise: records listed after the break with an
 * earlier datestamp would be skipped for good. So a list that resumed from a checkpoint
 * ends with a second pass over [window start, checkpoint]: what is already stored comes
 * back unchanged, what was skipped is stored. Nothing is lost, and the rest of the list is
 * still not fetched twice.
 */
async function harvestList(ctx: FeedContext, scope: string, range: DateRange, start: ScopeState, identify: OaiIdentify): Promise<ScopeState> {
  const resumedAt = !start.token && start.checkpoint && start.ordered ? start.checkpoint : null;
  const { st, restartedAt } = await harvestOneList(ctx, scope, range, start, identify);
  const gapUntil = [resumedAt, restartedAt].filter((d): d is string => d !== null).sort().pop();
  if (!gapUntil) return st;
  const until = toOaiDate(gapUntil, identify.granularity);
  if (range.from && range.from > until) return st;
  await ctx.log({ event: 'gap-pass', scope, from: range.from, until });
  await harvestOneList(ctx, scope, { from: range.from, until }, { ...st, token: null, checkpoint: null, ordered: false }, identify);
  return st;
}

async function harvestOneList(
  ctx: FeedContext,
  scope: string,
  range: DateRange,
  start: ScopeState,
  identify: OaiIdentify,
): Promise<{ st: ScopeState; restartedAt: string | null }> {
  const loaderName = toLoaderName(ctx.source) ?? 'oai_dc';
  const loader = ctx.loaders[loaderName];
  let st = start;
  let restarts = 0;
  let restartedAt: string | null = null;
  const seen = new Set<string>();
  // Pages already received, by their records: fresh tokens handing out the same records again never end.
  const pagesSeen = new Set<string>();
  let repeats = 0;
  let params: Record<string, string | null> = st.token ? { verb: 'ListRecords', resumptionToken: st.token } : listParams(ctx, scope, range, st, identify);
  // The next page is fetched, parsed, loaded and validated while this one is stored: the
  // server, this process and our database work at once. Only what the loop needs is kept,
  // not the page's element tree: it is garbage once the records are loaded, instead of living
  // (and being copied by the garbage collector) until the page is stored.
  const fetchPage = async (p: Record<string, string | null>) => {
    const res = await requestOai(ctx.http, ctx.source.url, p);
    if (res.errors.length) return { errors: res.errors, datestamps: [], items: [] };
    const page = toListRecordsPage(res);
    const harvestDate = ctx.now().toISOString();
    const items: HarvestItem[] = [];
    for (let i = 0; i < page.records.length; i += LOAD_CHUNK) {
      // Between chunks the event loop answers the database, which is storing the previous page.
      if (i) await yieldToEventLoop();
      items.push(...ctx.prepareItems(page.records.slice(i, i + LOAD_CHUNK).map((r) => toItem(ctx, loader, loaderName, r, harvestDate))));
    }
    return { errors: [], token: page.token, datestamps: page.records.map((r) => r.datestamp), items };
  };
  let prefetched: ReturnType<typeof fetchPage> | null = null;
  for (;;) {
    throwIfAborted(ctx.signal);
    const { errors, token: pageToken, datestamps, items } = await (prefetched ?? fetchPage(params));
    prefetched = null;
    const codes = errors.map((e) => e.code);
    if (codes.includes('noRecordsMatch')) return { st, restartedAt };
    if (codes.includes('badResumptionToken') && params.resumptionToken) {
      if (++restarts > MAX_RESTARTS) throw new OaiProtocolError('badResumptionToken', `refused ${restarts} times in one list; giving up until the next run`);
      st = { ...st, token: null };
      if (st.checkpoint && st.ordered && (!restartedAt || st.checkpoint > restartedAt)) restartedAt = st.checkpoint;
      // The restarted list may hand out the tokens it handed out before: not a loop.
      seen.clear();
      pagesSeen.clear();
      params = listParams(ctx, scope, range, st, identify);
      await ctx.log({ event: 'restart', scope, reason: 'badResumptionToken', from: params.from });
      continue;
    }
    if (errors.length) throw new OaiProtocolError(errors[0].code, errors.map((e) => e.message).join('; '));
    let { checkpoint, ordered } = st;
    for (const datestamp of datestamps) {
      if (!datestamp) continue;
      if (checkpoint && datestamp < checkpoint) ordered = false;
      else checkpoint = datestamp;
    }
    if (items.length) {
      const signature = createHash('sha1')
        .update(items.map((it, i) => `${it.identifier}\u0000${datestamps[i] ?? ''}`).join('\n'))
        .digest('base64');
      // One page sent again is tolerated (Sickle's sample feed repeats pages); a run of them is a loop.
      repeats = pagesSeen.has(signature) ? repeats + 1 : 0;
      if (repeats >= MAX_REPEATED_PAGES) {
        throw new OaiProtocolError('resumptionTokenLoop', `the server sent ${repeats} pages in a row that it had already sent (same records), under new tokens; the list would never end. The next run resumes from datestamp ${st.checkpoint ?? 'start'}.`);
      }
      pagesSeen.add(signature);
    }
    // An empty token, or none, ends the list (OAI-PMH 3.5).
    const token = pageToken?.value || null;
    const loop = token !== null && (seen.has(token) || token === params.resumptionToken);
    if (token) seen.add(token);
    st = { ...st, token: loop ? null : token, checkpoint, ordered };
    if (token && !loop) {
      params = { verb: 'ListRecords', resumptionToken: token };
      prefetched = fetchPage(params);
      // If storing fails, the run ends; the prefetched page is then dropped, not an unhandled rejection.
      prefetched.catch(() => undefined);
    }
    await ctx.storePage(scope, items, st, { completeListSize: pageToken?.completeListSize });
    if (loop) throw new OaiProtocolError('resumptionTokenLoop', `the server sent resumption token "${token}" again; the list would never end. Stored pages are kept; the next run resumes from datestamp ${checkpoint ?? 'start'}.`);
    if (!token) return { st, restartedAt };
  }
}

/** Harvest an OAI-PMH source: every configured set (or the whole repository), incrementally. */
export async function harvestOaiPmh(ctx: FeedContext): Promise<void> {
  const idRes = await requestOai(ctx.http, ctx.source.url, { verb: 'Identify' });
  if (idRes.errors.length) throw new OaiProtocolError(idRes.errors[0].code, idRes.errors[0].message);
  const identify = toIdentify(idRes);
  // The server's clock bounds the next run: a responseDate that is no date is replaced by ours.
  const serverNow = toServerTime(idRes.responseDate, ctx.now);
  await ctx.log({ event: 'identify', granularity: identify.granularity, earliestDatestamp: identify.earliestDatestamp, compression: identify.compression, responseDate: serverNow });
  const scopes = ctx.source.sets?.length ? ctx.source.sets : [''];
  for (const scope of scopes) {
    let st = await ctx.loadState(scope);
    if (!st.runStarted) {
      st = { ...EMPTY_STATE, nextFrom: st.nextFrom, runStarted: serverNow, runFrom: st.nextFrom ?? ctx.source.from ?? null };
      await ctx.saveState(scope, st);
    } else {
      await ctx.log({ event: 'resume', scope, token: st.token, checkpoint: st.checkpoint, window: st.windowFrom });
    }
    const ranges = toDateRanges(st.runFrom, st.runStarted as string, ctx.source.options?.dateWindow ?? 'none', identify.granularity, identify.earliestDatestamp);
    let i = Math.max(0, ranges.findIndex((r) => r.from === st.windowFrom));
    for (; i < ranges.length; i++) {
      if (st.windowFrom !== ranges[i].from) {
        st = { ...st, windowFrom: ranges[i].from, token: null, checkpoint: null, ordered: true };
        await ctx.saveState(scope, st);
      }
      st = await harvestList(ctx, scope, ranges[i], st, identify);
    }
    await ctx.saveState(scope, { ...EMPTY_STATE, nextFrom: st.runStarted });
  }
}
