/**
 * Crash: a worker relaying a large outbox is SIGKILLed mid-way, then restarted. Nothing is
 * lost (every event dispatched, every job's effect present) and nothing is duplicated in
 * effect (one effect row per event and job).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerDatabase, type Database } from '../../src/db/pool.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createServerDatabase } from '../support/db.ts';
import { redisUrl } from '../jobs/services.ts';
import { deleteRedisKeys } from '../jobs/bullmq-harness.ts';
import { waitFor } from '../jobs/contract.ts';

const CHILD = fileURLToPath(new URL('./relay-child.ts', import.meta.url));
const EVENTS = 2000;

function startChild(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d) => process.stderr.write(`[relay-child ${child.pid}] ${d}`));
  return child;
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
const count = async (db: Database, sql: string) => (await db.pool.query<{ n: number }>(sql)).rows[0].n;

for (const kind of ['in-process', 'bullmq'] as const) {
  describe(`outbox relay crash (${kind})`, () => {
    let db: Database | null = null;
    const children: ChildProcess[] = [];
    afterEach(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await db?.close();
    });

    it('loses and duplicates nothing when the worker is SIGKILLed mid-relay', async () => {
      const url = await createServerDatabase();
      db = await openServerDatabase(url);
      await migrate(db.pool);
      await db.pool.query(`CREATE TABLE effects (event_id bigint, job text, PRIMARY KEY (event_id, job))`);
      await db.pool.query(`CREATE TABLE effect_runs (event_id bigint, job text, attempt int, pid int)`);
      // Two thirds created (two jobs each), one third updated (one job each).
      await db.pool.query(
        `INSERT INTO outbox (type, record_id, revision) SELECT CASE WHEN g % 3 = 0 THEN 'record.updated' ELSE 'record.created' END, 'r' || g, 1 FROM generate_series(1, $1) g`,
        [EVENTS],
      );
      const expectedEffects = await count(db, `SELECT (count(*) + count(*) FILTER (WHERE type = 'record.created'))::int AS n FROM outbox`);
      const prefix = `test-${randomUUID()}`;
      const args = kind === 'bullmq' ? [url, kind, redisUrl(), prefix] : [url, kind];

      const first = startChild(args);
      children.push(first);
      await waitFor(async () => (await count(db!, `SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NOT NULL`)) >= 300, 'the relay to get going', 60_000);
      first.kill('SIGKILL');
      await exited(first);
      const dispatchedAtKill = await count(db, `SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NOT NULL`);
      // The kill must land mid-relay, or this test proves nothing.
      expect(dispatchedAtKill).toBeLessThan(EVENTS);

      const second = startChild(args);
      children.push(second);
      await waitFor(
        async () =>
          (await count(db!, `SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`)) === 0 &&
          (await count(db!, `SELECT count(*)::int AS n FROM effects`)) === expectedEffects,
        'every event dispatched and every effect recorded',
        240_000,
      );
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);

      // Exactly one effect per (event, job), for exactly the routed pairs.
      const wrong = await count(
        db,
        `SELECT count(*)::int AS n FROM outbox o
         FULL JOIN (SELECT event_id, count(*) FILTER (WHERE job = 'index') AS i, count(*) FILTER (WHERE job = 'notify') AS t FROM effects GROUP BY event_id) e ON e.event_id = o.id
         WHERE o.id IS NULL OR e.event_id IS NULL OR e.i <> 1 OR e.t <> (CASE WHEN o.type = 'record.created' THEN 1 ELSE 0 END)`,
      );
      expect(wrong).toBe(0);
      if (kind === 'in-process') {
        // The enqueue and the mark are one transaction: exactly one job per (event, job), all done.
        expect(await count(db, `SELECT count(*)::int AS n FROM jobs WHERE id LIKE 'outbox-%'`)).toBe(expectedEffects);
        expect(await count(db, `SELECT count(*)::int AS n FROM jobs WHERE state <> 'done'`)).toBe(0);
      } else {
        await deleteRedisKeys(redisUrl(), prefix);
      }
    }, 300_000);
  });
}
