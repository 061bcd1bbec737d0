/**
 * A source's harvest status for the REST status endpoint and `granary harvest status`: the
 * current (or last) run with its rate and ETA, the last error, and each scope's state.
 */
import type { Queryable } from '../src/db/pool.ts';
import { listRuns, type HarvestRun } from './runs.ts';
import { listScopeStates, type ScopeState } from './state.ts';

export interface RunProgress {
  pages: number;
  records: number;
  completeListSize: number | null;
  /** Records per second since the run started. */
  rate: number | null;
  /** Seconds left, when the server gave a completeListSize. */
  etaSeconds: number | null;
}

export interface HarvestStatus {
  sourceId: string;
  running: boolean;
  run: HarvestRun | null;
  progress: RunProgress | null;
  lastError: string | null;
  lastSuccess: string | null;
  scopes: (ScopeState & { scope: string })[];
}

/** Rate and ETA of a run, from its counters and times. */
export function toRunProgress(run: HarvestRun, now: Date = new Date()): RunProgress {
  const end = run.finished ? Date.parse(run.finished) : now.getTime();
  const seconds = (end - Date.parse(run.started)) / 1000;
  const rate = seconds > 0 ? run.records / seconds : null;
  // completeListSize counts the current list only (OAI-PMH 3.5); with several sets or windows this is an estimate.
  const left = run.completeListSize !== null ? Math.max(0, run.completeListSize - run.records) : null;
  return {
    pages: run.pages,
    records: run.records,
    completeListSize: run.completeListSize,
    rate: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: left !== null && rate ? Math.round(left / rate) : null,
  };
}

/** Status of one source. */
export async function getHarvestStatus(db: Queryable, sourceId: string, now: Date = new Date()): Promise<HarvestStatus> {
  const runs = await listRuns(db, sourceId, 50);
  const run = runs[0] ?? null;
  const lastFailed = runs.find((r) => r.lastError);
  const lastSuccess = runs.find((r) => r.status === 'succeeded');
  return {
    sourceId,
    running: run?.status === 'running',
    run,
    progress: run ? toRunProgress(run, now) : null,
    lastError: lastFailed?.lastError ?? null,
    lastSuccess: lastSuccess?.finished ?? null,
    scopes: await listScopeStates(db, sourceId),
  };
}
