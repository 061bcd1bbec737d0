import { randomUUID } from 'node:crypto';
import { defineJobQueueContract } from './contract.ts';
import { createBullMqHarness, deleteRedisKeys } from './bullmq-harness.ts';
import { redisUrl } from './services.ts';

defineJobQueueContract('BullMQ on Redis', async () => {
  const prefix = `test-${randomUUID()}`;
  return createBullMqHarness({ connection: redisUrl(), prefix }, () => deleteRedisKeys(redisUrl(), prefix));
});
