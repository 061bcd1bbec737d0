/**
 * The BullMQ runner: one BullMQ queue carries every job name; the handler is picked by
 * `job.name`. Retries use our own backoff (full jitter, capped) through a custom backoff
 * strategy, so both runners space retries the same way. "Dead" is BullMQ's `failed`
 * state: a job only lands there after its last attempt (or an unrecoverable error).
 */
import { createPostgresBackend, DelayedError, Queue, Worker, withBackend, type ConnectionOptions, type Job } from 'bullmq';
import type { DeadJob, EnqueueOptions, JobHandlers, JobQueue } from './types.ts';
import { computeBackoffMs, DEFAULT_ATTEMPTS, type BackoffOptions } from './backoff.ts';
import { nextCronTime } from './job-table.ts';

export interface BullMqQueueOptions {
  /** A redis:// URL or BullMQ connection options; with backend "postgres", a postgres:// URL. */
  connection: string | ConnectionOptions;
  /**
   * "redis" (default), or BullMQ's PostgreSQL backend. The latter is kept for evaluation and
   * tests only: createJobQueue never picks it (see select.ts for why).
   */
  backend?: 'redis' | 'postgres';
  /** Redis key prefix (default "granary"). */
  prefix?: string;
  /** BullMQ queue name (default "jobs"); must not contain ":". */
  queueName?: string;
  backoff?: BackoffOptions;
  /** close() waits this long for running jobs before aborting their signal (default 30 s). */
  shutdownGraceMs?: number;
  /** How long close() waits for BullMQ beyond the grace period before giving up on it (default 5,000 ms; see CLOSE_MARGIN_MS). */
  closeMarginMs?: number;
  /** Finished jobs are kept this long so their ids still deduplicate (default 7 days). */
  keepDoneMs?: number;
}

const BACKOFF_TYPE = 'granary-full-jitter';

/** Errors are stored as text; keep the stack so the dead-letter list says where it failed. */
function describeFailure(job: Job): string {
  const stack = job.stacktrace?.[job.stacktrace.length - 1];
  return stack ?? job.failedReason ?? '';
}

/**
 * How long close() waits beyond the grace period. BullMQ's close() and disconnect() talk to
 * Redis, and with Redis unreachable they never return (ioredis retries forever, and BullMQ
 * waits for a connection that never gets ready). close() then gives up on them and returns,
 * so a shutdown ends; their connections may linger until the process exits (the CLI exits
 * once shut down). Nothing is lost by that: a job still marked active is taken back by
 * BullMQ's stalled check when a worker runs again.
 */
const CLOSE_MARGIN_MS = 5_000;

/** Waits for `close` at most `ms`; then starts `disconnect` without waiting for it. */
async function closeWithin(close: () => Promise<void> | undefined, disconnect: () => Promise<void> | undefined, ms: number): Promise<void> {
  const closing = close();
  if (!closing) return;
  closing.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([closing.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms)))]);
  clearTimeout(timer);
  if (timedOut) disconnect()?.catch(() => undefined);
}

