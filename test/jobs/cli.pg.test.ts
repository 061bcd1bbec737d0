/** `granary worker` and `granary jobs` as processes, on PostgreSQL. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openServerDatabase, type Database } from '../../src/db/pool.ts';
import { migrate } from '../../src/db/migrate.ts';
import { enqueueInTx } from '../../src/jobs/job-table.ts';
import { createServerDatabase } from '../support/db.ts';
import { waitFor } from './contract.ts';

const CHILD = fileURLToPath(new URL('./cli-child.ts', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/granary.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'granary-cli-'));

const env = (databaseUrl: string | null): NodeJS.ProcessEnv => ({ ...process.env, GRANARY_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', REDIS_URL: '' });

const granary = (url: string | null, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: env(url), encoding: 'utf8' });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('granary worker / granary jobs', () => {
  let db: Database | null = null;
  afterEach(async () => {
    await db?.close();
  });

  it('refuses to run a worker in the embedded default, saying why', () => {
    const r = granary(null, 'worker');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs DATABASE_URL');
    expect(r.stderr).toContain('granary serve');
  });

  it('refuses to start a worker or a server whose REDIS_URL does not answer, in one line naming it', async () => {
    const url = await createServerDatabase();
    for (const command of ['worker', 'serve']) {
      const r = spawnSync(process.execPath, [BIN, command], {
        env: { ...env(url), REDIS_URL: 'redis://127.0.0.1:1' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('cannot reach REDIS_URL (redis://127.0.0.1:1');
    }
  });

  it('relays the outbox, runs jobs, shows and retries dead jobs, and stops on SIGTERM', async () => {
    const url = await createServerDatabase();
    db = await openServerDatabase(url);
    await migrate(db.pool);
    await db.pool.query(`INSERT INTO outbox (type, record_id) SELECT 'record.created', 'r' || g FROM generate_series(1, 20) g`);
    await enqueueInTx(db.pool, 'test.fail', { why: 'demo' }, { jobId: 'doomed', attempts: 1 });

    const worker = spawn(process.execPath, ['--import', 'tsx', CHILD, 'worker', '--concurrency', '2'], { env: env(url), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    worker.stderr.on('data', (d) => (stderr += d));
    try {
      await waitFor(async () => {
        const n = await db!.pool.query(`SELECT count(*)::int AS n FROM effects`).catch(() => ({ rows: [{ n: 0 }] }));
        return n.rows[0].n === 20;
      }, 'twenty effects');
      await waitFor(async () => (await db!.pool.query(`SELECT state FROM jobs WHERE id = 'doomed'`)).rows[0]?.state === 'dead', 'the dead job');

      const dead = granary(url, 'jobs', 'dead', '--json');
      expect(dead.status).toBe(0);
      const rows = dead.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(rows).toMatchObject([{ id: 'doomed', name: 'test.fail', attempts: 1, data: { why: 'demo' } }]);
      expect(rows[0].error).toContain('always fails');
      expect(granary(url, 'jobs', 'dead').stdout).toMatch(/^doomed\ttest\.fail\t1 attempts\t/);

      expect(granary(url, 'jobs', 'retry', 'doomed').status).toBe(0);
      // It fails again on the worker and comes back to the dead-letter list.
      await waitFor(async () => (await db!.pool.query(`SELECT state, attempts FROM jobs WHERE id = 'doomed'`)).rows[0]?.state === 'dead', 'the retried job to die again');
      expect(granary(url, 'jobs', 'discard', 'doomed').status).toBe(0);
      const again = granary(url, 'jobs', 'discard', 'doomed');
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('no dead job with id "doomed"');
      expect(granary(url, 'jobs', 'retry').status).toBe(2);
    } finally {
      worker.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => worker.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain('shutting down');
  });
});
