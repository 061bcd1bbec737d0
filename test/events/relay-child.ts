/**
 * A worker process for the crash test: relays the outbox into jobs and runs them until it
 * is killed (SIGKILL mid-relay) or asked to stop (SIGTERM: graceful). Every job records
 * its effect under a unique key, and every run in effect_runs.
 *
 * Usage: node --import tsx relay-child.ts <databaseUrl> in-process|bullmq [redisUrl prefix]
 */
import { openServerDatabase } from '../../src/db/pool.ts';
import { createInProcessQueue } from '../../src/jobs/in-process.ts';
import { createBullMqQueue } from '../../src/jobs/bullmq.ts';
import { createOutboxRelay, type OutboxEvent } from '../../src/events/relay.ts';
import type { JobContext } from '../../src/jobs/types.ts';

const [databaseUrl, kind, redisUrl, prefix] = process.argv.slice(2);
const db = await openServerDatabase(databaseUrl);
const queue =
  kind === 'bullmq'
    ? createBullMqQueue({ connection: redisUrl, prefix, backoff: { baseMs: 20, capMs: 200 } })
    : createInProcessQueue(db.pool, { pollIntervalMs: 20, leaseMs: 1500, backoff: { baseMs: 20, capMs: 200 } });

const effect = (job: string) => async (event: OutboxEvent, ctx: JobContext) => {
  await db.pool.query(`INSERT INTO effect_runs (event_id, job, attempt, pid) VALUES ($1, $2, $3, $4)`, [event.id, job, ctx.attempt, process.pid]);
  await db.pool.query(`INSERT INTO effects (event_id, job) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [event.id, job]);
};
await queue.work({ 'test.index': effect('index'), 'test.notify': effect('notify') }, { concurrency: 4 });
const relay = createOutboxRelay({ pool: db.pool, queue, routes: { 'record.*': ['test.index'], 'record.created': ['test.notify'] }, batchSize: 10, intervalMs: 50 });
relay.start();
process.stdout.write('ready\n');

process.once('SIGTERM', async () => {
  await relay.stop();
  await queue.close();
  await db.close();
  process.exit(0);
});
