/**
 * SQL on the `jobs` and `job_schedules` tables (migration 0004) for the in-process runner.
 * Every statement is one round trip on a pool or a transaction's client, so it works on
 * PGlite's single connection as on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import { ValidationFailed } from '../errors.ts';
import type { Queryable } from '../db/pool.ts';
import type { DeadJob, EnqueueOptions } from './types.ts';
import { DEFAULT_ATTEMPTS } from './backoff.ts';

/** A job claimed for one run. `attempts` is the run's number and its fencing token. */
export interface ClaimedJob {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Insert a job unless one with the same id exists (in any state): the jobId dedupe rule. */
export async function enqueueInTx(tx: Queryable, name: string, data: unknown, opts: EnqueueOptions = {}): Promise<string> {
  const id = opts.jobId ?? randomUUID();
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new ValidationFailed(`attempts must be a whole number of at least 1, not ${attempts}.`);
  await tx.query(
    `INSERT INTO jobs (id, name, data, max_attempts, run_at)
     VALUES ($1, $2, $3::jsonb, $4, now() + $5 * interval '1 millisecond')
     ON CONFLICT (id) DO NOTHING`,
    [id, name, JSON.stringify(data ?? null), attempts, Math.max(0, opts.delayMs ?? 0)],
  );
  return id;
}

/**
 * Take the next due job, or a running job whose lease lapsed (its worker died). SKIP LOCKED
 * lets any number of workers claim side by side without waiting on each other.
 */
export async function claimJob(q: Queryable, leaseMs: number): Promise<ClaimedJob | null> {
  const { rows } = await q.query<{ id: string; name: string; data: unknown; attempts: number; max_attempts: number; last_error: string | null }>(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, updated = now(),
            locked_until = now() + $1 * interval '1 millisecond'
     WHERE id = (
       SELECT id FROM jobs
       WHERE (state = 'pending' AND run_at <= now()) OR (state = 'running' AND locked_until < now())
       ORDER BY run_at, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, name, data, attempts, max_attempts, last_error`,
    [leaseMs],
  );
  const r = rows[0];
  return r ? { id: r.id, name: r.name, data: r.data, attempts: r.attempts, maxAttempts: r.max_attempts, lastError: r.last_error } : null;
}

/** Extend a running job's lease; false when the run was taken away (lease lapsed and retaken). */
export async function renewLease(q: Queryable, job: ClaimedJob, leaseMs: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET locked_until = now() + $3 * interval '1 millisecond'
     WHERE id = $1 AND attempts = $2 AND state = 'running'`,
    [job.id, job.attempts, leaseMs],
  );
  return rowCount === 1;
}

export async function markDone(q: Queryable, job: ClaimedJob): Promise<void> {
  await q.query(
    `UPDATE jobs SET state = 'done', locked_until = NULL, last_error = NULL, updated = now()
     WHERE id = $1 AND attempts = $2 AND state = 'running'`,
    [job.id, job.attempts],
  );
}

/** A failed run: back to pending after `retryInMs`, or dead when `dead` (attempts used up). */
export async function markFailed(q: Queryable, job: ClaimedJob, error: string, dead: boolean, retryInMs: number): Promise<void> {
  // A dead job counts at most max_attempts runs: one retaken after its worker died in the
  // last attempt is dead-lettered without running, though claimJob counted the retake.
  await q.query(
    `UPDATE jobs SET state = $3, last_error = $4, locked_until = NULL, updated = now(),
            run_at = now() + $5 * interval '1 millisecond',
            attempts = CASE WHEN $3 = 'dead' THEN least(attempts, max_attempts) ELSE attempts END
     WHERE id = $1 AND attempts = $2 AND state = 'running'`,
    [job.id, job.attempts, dead ? 'dead' : 'pending', error, retryInMs],
  );
}

/** Give a job back untouched (shutdown interrupted it): the interrupted run does not count. */
export async function releaseJob(q: Queryable, job: ClaimedJob): Promise<void> {
  await q.query(
    `UPDATE jobs SET state = 'pending', attempts = attempts - 1, locked_until = NULL, run_at = now(), updated = now()
     WHERE id = $1 AND attempts = $2 AND state = 'running'`,
    [job.id, job.attempts],
  );
}

export async function listDead(q: Queryable, limit = 1000): Promise<DeadJob[]> {
  const { rows } = await q.query<{ id: string; name: string; data: unknown; attempts: number; error: string | null; failed_at: string }>(
    `SELECT id, name, data, attempts, last_error AS error, to_char(updated AT TIME ZONE 'UTC', ${ISO}) AS failed_at
     FROM jobs WHERE state = 'dead' ORDER BY updated DESC, id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, data: r.data, attempts: r.attempts, error: r.error ?? '', failedAt: r.failed_at }));
}

/** A dead job gets a fresh set of attempts; its last error stays visible until it runs. */
export async function retryDeadJob(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET state = 'pending', attempts = 0, run_at = now(), locked_until = NULL, updated = now()
     WHERE id = $1 AND state = 'dead'`,
    [id],
  );
  return rowCount === 1;
}

export async function discardDeadJob(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query(`DELETE FROM jobs WHERE id = $1 AND state = 'dead'`, [id]);
  return rowCount === 1;
}

/** Forget finished jobs older than `keepMs`; their ids stop deduplicating after that. */
export async function pruneDone(q: Queryable, keepMs: number): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM jobs WHERE state = 'done' AND updated < now() - $1 * interval '1 millisecond'`, [keepMs]);
  return rowCount ?? 0;
}

/** The next fire time strictly after `after`. Cron expressions are read in UTC on every runner. */
export function nextCronTime(cron: string, after: Date): Date {
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: 'UTC' }).next().toDate();
  } catch (err) {
    throw new ValidationFailed(`"${cron}" is not a cron expression: ${(err as Error).message}`, [{ pointer: '/cron', message: 'expected 5 or 6 cron fields, e.g. "0 3 * * *"' }]);
  }
}

/**
 * Creates or replaces a schedule. Every process start schedules its jobs again, so an
 * unchanged cron keeps its next fire time: a fire time that passed while no worker ran is
 * then fired once by fireDueSchedules, instead of being pushed past by the restart.
 */
export async function upsertSchedule(q: Queryable, key: string, cron: string, name: string, data: unknown): Promise<void> {
  const next = nextCronTime(cron, new Date());
  await q.query(
    `INSERT INTO job_schedules (key, cron, name, data, next_run_at) VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (key) DO UPDATE SET cron = $2, name = $3, data = $4::jsonb, updated = now(),
       next_run_at = CASE WHEN job_schedules.cron = $2 THEN job_schedules.next_run_at ELSE $5 END`,
    [key, cron, name, JSON.stringify(data ?? null), next.toISOString()],
  );
}

export async function deleteSchedule(q: Queryable, key: string): Promise<void> {
  await q.query(`DELETE FROM job_schedules WHERE key = $1`, [key]);
}

/**
 * Enqueue one job for each due schedule and move it to its next time, in the caller's
 * transaction. Missed fire times while nothing ran collapse into one run, not a burst.
 * The job id names the schedule and the fire time, so a second worker firing the same
 * time is a no-op.
 */
export async function fireDueSchedules(tx: Queryable, limit = 50): Promise<number> {
  const { rows } = await tx.query<{ key: string; cron: string; name: string; data: unknown; next_run_at: string; now_ms: number }>(
    `SELECT key, cron, name, data, to_char(next_run_at AT TIME ZONE 'UTC', ${ISO}) AS next_run_at, (extract(epoch FROM now()) * 1000)::float8 AS now_ms
     FROM job_schedules WHERE next_run_at <= now() ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  for (const s of rows) {
    await enqueueInTx(tx, s.name, s.data, { jobId: `cron-${s.key}-${s.next_run_at}` });
    const next = nextCronTime(s.cron, new Date(Math.max(Date.parse(s.next_run_at), s.now_ms)));
    await tx.query(`UPDATE job_schedules SET next_run_at = $2, updated = now() WHERE key = $1`, [s.key, next.toISOString()]);
  }
  return rows.length;
}
