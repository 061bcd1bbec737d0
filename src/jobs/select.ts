/**
 * Picks the job runner from the configuration, once, at startup.
 *
 * REDIS_URL set → BullMQ on Redis. Otherwise → the in-process runner on the application
 * database, on PGlite (embedded default) and on PostgreSQL (DATABASE_URL) alike.
 *
 * Why not BullMQ's PostgreSQL backend for DATABASE_URL without REDIS_URL? It works: it
 * passes our whole contract suite (test/jobs/bullmq-postgres.pg.test.ts). We still prefer
 * the in-process runner there, because
 * - the outbox relay can enqueue in the transaction that marks the event dispatched
 *   (enqueueInTransaction), so an event and its jobs can never disagree; BullMQ's backend
 *   writes through its own pool, leaving jobId dedupe as the only guard;
 * - it is the same code and SQL as the embedded default, tested on PGlite and PostgreSQL,
 *   where BullMQ's backend (PL/pgSQL functions, a LISTEN connection beside its pool, its
 *   own "bullmq" schema and migration ledger) cannot serve PGlite's single connection;
 * - jobs live in our own migrated tables, next to the data they concern: one backup, one
 *   schema to operate, plain SQL to inspect.
 * The price is polling (pollIntervalMs, 500 ms by default) instead of LISTEN/NOTIFY; the
 * runner's local wake-up covers jobs enqueued in its own process. Nothing kicks the outbox
 * relay after a write yet (relay.kick() exists), so an event waits up to the relay's 1 s
 * interval before its jobs are enqueued. Scale-out
 * needs no Redis either: any number of `granary worker` processes share the table through
 * FOR UPDATE SKIP LOCKED, and leases retake the jobs of a worker that died.
 */
import { redactUrl, ServiceUnreachable, type Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { JobQueue } from './types.ts';
import { createBullMqQueue } from './bullmq.ts';
import { createInProcessQueue, type InProcessQueueOptions } from './in-process.ts';

/** Build the configured JobQueue: BullMQ when REDIS_URL is set, else the in-process runner on `pool`. */
export function createJobQueue(config: Pick<Config, 'redisUrl'>, pool: Pool, opts: InProcessQueueOptions = {}): JobQueue {
  if (config.redisUrl) {
    return createBullMqQueue({ connection: config.redisUrl, backoff: opts.backoff, shutdownGraceMs: opts.shutdownGraceMs, keepDoneMs: opts.keepDoneMs });
  }
  return createInProcessQueue(pool, opts);
}

/**
 * Fail fast when REDIS_URL does not answer: BullMQ (ioredis) retries a connection forever,
 * right for a long-running worker, but a one-shot command would hang without a word.
 */
export async function assertRedisReachable(config: Pick<Config, 'redisUrl'>, timeoutMs = 3000): Promise<void> {
  if (!config.redisUrl) return;
  const { Redis } = await import('ioredis');
  const client = new Redis(config.redisUrl, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => undefined); // the failure is reported below
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new ServiceUnreachable('REDIS_URL', redactUrl(config.redisUrl), (err as Error).message || 'no answer');
  } finally {
    client.disconnect();
  }
}
