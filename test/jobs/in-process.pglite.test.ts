import { afterAll } from 'vitest';
import { defineJobQueueContract } from './contract.ts';
import { createPgliteHarness, createPgliteStorage } from './in-process-harness.ts';

const storage = createPgliteStorage();
afterAll(async () => {
  await storage.current?.close();
  storage.drop();
});

defineJobQueueContract('in-process on PGlite', () => createPgliteHarness(storage));
