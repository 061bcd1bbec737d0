/** Harness for the BullMQ runner: a restart is a new Queue and Worker on the same storage. */
import { Redis } from 'ioredis';
import { createBullMqQueue, type BullMqQueueOptions } from '../../src/jobs/bullmq.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import type { JobQueueHarness } from './contract.ts';

/** Delete every Redis key under `prefix`, leaving the shared Redis as we found it. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

export function createBullMqHarness(base: BullMqQueueOptions, cleanup: () => Promise<void> = async () => undefined): JobQueueHarness {
  let queues: JobQueue[] = [];
  const closeAll = async () => {
    await Promise.all(queues.map((q) => q.close()));
    queues = [];
  };
  return {
    async open(opts) {
      const q = createBullMqQueue({ backoff: { baseMs: 20, capMs: 200 }, ...base, ...opts });
      queues.push(q);
      return q;
    },
    restart: closeAll,
    async dispose() {
      await closeAll();
      await cleanup();
    },
  };
}
