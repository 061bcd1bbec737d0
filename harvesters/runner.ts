/**
 * Running a harvest: claim the source (one run at a time), build the feed context, run the
 * feed's harvester, and close the run as succeeded or failed. `runHarvest` is a plain async
 * function; `createHarvestJobHandler` wraps it as the `harvest.run` job.
 */
import { transaction, type Pool } from '../src/db/pool.ts';
import type { RecordWriteHooks } from '../src/records/hooks.ts';
import type { RecordValidator } from '../src/records/schema.ts';
import type { JobHandler } from '../src/jobs/types.ts';
import type { FeedContext, HarvestProgress } from './context.ts';
import { createHttpClient } from './http.ts';
import { createDefaultLoaders, type LoaderRegistry } from './loaders.ts';
import { addPageCounts, appendRunLog, finishRun, recordFailures, startRun, type HarvestRun } from './runs.ts';
import { createHarvestSourceStore } from './source-store.ts';
import type { FeedType, HarvestSource } from './source.ts';
import { loadScopeState, saveScopeState } from './state.ts';
import { prepareHarvestItems, upsertPage } from './upsert.ts';
import { harvestOaiPmh } from './oai-pmh/harvest.ts';
import { harvestDataCiteApi } from './datacite-api/harvest.ts';
import { harvestCrossrefApi } from './crossref-api/harvest.ts';
import { harvestResourceSync } from './resourcesync/harvest.ts';

export interface HarvestDeps {
  pool: Pool;
  validator: RecordValidator;
  hooks?: RecordWriteHooks;
  /** Loaders by name; defaults to createDefaultLoaders(). */
  loaders?: LoaderRegistry;
  now?: () => Date;
}

export interface RunHarvestOptions {
  signal?: AbortSignal;
  /** Called after every stored page. */
  onProgress?(p: HarvestProgress): void;
  /** Called once the run is registered (its id is known), before any request. */
  onStarted?(runId: number): void;
  /** First retry delay of the HTTP client (ms). */
  retryBaseDelayMs?: number;
}

const FEEDS: Record<FeedType, (ctx: FeedContext) => Promise<void>> = {
  'oai-pmh': harvestOaiPmh,
  'datacite-api': harvestDataCiteApi,
  'crossref-api': harvestCrossrefApi,
  resourcesync: harvestResourceSync,
};

/**
 * Harvest one source now, resuming an interrupted run where it stopped. Resolves with the
 * finished run (status succeeded or failed: a failed run is a result, not an exception).
 * Throws Conflict when the source is being harvested already, NotFound for an unknown source.
 */
export async function runHarvest(deps: HarvestDeps, sourceId: string, opts: RunHarvestOptions = {}): Promise<HarvestRun> {
  const { pool } = deps;
  const source: HarvestSource = await createHarvestSourceStore({ pool, validator: deps.validator }).get(sourceId);
  const runId = await startRun(pool, sourceId);
  opts.onStarted?.(runId);
  const now = deps.now ?? (() => new Date());
  const progress: HarvestProgress = { pages: 0, records: 0 };
  const pendingLog: Record<string, unknown>[] = [];
  const o = source.options ?? {};
  const http = createHttpClient({
    headers: o.headers,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    rateLimit: o.rateLimit,
    maxRetryAfterSeconds: o.maxRetryAfterSeconds,
    baseDelayMs: opts.retryBaseDelayMs,
    signal: opts.signal,
    // Retries are logged with the next write, not in a transaction of their own.
    onRetry: (r) => pendingLog.push({ event: 'retry', ...r }),
  });
  const log = async (event: Record<string, unknown>) => {
    for (const e of pendingLog.splice(0)) await appendRunLog(pool, runId, e);
    await appendRunLog(pool, runId, event);
  };
  const ctx: FeedContext = {
    source,
    runId,
    http,
    loaders: deps.loaders ?? createDefaultLoaders(),
    signal: opts.signal,
    now,
    log,
    loadState: (scope) => loadScopeState(pool, sourceId, scope),
    saveState: (scope, state) => saveScopeState(pool, sourceId, scope, state),
    prepareItems: (items) => prepareHarvestItems(items, deps.validator),
    async storePage(scope, items, state, meta = {}) {
      const result = await transaction(pool, async (tx) => {
        const r = await upsertPage(tx, { validator: deps.validator, hooks: deps.hooks }, items, now().toISOString());
        await saveScopeState(tx, sourceId, scope, state);
        await addPageCounts(tx, runId, {
          records: items.length,
          created: r.created.length,
          updated: r.updated.length,
          unchanged: r.unchanged,
          deleted: r.deleted.length,
          failed: r.failed.length,
          completeListSize: meta.completeListSize,
        });
        await recordFailures(tx, runId, sourceId, r.failed);
        return r;
      });
      progress.pages++;
      progress.records += items.length;
      if (meta.completeListSize !== undefined) progress.completeListSize = meta.completeListSize;
      for (const e of pendingLog.splice(0)) await appendRunLog(pool, runId, e);
      opts.onProgress?.({ ...progress });
      return result;
    },
  };
  try {
    await FEEDS[source.type](ctx);
    for (const e of pendingLog.splice(0)) await appendRunLog(pool, runId, e);
    return await finishRun(pool, runId, 'succeeded');
  } catch (err) {
    for (const e of pendingLog.splice(0)) await appendRunLog(pool, runId, e).catch(() => undefined);
    return finishRun(pool, runId, 'failed', (err as Error).message || String(err));
  }
}

/** The data of a `harvest.run` job. */
export interface HarvestJobData {
  sourceId: string;
}

/** The `harvest.run` job handler. A failed run throws, so the queue retries it; a retry resumes from the checkpoints. */
export function createHarvestJobHandler(deps: HarvestDeps): JobHandler<HarvestJobData> {
  return async (data, ctx) => {
    // Progress is kept in the run's row (harvesters/runs.ts), which the status endpoint reads.
    const run = await runHarvest(deps, data.sourceId, { signal: ctx.signal });
    if (run.status !== 'succeeded') throw new Error(`harvest of ${data.sourceId} failed (run ${run.id}): ${run.lastError}`);
  };
}
