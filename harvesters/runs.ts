/**
 * Harvest runs (`harvest_runs`) and their per-record failures: one row per run with live
 * counters, a heartbeat and the last error, so status endpoints and the CLI show progress
 * while a run is going and history afterwards.
 */
import { hostname } from 'node:os';
import type { Pool, Queryable } from '../src/db/pool.ts';
import { Conflict } from '../src/errors.ts';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** A run as shown by status endpoints and the CLI. */
export interface HarvestRun {
  id: number;
  sourceId: string;
  status: RunStatus;
  started: string;
  finished: string | null;
  heartbeat: string;
  pages: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  completeListSize: number | null;
  lastError: string | null;
  log: unknown[];
}

interface RunRow {
  id: number;
  source_id: string;
  status: RunStatus;
  started: string;
  finished: string | null;
  heartbeat: string;
  host: string | null;
  pid: number | null;
  pages: number;
  records: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  deleted_count: number;
  failed_count: number;
  complete_list_size: number | null;
  last_error: string | null;
  log: unknown[];
}

function toRun(r: RunRow): HarvestRun {
  return {
    id: r.id,
    sourceId: r.source_id,
    status: r.status,
    started: r.started,
    finished: r.finished,
    heartbeat: r.heartbeat,
    pages: r.pages,
    records: r.records,
    created: r.created_count,
    updated: r.updated_count,
    unchanged: r.unchanged_count,
    deleted: r.deleted_count,
    failed: r.failed_count,
    completeListSize: r.complete_list_size,
    lastError: r.last_error,
    log: r.log,
  };
}

/** A running run whose process is gone (same host, dead pid) or silent for this long is taken over. */
const STALE_HEARTBEAT_SECONDS = 120;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Start a run of a source. A run still going elsewhere is a Conflict; a run whose process
 * died (crash, SIGKILL) is marked interrupted, and the new run resumes from its checkpoints.
 */
export async function startRun(pool: Pool, sourceId: string): Promise<number> {
  const host = hostname();
  const { rows } = await pool.query<RunRow & { age: number }>(
    `SELECT *, EXTRACT(EPOCH FROM now() - heartbeat)::float8 AS age FROM harvest_runs WHERE source_id = $1 AND status = 'running'`,
    [sourceId],
  );
  for (const r of rows) {
    const dead = (r.host === host && r.pid !== null && r.pid !== process.pid && !isAlive(r.pid)) || r.age > STALE_HEARTBEAT_SECONDS;
    if (!dead) throw new Conflict(`Source ${sourceId} is being harvested by run ${r.id} (pid ${r.pid} on ${r.host}).`);
    await pool.query(`UPDATE harvest_runs SET status = 'interrupted', finished = now(), last_error = COALESCE(last_error, 'the harvesting process stopped') WHERE id = $1`, [r.id]);
  }
  try {
    const ins = await pool.query<{ id: number }>(`INSERT INTO harvest_runs (source_id, status, host, pid) VALUES ($1, 'running', $2, $3) RETURNING id`, [sourceId, host, process.pid]);
    return ins.rows[0].id;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new Conflict(`Source ${sourceId} is already being harvested.`);
    throw err;
  }
}

/** Add one stored page's counts to the run (inside the page's transaction). */
export async function addPageCounts(
  db: Queryable,
  runId: number,
  c: { records: number; created: number; updated: number; unchanged: number; deleted: number; failed: number; completeListSize?: number },
): Promise<void> {
  await db.query(
    `UPDATE harvest_runs SET pages = pages + 1, records = records + $2, created_count = created_count + $3, updated_count = updated_count + $4,
            unchanged_count = unchanged_count + $5, deleted_count = deleted_count + $6, failed_count = failed_count + $7,
            complete_list_size = COALESCE($8, complete_list_size), heartbeat = now()
      WHERE id = $1`,
    // A server's size is a hint: one the column cannot hold (or not a count at all) is dropped, never a failed page.
    [runId, c.records, c.created, c.updated, c.unchanged, c.deleted, c.failed, toListSize(c.completeListSize)],
  );
}

/** Append an event (a retry, a restart from a checkpoint, a window) to the run's log; the log keeps its last 200 entries. */
export async function appendRunLog(db: Queryable, runId: number, event: Record<string, unknown>): Promise<void> {
  await db.query(
    `UPDATE harvest_runs SET heartbeat = now(),
            log = (SELECT COALESCE(jsonb_agg(e), '[]') FROM (SELECT e FROM jsonb_array_elements(log || jsonb_build_array($2::jsonb)) WITH ORDINALITY AS x(e, n) ORDER BY n DESC LIMIT 200) s)
      WHERE id = $1`,
    [runId, JSON.stringify({ at: new Date().toISOString(), ...event })],
  );
}

export async function recordFailures(db: Queryable, runId: number, sourceId: string, failures: { identifier: string; reason: string }[]): Promise<void> {
  if (!failures.length) return;
  await db.query(`INSERT INTO harvest_failures (run_id, source_id, identifier, reason) SELECT $1, $2, * FROM unnest($3::text[], $4::text[])`, [
    runId,
    sourceId,
    failures.map((f) => f.identifier),
    failures.map((f) => f.reason.slice(0, 4000)),
  ]);
}

/** Close a run as succeeded or failed. */
export async function finishRun(pool: Pool, runId: number, status: 'succeeded' | 'failed', error?: string): Promise<HarvestRun> {
  const { rows } = await pool.query<RunRow>(`UPDATE harvest_runs SET status = $2, finished = now(), heartbeat = now(), last_error = COALESCE($3, last_error) WHERE id = $1 RETURNING *`, [
    runId,
    status,
    error ?? null,
  ]);
  return toRun(rows[0]);
}

export async function getRun(db: Queryable, runId: number): Promise<HarvestRun | null> {
  const { rows } = await db.query<RunRow>(`SELECT * FROM harvest_runs WHERE id = $1`, [runId]);
  return rows[0] ? toRun(rows[0]) : null;
}

/** A source's runs, newest first. */
export async function listRuns(db: Queryable, sourceId: string, limit = 20, before?: number): Promise<HarvestRun[]> {
  const { rows } = await db.query<RunRow>(`SELECT * FROM harvest_runs WHERE source_id = $1 AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $2`, [
    sourceId,
    limit,
    before ?? null,
  ]);
  return rows.map(toRun);
}

/** The failures recorded by a run. */
export async function listFailures(db: Queryable, runId: number, limit = 100): Promise<{ identifier: string; reason: string; created: string }[]> {
  const { rows } = await db.query<{ identifier: string; reason: string; created: string }>(
    `SELECT identifier, reason, created FROM harvest_failures WHERE run_id = $1 ORDER BY id LIMIT $2`,
    [runId, limit],
  );
  return rows;
}

/** completeListSize as the integer column can hold it, or null. */
function toListSize(n: number | undefined): number | null {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : null;
}
