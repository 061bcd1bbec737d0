import { defineJobQueueContract } from './contract.ts';
import { createPostgresHarness } from './in-process-harness.ts';

defineJobQueueContract('in-process on PostgreSQL', () => createPostgresHarness());
