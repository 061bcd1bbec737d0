/**
 * Cron schedules across restarts on BullMQ, the counterpart of in-process-restart.pglite.test.ts:
 * every process start schedules again, and an unchanged scheduler must keep the job due
 * while no worker ran, so that job runs, instead of being replaced by one at the next
 * fire time after the restart.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createBullMqQueue } from '../../src/jobs/bullmq.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import { deleteRedisKeys } from './bullmq-harness.ts';
import { waitFor } from './contract.ts';
import { redisUrl } from './services.ts';

describe('cron schedules across a restart (BullMQ)', () => {
  const prefix = `test-${randomUUID()}`;
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.map((q) => q.close()));
    await deleteRedisKeys(redisUrl(), prefix);
  });
  const queue = (): JobQueue => {
    const q = createBullMqQueue({ connection: redisUrl(), prefix, backoff: { baseMs: 20, capMs: 200 } });
    open.push(q);
    return q;
  };

  it('runs the fire that came while no worker ran, when the same cron is scheduled again at start', async () => {
    const first = queue();
    await first.schedule('every-second', '* * * * * *', 'tick', {});
    const raw = new Queue('jobs', { connection: { url: redisUrl() }, prefix });
    open.push(raw);
    const missed = (await raw.getJobScheduler('every-second'))?.next;
    expect(missed).toBeTypeOf('number');
    await first.close();
    // No worker while the fire time passes.
    await new Promise((r) => setTimeout(r, Math.max(0, (missed as number) - Date.now()) + 300));
    const second = queue();
    await second.schedule('every-second', '* * * * * *', 'tick', {}); // what startJobRuntime does at start
    const ids: string[] = [];
    await second.work({ tick: async (_d, ctx) => void ids.push(ctx.id) });
    await waitFor(() => ids.length >= 1, 'a tick');
    expect(ids[0]).toBe(`repeat:every-second:${missed}`);
  });
});
