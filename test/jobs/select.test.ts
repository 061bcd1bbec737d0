import { describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/select.ts';
import { openTestDatabase } from '../support/db.ts';
import { redisUrl } from './services.ts';

describe('createJobQueue', () => {
  it('picks BullMQ when REDIS_URL is set and the in-process runner otherwise', async () => {
    const db = await openTestDatabase('postgres');
    try {
      const local = createJobQueue({ redisUrl: null }, db.pool);
      expect(local.kind).toBe('in-process');
      expect(typeof local.enqueueInTransaction).toBe('function');
      await local.close();
      const remote = createJobQueue({ redisUrl: redisUrl() }, db.pool);
      expect(remote.kind).toBe('bullmq');
      expect(remote.enqueueInTransaction).toBeUndefined();
      // It really talks to Redis: an empty, fresh queue has no dead letters.
      expect(await remote.deadLetters()).toEqual([]);
      await remote.close();
    } finally {
      await db.close();
    }
  });
});
