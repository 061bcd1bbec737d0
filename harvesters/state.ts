/**
 * Per-scope harvest state (`harvest_state`): where the next run starts, and where an
 * interrupted run resumes. It is written in the same transaction as the page it describes.
 */
import type { Queryable } from '../src/db/pool.ts';

/** One scope's state: an OAI-PMH set ('' for the whole repository), or '' for API feeds. */
export interface ScopeState {
  /** Lower bound of the next run: the previous successful run's start on the server's clock. */
  nextFrom: string | null;
  /** Set while a run of this scope is unfinished. */
  runStarted: string | null;
  runFrom: string | null;
  windowFrom: string | null;
  /** Resumption token (or API cursor) for the page after the last stored one. */
  token: string | null;
  /** Latest datestamp stored by the unfinished run. */
  checkpoint: string | null;
  /** Were the unfinished run's datestamps non-decreasing? Only then is resuming from the checkpoint safe. */
  ordered: boolean;
}

export const EMPTY_STATE: ScopeState = { nextFrom: null, runStarted: null, runFrom: null, windowFrom: null, token: null, checkpoint: null, ordered: true };

/** Read a scope's state (EMPTY_STATE when it was never harvested). */
export async function loadScopeState(db: Queryable, sourceId: string, scope: string): Promise<ScopeState> {
  const { rows } = await db.query<{ next_from: string | null; run_started: string | null; run_from: string | null; window_from: string | null; token: string | null; checkpoint: string | null; ordered: boolean }>(
    `SELECT next_from, run_started, run_from, window_from, token, checkpoint, ordered FROM harvest_state WHERE source_id = $1 AND scope = $2`,
    [sourceId, scope],
  );
  const r = rows[0];
  if (!r) return { ...EMPTY_STATE };
  return { nextFrom: r.next_from, runStarted: r.run_started, runFrom: r.run_from, windowFrom: r.window_from, token: r.token, checkpoint: r.checkpoint, ordered: r.ordered };
}

/** Write a scope's state. */
export async function saveScopeState(db: Queryable, sourceId: string, scope: string, s: ScopeState): Promise<void> {
  await db.query(
    `INSERT INTO harvest_state (source_id, scope, next_from, run_started, run_from, window_from, token, checkpoint, ordered, updated)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
     ON CONFLICT (source_id, scope) DO UPDATE SET next_from = $3, run_started = $4, run_from = $5, window_from = $6, token = $7,
       checkpoint = $8, ordered = $9, updated = now()`,
    [sourceId, scope, s.nextFrom, s.runStarted, s.runFrom, s.windowFrom, s.token, s.checkpoint, s.ordered],
  );
}

/** Every scope's state of a source, for the status endpoint. */
export async function listScopeStates(db: Queryable, sourceId: string): Promise<(ScopeState & { scope: string })[]> {
  const { rows } = await db.query<{ scope: string }>(`SELECT scope FROM harvest_state WHERE source_id = $1 ORDER BY scope`, [sourceId]);
  const out: (ScopeState & { scope: string })[] = [];
  for (const r of rows) out.push({ scope: r.scope, ...(await loadScopeState(db, sourceId, r.scope)) });
  return out;
}
