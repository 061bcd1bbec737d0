/**
 * BullMQ's PostgreSQL backend, run through the same contract. It is not what createJobQueue
 * picks for DATABASE_URL without REDIS_URL (see src/jobs/select.ts); this suite is the
 * evidence behind that evaluation and keeps the adapter honest if the choice changes.
 */
import { createServerDatabase } from '../support/db.ts';
import { defineJobQueueContract } from './contract.ts';
import { createBullMqHarness } from './bullmq-harness.ts';

defineJobQueueContract('BullMQ on its PostgreSQL backend', async () => createBullMqHarness({ backend: 'postgres', connection: await createServerDatabase() }));
