/**
 * The in-process runner across restarts (PGlite; the SQL is the same on PostgreSQL).
 * - Every process start schedules its jobs again (startJobRuntime): an unchanged cron must
 *   keep its next fire time, so a fire time that passed while no worker ran is fired once,
 *   not pushed past by the restart.
 * - A job whose worker died during its last attempt is dead-lettered with the attempts it
 *   ran, not one more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/pool.ts';
import { createInProcessQueue } from '../../src/jobs/in-process.ts';
import { claimJob, enqueueInTx } from '../../src/jobs/job-table.ts';
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

  const isDue = async () => (await db.pool.query<{ due: boolean }>(`SELECT next_run_at <= now() AS due FROM job_schedules WHERE key = 'yearly'`)).rows[0].due;

  it('fires a fire time that passed while no worker ran once, when the same cron is scheduled again at start', async () => {
    q = createInProcessQueue(db.pool, FAST);
    await q.schedule('yearly', YEARLY, 'tick', { v: 1 });
    // The process was down when the fire time came.
    await db.pool.query(`UPDATE job_schedules SET next_run_at = now() - interval '1 hour' WHERE key = 'yearly'`);
    await q.close();
    q = createInProcessQueue(db.pool, FAST);
    await q.schedule('yearly', YEARLY, 'tick', { v: 2 }); // what startJobRuntime does at start
    expect(await isDue()).toBe(true);
    const ticks: unknown[] = [];
    await q.work({ tick: async (d) => void ticks.push(d) });
    await waitFor(() => ticks.length === 1, 'the missed fire');
    await waitFor(async () => !(await isDue()), 'the next fire time moved to next year');
    expect(ticks).toEqual([{ v: 2 }]);
  });

  it('dead-letters a job whose worker died in its last attempt with that many attempts', async () => {
    await enqueueInTx(db.pool, 'slow', {}, { jobId: 'orphan', attempts: 1 });
    // A worker claims it with a 1 ms lease and dies: nothing renews or finishes the run.
    expect(await claimJob(db.pool, 1)).toMatchObject({ id: 'orphan', attempts: 1 });
    await new Promise((r) => setTimeout(r, 20));
    q = createInProcessQueue(db.pool, FAST);
    let ran = false;
    await q.work({ slow: async () => void (ran = true) });
    const dead = await waitFor(async () => {
      const list = await q!.deadLetters();
      return list.length ? list : null;
    }, 'the dead job');
    expect(dead).toMatchObject([{ id: 'orphan', attempts: 1, error: expect.stringContaining('stopped before finishing') }]);
    expect(ran).toBe(false);
  });

  it('starts a changed cron from now', async () => {
    q = createInProcessQueue(db.pool, FAST);
    await q.schedule('yearly', YEARLY, 'tick', {});
    await db.pool.query(`UPDATE job_schedules SET next_run_at = now() - interval '1 hour' WHERE key = 'yearly'`);
    await q.schedule('yearly', '0 0 1 7 *', 'tick', {});
    expect(await isDue()).toBe(false);
  });
});
