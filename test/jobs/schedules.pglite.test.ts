/**
 * Cron schedules across restarts, in-process runner (PGlite; the SQL is the same on
 * PostgreSQL). Every process start schedules its jobs again (startJobRuntime): an unchanged
 * cron must keep its next fire time, so a fire time that passed while no worker ran is
 * fired once, not pushed past by the restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/pool.ts';
import { createInProcessQueue } from '../../src/jobs/in-process.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import { openTestDatabase } from '../support/db.ts';
import { waitFor } from './contract.ts';
import { FAST } from './in-process-harness.ts';

const YEARLY = '0 0 1 1 *';

describe('cron schedules across a restart (in-process)', () => {
  let db: Database;
  let q: JobQueue | null = null;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
  });
  afterEach(async () => {
    await q?.close();
    q = null;
    await db.close();
  });

  const nextRunAt = async () => (await db.pool.query<{ due: boolean }>(`SELECT next_run_at <= now() AS due FROM job_schedules WHERE key = 'yearly'`)).rows[0].due;

  it('fires a fire time that passed while no worker ran once, when the same cron is scheduled again at start', async () => {
    q = createInProcessQueue(db.pool, FAST);
    await q.schedule('yearly', YEARLY, 'tick', { v: 1 });
    // The process was down when the fire time came.
    await db.pool.query(`UPDATE job_schedules SET next_run_at = now() - interval '1 hour' WHERE key = 'yearly'`);
    await q.close();
    q = createInProcessQueue(db.pool, FAST);
    await q.schedule('yearly', YEARLY, 'tick', { v: 2 }); // what startJobRuntime does at start
    expect(await nextRunAt()).toBe(true);
    const ticks: unknown[] = [];
    await q.work({ tick: async (d) => void ticks.push(d) });
    await waitFor(() => ticks.length === 1, 'the missed fire');
    await waitFor(async () => !(await nextRunAt()), 'the next fire time moved to next year');
    expect(ticks).toEqual([{ v: 2 }]);
  });

  it('starts a changed cron from now', async () => {
    q = createInProcessQueue(db.pool, FAST);
    await q.schedule('yearly', YEARLY, 'tick', {});
    await db.pool.query(`UPDATE job_schedules SET next_run_at = now() - interval '1 hour' WHERE key = 'yearly'`);
    await q.schedule('yearly', '0 0 1 7 *', 'tick', {});
    expect(await nextRunAt()).toBe(false);
  });
});
