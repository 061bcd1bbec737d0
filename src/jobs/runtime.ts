/**
 * Running jobs in a process: the queue's workers plus the outbox relay plus the cron
 * schedules, started together and stopped together. `granary worker` uses it, and so does
 * the API server in the embedded default (where it is the only process on the database).
 */
import type { Pool } from '../db/pool.ts';
import { createOutboxRelay, type OutboxRelay, type OutboxRoutes } from '../events/relay.ts';
import type { JobHandlers, JobQueue } from './types.ts';

/** A cron schedule the app wants in place while jobs run. */
export interface JobSchedule {
  key: string;
  cron: string;
  name: string;
  data?: unknown;
}

export interface JobRuntimeOptions {
  pool: Pool;
  queue: JobQueue;
  handlers: JobHandlers;
  /** Outbox event type → job names (see OutboxRoutes). */
  routes: OutboxRoutes;
  schedules?: JobSchedule[];
  concurrency?: number;
  /** Outbox poll interval in ms (default 1,000). Nothing kicks the relay after writes yet: this interval bounds the wait. */
  relayIntervalMs?: number;
}

export interface JobRuntime {
  relay: OutboxRelay;
  /** Graceful: stop relaying, let running jobs finish (see the queue's grace period), close the queue. */
  stop(): Promise<void>;
}

/** Start processing `handlers` and relaying the outbox into `queue`. */
export async function startJobRuntime(opts: JobRuntimeOptions): Promise<JobRuntime> {
  for (const s of opts.schedules ?? []) await opts.queue.schedule(s.key, s.cron, s.name, s.data ?? {});
  await opts.queue.work(opts.handlers, { concurrency: opts.concurrency });
  const relay = createOutboxRelay({ pool: opts.pool, queue: opts.queue, routes: opts.routes, intervalMs: opts.relayIntervalMs });
  relay.start();
  let stopping: Promise<void> | null = null;
  return {
    relay,
    stop() {
      stopping ??= (async () => {
        await relay.stop();
        await opts.queue.close();
      })();
      return stopping;
    },
  };
}