/** A JobQueue on BullMQ (Redis). */
export function createBullMqQueue(opts: BullMqQueueOptions): JobQueue {
  const postgres = opts.backend === 'postgres';
  const connection: ConnectionOptions =
    typeof opts.connection !== 'string'
      ? opts.connection
      : postgres
        ? // BullMQ keeps its own schema ("bullmq") and migration ledger beside ours.
          { connectionString: opts.connection, migrate: true }
        : { url: opts.connection, maxRetriesPerRequest: null };
  // The PostgreSQL classes differ from the Redis ones only in their connection type.
  const { Queue: QueueClass, Worker: WorkerClass } = (postgres ? withBackend(createPostgresBackend) : { Queue, Worker }) as unknown as {
    Queue: typeof Queue;
    Worker: typeof Worker;
  };
  const prefix = opts.prefix ?? 'granary';
  const queueName = opts.queueName ?? 'jobs';
  const graceMs = opts.shutdownGraceMs ?? 30_000;
  const closeMarginMs = opts.closeMarginMs ?? CLOSE_MARGIN_MS;
  const keepDoneSeconds = Math.ceil((opts.keepDoneMs ?? 7 * 24 * 3600_000) / 1000);
  const queue = new QueueClass(queueName, { connection, prefix });
  // An unhandled 'error' event would crash the process; connection errors are retried by ioredis.
  queue.on('error', () => undefined);
  const abort = new AbortController();
  let worker: Worker | null = null;
  let closing: Promise<void> | null = null;

  const jobOptions = (attempts = DEFAULT_ATTEMPTS) => ({
    attempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { age: keepDoneSeconds },
    // Failed (dead) jobs stay until an operator retries or discards them.
    removeOnFail: false,
  });

  async function failedJob(id: string): Promise<Job | null> {
    const job = await queue.getJob(id);
    if (!job) return null;
    return (await job.getState()) === 'failed' ? job : null;
  }

  return {
    kind: 'bullmq',
    async enqueue(name: string, data: unknown, o: EnqueueOptions = {}) {
      const job = await queue.add(name, data, { ...jobOptions(o.attempts), jobId: o.jobId, delay: o.delayMs });
      return job.id ?? o.jobId ?? '';
    },
    async schedule(key, cron, name, data) {
      nextCronTime(cron, new Date()); // the same validation and error as the in-process runner
      // Every process start schedules again (startJobRuntime). An unchanged scheduler is left
      // as it is, so its next job, due while no worker ran, still runs; upserting it again
      // would move the next fire past now and drop that run (as job-table.ts upsertSchedule).
      const existing = await queue.getJobScheduler(key);
      if (existing?.pattern === cron && existing.name === name && JSON.stringify(existing.template?.data ?? {}) === JSON.stringify(data ?? {})) return; // BullMQ keeps no empty data
      await queue.upsertJobScheduler(key, { pattern: cron, tz: 'UTC' }, { name, data, opts: jobOptions() });
    },
    async unschedule(key) {
      await queue.removeJobScheduler(key);
    },
    async work(handlers: JobHandlers, o) {
      if (worker) throw new Error('This queue is already working; call work() once.');
      if (closing) throw new Error('This queue is closed.');
      worker = new WorkerClass(
        queueName,
        async (job: Job, token?: string) => {
          const handler = handlers[job.name];
          if (!handler) throw new Error(`No handler for job "${job.name}" in this process.`);
          try {
            await handler(job.data, { id: job.id ?? '', attempt: job.attemptsMade + 1, signal: abort.signal });
          } catch (err) {
            // BullMQ reads `message` and `name` of what a processor throws; a thrown string,
            // undefined or null made its failure handling throw in turn, which left the job
            // active with no attempt counted until the stalled check took it back.
            if (!abort.signal.aborted) throw err instanceof Error ? err : new Error(String(err));
            // Interrupted by shutdown: put it back without spending an attempt.
            await job.moveToDelayed(Date.now(), token);
            throw new DelayedError();
          }
        },
        {
          connection,
          prefix,
          concurrency: Math.max(1, o?.concurrency ?? 1),
          settings: { backoffStrategy: (attemptsMade: number) => computeBackoffMs(attemptsMade, opts.backoff) },
        },
      );
      worker.on('error', () => undefined);
    },
    async deadLetters(): Promise<DeadJob[]> {
      const jobs = await queue.getFailed(0, 999);
      return jobs.map((j) => ({
        id: j.id ?? '',
        name: j.name,
        data: j.data,
        attempts: j.attemptsMade,
        error: describeFailure(j),
        failedAt: new Date(j.finishedOn ?? j.timestamp).toISOString(),
      }));
    },
    async retryDead(id) {
      const job = await failedJob(id);
      if (!job) return false;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    },
    async discardDead(id) {
      const job = await failedJob(id);
      if (!job) return false;
      await job.remove();
      return true;
    },
    close() {
      closing ??= (async () => {
        const timer = setTimeout(() => abort.abort(new Error('The job runner is shutting down.')), graceMs);
        try {
          await closeWithin(() => worker?.close(), () => worker?.disconnect(), graceMs + closeMarginMs);
        } finally {
          clearTimeout(timer);
          await closeWithin(() => queue.close(), () => queue.disconnect(), closeMarginMs);
        }
      })();
      return closing;
    },
  };
}
