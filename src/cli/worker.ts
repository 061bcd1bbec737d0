/**
 * `granary worker`: a process that only runs background jobs and relays the outbox, for
 * the server setup (DATABASE_URL, with or without REDIS_URL). Run as many as you like: they
 * share work through FOR UPDATE SKIP LOCKED (in-process runner) or BullMQ.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Database } from '../db/pool.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import type { OutboxRoutes } from '../events/relay.ts';
import { assertRedisReachable, createJobQueue } from '../jobs/select.ts';
import { startJobRuntime, type JobSchedule } from '../jobs/runtime.ts';
import type { JobHandlers } from '../jobs/types.ts';

/** What the app assembly gives a worker: its handlers, outbox routes and schedules. */
export interface WorkerSetup {
  handlers: JobHandlers;
  routes: OutboxRoutes;
  schedules?: JobSchedule[];
  /** Release what the setup opened (not the database: the worker closes that). */
  close?(): Promise<void>;
}

/** Builds the WorkerSetup on the opened, migrated database (the lead wires createGranary + createJobHandlers here). */
export type WorkerSetupFactory = (db: Database) => Promise<WorkerSetup>;

export const EMBEDDED_WORKER_MESSAGE =
  'granary worker needs DATABASE_URL (a PostgreSQL server). In the embedded default, "granary serve" runs the jobs itself, ' +
  'and a second process cannot open the data directory while it runs.';

/** `granary worker [--concurrency N]`; returns the exit code once SIGTERM/SIGINT has shut it down gracefully. */
export async function runWorkerCommand(config: Config, args: string[], setup: WorkerSetupFactory): Promise<number> {
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string', default: '4' } } });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    process.stderr.write(`granary worker: --concurrency must be a whole number from 1 to 1000, not "${values.concurrency}"\n`);
    return 2;
  }
  if (!config.databaseUrl) {
    process.stderr.write(`granary worker: ${EMBEDDED_WORKER_MESSAGE}\n`);
    return 2;
  }
  // A Redis that does not answer at start is a wrong REDIS_URL far more often than an
  // outage: say so and stop. Once running, BullMQ rides out later outages by reconnecting.
  await assertRedisReachable(config);
  const db = await openDatabase(config, 'worker');
  let app: WorkerSetup | null = null;
  try {
    await migrate(db.pool);
    app = await setup(db);
    const queue = createJobQueue(config, db.pool);
    const runtime = await startJobRuntime({ pool: db.pool, queue, handlers: app.handlers, routes: app.routes, schedules: app.schedules, concurrency });
    process.stderr.write(`granary worker: running ${Object.keys(app.handlers).length} job kinds on ${queue.kind === 'bullmq' ? 'BullMQ (Redis)' : 'the database'}, concurrency ${concurrency}.\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stderr.write('granary worker: shutting down, letting running jobs finish...\n');
    await runtime.stop();
    return 0;
  } finally {
    await app?.close?.();
    await db.close();
  }
}
