/**
 * BullMQ while Redis is unreachable: the outbox relay must not hold its transaction (and the
 * events' row locks) for the whole outage, and shutting down must end. Its own redis-server,
 * stopped mid-test; the outbox on PGlite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/pool.ts';
import { createOutboxRelay } from '../../src/events/relay.ts';
import { createBullMqQueue } from '../../src/jobs/bullmq.ts';
import { openTestDatabase } from '../support/db.ts';
import { startRedis, type Service } from '../setup/services.ts';

describe('BullMQ with Redis gone', () => {
  let db: Database | null = null;
  let redis: Service | null = null;
  afterAll(async () => {
    await redis?.stop().catch(() => undefined);
    await db?.close();
  });

  it('rolls the relay batch back after the enqueue timeout, keeps the event, and closes the queue', async () => {
    db = await openTestDatabase('pglite');
    redis = await startRedis();
    const queue = createBullMqQueue({ connection: redis.url, prefix: `test-${randomUUID()}`, shutdownGraceMs: 100, closeMarginMs: 500 });
    await queue.work({ idx: async () => undefined });
    const errors: unknown[] = [];
    const relay = createOutboxRelay({ pool: db.pool, queue, routes: { 'record.*': ['idx'] }, enqueueTimeoutMs: 300, onError: (e) => errors.push(e) });
    await redis.stop();
    await new Promise((r) => setTimeout(r, 300)); // ioredis notices the closed socket
    await db.pool.query(`INSERT INTO outbox (type, record_id) VALUES ('record.created', 'r1')`);
    await expect(relay.drain()).rejects.toThrow(/took over 300 ms/);
    // Rolled back: the event is still there to dispatch, and no transaction is left open.
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`)).rows[0].n).toBe(1);
    await relay.stop();
    await queue.close(); // returns, instead of waiting for Redis forever
  });
});
