/**
 * Harness for the in-process runner. PostgreSQL: a fresh database per test. PGlite: one
 * database on disk per suite (opening PGlite costs seconds), emptied between tests; a
 * restart closes it and opens the same directory again, as a new process would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../../src/db/pool.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createInProcessQueue } from '../../src/jobs/in-process.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import { createServerDatabase } from '../support/db.ts';
import type { JobQueueHarness } from './contract.ts';

export const FAST = { pollIntervalMs: 50, leaseMs: 5_000, backoff: { baseMs: 20, capMs: 200 } };

/** Storage that outlives harnesses: connect() opens it (again), clear() empties it. */
interface Storage {
  connect(): Promise<Database>;
  clear(db: Database): Promise<void>;
  drop(): void;
}

/** One PGlite directory for a whole suite. */
export function createPgliteStorage(): Storage & { current: Database | null } {
  const dir = mkdtempSync(join(tmpdir(), 'granary-jobs-'));
  return {
    current: null,
    async connect() {
      if (!this.current) {
        this.current = await openEmbeddedDatabase(dir);
        await migrate(this.current.pool);
      }
      return this.current;
    },
    async clear(db) {
      await db.pool.query('DELETE FROM jobs; DELETE FROM job_schedules');
    },
    drop: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function createHarness(storage: Storage, closeOnDispose: boolean): Promise<JobQueueHarness> {
  let queues: JobQueue[] = [];
  const closeAll = async () => {
    await Promise.all(queues.map((q) => q.close()));
    queues = [];
  };
  let db: Promise<Database> = storage.connect();
  return Promise.resolve({
    async open(opts) {
      const q = createInProcessQueue((await db).pool, { ...FAST, ...opts });
      queues.push(q);
      return q;
    },
    async restart() {
      await closeAll();
      const old = await db;
      await old.close();
      if ('current' in storage) storage.current = null;
      db = storage.connect();
      await db;
    },
    async dispose() {
      await closeAll();
      if (closeOnDispose) await (await db).close();
      else await storage.clear(await db);
    },
  });
}

/** A harness on a suite-wide PGlite storage. */
export const createPgliteHarness = (storage: Storage) => createHarness(storage, false);

/** A harness on a fresh PostgreSQL database. */
export async function createPostgresHarness(): Promise<JobQueueHarness> {
  const url = await createServerDatabase();
  const storage: Storage = {
    connect: async () => {
      const db = await openServerDatabase(url);
      await migrate(db.pool);
      return db;
    },
    clear: async () => undefined,
    drop: () => undefined,
  };
  return createHarness(storage, true);
}
