import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createBullMqQueue } from '../../src/jobs/bullmq.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import { defineJobQueueContract } from './contract.ts';
import { redisUrl } from './services.ts';

defineJobQueueContract('BullMQ on Redis', async () => {
  const prefix = `test-${randomUUID()}`;
  let queues: JobQueue[] = [];
  const closeAll = async () => {
    await Promise.all(queues.map((q) => q.close()));
    queues = [];
  };
  return {
    async open(opts) {
      const q = createBullMqQueue({ connection: redisUrl(), prefix, backoff: { baseMs: 20, capMs: 200 }, ...opts });
      queues.push(q);
      return q;
    },
    restart: closeAll,
    async dispose() {
      await closeAll();
      // Leave the shared Redis as we found it.
      const redis = new Redis(redisUrl());
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
});
