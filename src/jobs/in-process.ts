/**
 * The durable in-process runner: jobs are rows in the application database (PGlite in the
 * embedded default, or PostgreSQL), claimed by polling, run in this process. A restart
 * loses nothing: pending rows wait, and a job whose worker died is retaken when its lease
 * lapses.
 *
 * PGlite has ONE connection: this runner never holds a client while it also queries the
 * pool. Each step is a single statement on the pool, or one short transaction that uses
 * only its own client.
 */
import { transaction, type Pool, type Queryable } from '../db/pool.ts';
import type { DeadJob, EnqueueOptions, JobHandlers, JobQueue } from './types.ts';
import { computeBackoffMs, type BackoffOptions } from './backoff.ts';
import {
  claimJob,
  deleteSchedule,
  discardDeadJob,
  enqueueInTx,
  fireDueSchedules,
  listDead,
  markDone,
  markFailed,
  pruneDone,
  releaseJob,
  renewLease,
  retryDeadJob,
  upsertSchedule,
  type ClaimedJob,
} from './job-table.ts';

export interface InProcessQueueOptions {
  /** How often an idle runner looks for due jobs, in ms (default 500). */
  pollIntervalMs?: number;
  /** Lease on a running job, renewed while it runs; a dead worker's job is retaken after it (default 60 s). */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** close() waits this long for running jobs before aborting their signal (default 30 s). */
  shutdownGraceMs?: number;
  /** Finished jobs are kept this long so their ids still deduplicate (default 7 days). */
  keepDoneMs?: number;
  /** Where errors of the runner itself (not of jobs) go; default: stderr. */
  onError?: (err: unknown) => void;
}

/** Errors are stored as text; a stack beats a bare message when someone reads the dead-letter list. */
function describeError(err: unknown): string {
  if (err instanceof Error) return (err.stack ?? `${err.name}: ${err.message}`).slice(0, 4000);
  return String(err).slice(0, 4000);
}

/** A JobQueue whose jobs are rows in `pool`'s database (migration 0004). */
export function createInProcessQueue(pool: Pool, opts: InProcessQueueOptions = {}): JobQueue {
  const pollIntervalMs = opts.pollIntervalMs ?? 500;
  const leaseMs = opts.leaseMs ?? 60_000;
  const graceMs = opts.shutdownGraceMs ?? 30_000;
  const keepDoneMs = opts.keepDoneMs ?? 7 * 24 * 3600_000;
  const onError = opts.onError ?? ((err: unknown) => process.stderr.write(`granary jobs: ${describeError(err)}\n`));
  const abort = new AbortController();
  const running = new Set<Promise<void>>();
  let handlers: JobHandlers | null = null;
  let loop: Promise<void> | null = null;
  let closing: Promise<void> | null = null;
  let stopping = false;
  let wakeUp: (() => void) | null = null;

  const wake = () => wakeUp?.();
  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function run(job: ClaimedJob): Promise<void> {
    // Renew at a third of the lease so one slow renewal never lets it lapse.
    const heartbeat = setInterval(() => void renewLease(pool, job, leaseMs).catch(onError), Math.max(10, Math.floor(leaseMs / 3)));
    try {
      const handler = handlers?.[job.name];
      if (!handler) throw new Error(`No handler for job "${job.name}" in this process.`);
      await handler(job.data, { id: job.id, attempt: job.attempts, signal: abort.signal });
      await markDone(pool, job);
    } catch (err) {
      if (abort.signal.aborted) {
        await releaseJob(pool, job);
      } else {
        const dead = job.attempts >= job.maxAttempts;
        await markFailed(pool, job, describeError(err), dead, dead ? 0 : computeBackoffMs(job.attempts, opts.backoff));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function poll(concurrency: number): Promise<void> {
    let nextHousekeeping = 0;
    while (!stopping) {
      try {
        if (Date.now() >= nextHousekeeping) {
          nextHousekeeping = Date.now() + 60_000;
          await pruneDone(pool, keepDoneMs);
        }
        await transaction(pool, (tx) => fireDueSchedules(tx));
        while (!stopping && running.size < concurrency) {
          const job = await claimJob(pool, leaseMs);
          if (!job) break;
          if (job.attempts > job.maxAttempts) {
            // Retaken after its worker died during the last allowed attempt.
            await markFailed(pool, job, `${job.lastError ?? ''}\nThe worker running attempt ${job.maxAttempts} stopped before finishing (lease expired).`.trim(), true, 0);
            continue;
          }
          const p: Promise<void> = run(job)
            .catch(onError)
            .finally(() => {
              running.delete(p);
              wake();
            });
          running.add(p);
        }
      } catch (err) {
        onError(err);
      }
      if (!stopping) await idle(pollIntervalMs);
    }
  }

  return {
    kind: 'in-process',
    async enqueue(name: string, data: unknown, o?: EnqueueOptions) {
      const id = await enqueueInTx(pool, name, data, o);
      if (!o?.delayMs) wake();
      return id;
    },
    async enqueueInTransaction(tx: Queryable, name: string, data: unknown, o?: EnqueueOptions) {
      const id = await enqueueInTx(tx, name, data, o);
      // The row is visible only after the caller commits; waking now just shortens the wait.
      setTimeout(wake, 0);
      return id;
    },
    async schedule(key, cron, name, data) {
      await upsertSchedule(pool, key, cron, name, data);
    },
    async unschedule(key) {
      await deleteSchedule(pool, key);
    },
    async work(h, o) {
      if (loop) throw new Error('This queue is already working; call work() once.');
      if (closing) throw new Error('This queue is closed.');
      handlers = h;
      loop = poll(Math.max(1, o?.concurrency ?? 1));
    },
    deadLetters: (): Promise<DeadJob[]> => listDead(pool),
    async retryDead(id) {
      const ok = await retryDeadJob(pool, id);
      if (ok) wake();
      return ok;
    },
    discardDead: (id) => discardDeadJob(pool, id),
    close() {
      closing ??= (async () => {
        stopping = true;
        wake();
        await loop;
        const timer = setTimeout(() => abort.abort(new Error('The job runner is shutting down.')), graceMs);
        try {
          await Promise.allSettled([...running]);
        } finally {
          clearTimeout(timer);
        }
      })();
      return closing;
    },
  };
}
