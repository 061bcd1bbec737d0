import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxRelay, jobsForEventType, outboxJobId, type OutboxEvent } from '../../src/events/relay.ts';
import { createInProcessQueue } from '../../src/jobs/in-process.ts';
import { createBullMqQueue } from '../../src/jobs/bullmq.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import type { Database } from '../../src/db/pool.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/db.ts';
import { redisUrl } from '../jobs/services.ts';
import { deleteRedisKeys } from '../jobs/bullmq-harness.ts';
import { waitFor } from '../jobs/contract.ts';

describe('outbox routes', () => {
  const routes = { 'set.changed': ['oai.recomputeSet'], 'record.*': ['index', 'webhooks'], 'record.deleted': ['index', 'iiif.log'], '*': ['audit'] };
  it('match exact types, prefix patterns and *, without repeats', () => {
    expect(jobsForEventType(routes, 'set.changed')).toEqual(['oai.recomputeSet', 'audit']);
    expect(jobsForEventType(routes, 'record.deleted')).toEqual(['index', 'webhooks', 'iiif.log', 'audit']);
    expect(jobsForEventType(routes, 'recordx.created')).toEqual(['audit']);
    expect(jobsForEventType({ 'record.*': ['a'] }, 'other')).toEqual([]);
  });
  it('give each (event, job) one stable job id that BullMQ accepts', () => {
    expect(outboxJobId(42, 'oai.recomputeSet')).toBe('outbox-42-oai.recomputeSet');
    expect(outboxJobId(42, 'a:b')).not.toContain(':');
  });
});

const queueKinds = [...DATABASE_KINDS.map((k) => ['in-process', k] as const), ['bullmq', 'postgres'] as const];

for (const [queueKind, dbKind] of queueKinds) {
  describe(`outbox relay: ${queueKind} queue, ${dbKind} database`, () => {
    let db: Database | null = null;
    let queue: JobQueue | null = null;
    const prefix = `test-${randomUUID()}`;
    afterEach(async () => {
      await queue?.close();
      await db?.close();
      if (queueKind === 'bullmq') {
        await deleteRedisKeys(redisUrl(), prefix);
      }
    });

    it('turns each event into its routed jobs once, marks it dispatched, and never enqueues it twice', async () => {
      db = await openTestDatabase(dbKind);
      queue =
        queueKind === 'bullmq'
          ? createBullMqQueue({ connection: redisUrl(), prefix })
          : createInProcessQueue(db.pool, { pollIntervalMs: 50 });
      await db.pool.query(
        `INSERT INTO outbox (type, record_id, revision, payload) VALUES
         ('record.created', 'r1', 1, '{}'), ('set.changed', NULL, NULL, '{"setSpec":"physics"}'),
         ('record.deleted', 'r1', 2, '{}'), ('harvest.finished', NULL, NULL, '{}')`,
      );
      const runs: string[] = [];
      const seen: OutboxEvent[] = [];
      await queue.work({
        'oai.recomputeSet': async (e: OutboxEvent, ctx) => void (runs.push(ctx.id), seen.push(e)),
        index: async (_e: OutboxEvent, ctx) => void runs.push(ctx.id),
      });
      const relay = createOutboxRelay({ pool: db.pool, queue, routes: { 'set.changed': ['oai.recomputeSet'], 'record.*': ['index'] }, batchSize: 2 });
      expect(await relay.drain()).toBe(4);
      expect((await db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`)).rows[0].n).toBe(0);
      await waitFor(() => runs.length === 3, 'three jobs');

      // A relay that died after enqueueing but before marking would see the rows again.
      await db.pool.query(`UPDATE outbox SET dispatched_at = NULL`);
      expect(await relay.drain()).toBe(4);
      await queue.enqueue('index', {}, { jobId: 'sentinel' });
      await waitFor(() => runs.includes('sentinel'), 'the sentinel');
      const ids = (await db.pool.query<{ id: number; type: string }>(`SELECT id, type FROM outbox ORDER BY id`)).rows;
      expect(runs.sort()).toEqual([outboxJobId(ids[0].id, 'index'), outboxJobId(ids[1].id, 'oai.recomputeSet'), outboxJobId(ids[2].id, 'index'), 'sentinel'].sort());
      expect(seen[0]).toMatchObject({ id: ids[1].id, type: 'set.changed', recordId: null, payload: { setSpec: 'physics' } });
      expect(Number.isNaN(Date.parse(seen[0].created))).toBe(false);
    });

    it('runs on its own after start() and dispatches at once on kick()', async () => {
      db = await openTestDatabase(dbKind);
      queue = queueKind === 'bullmq' ? createBullMqQueue({ connection: redisUrl(), prefix }) : createInProcessQueue(db.pool, { pollIntervalMs: 50 });
      const got: number[] = [];
      await queue.work({ index: async (e: OutboxEvent) => void got.push(e.id) });
      // A long interval: only the first pass and the kick can dispatch within the test.
      const relay = createOutboxRelay({ pool: db.pool, queue, routes: { 'record.*': ['index'] }, intervalMs: 3_600_000 });
      relay.start();
      // Let the first pass (a 0 ms timer, so before this 10 ms one) run and finish.
      await new Promise((r) => setTimeout(r, 10));
      await relay.drain();
      await db.pool.query(`INSERT INTO outbox (type, record_id) VALUES ('record.created', 'a')`);
      relay.kick();
      await waitFor(() => got.length === 1, 'the kicked event');
      await relay.stop();
    });
  });
}
