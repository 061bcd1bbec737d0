/** `granary harvest add|list|run|status` in a child process on an embedded data dir. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/http-server.ts';
import { createSyntheticOai, generateSyntheticRecords } from './support/synthetic-oai.ts';

const CHILD = fileURLToPath(new URL('./support/cli-child.ts', import.meta.url));
const run = promisify(execFile);

describe('granary harvest (CLI)', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'granary-harvest-cli-'));
    server = await startTestServer(createSyntheticOai({ records: () => generateSyntheticRecords(23), pageSize: 10 }));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const granary = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: { ...process.env, GRANARY_DATA_DIR: dir, DATABASE_URL: '' } });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  // Each command opens the embedded database anew (PGlite start and migrations take seconds).
  it('adds, lists, runs with progress, and reports status', { timeout: 300_000 }, async () => {
    const bad = await granary('add', '--id', 'synth', '--type', 'oai-pmh', '--url', `${server.url}/oai`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/metadataPrefix');
    expect((await granary('add', '--id', 'synth', '--type', 'oai-pmh', '--url', `${server.url}/oai`, '--prefix', 'oai_dc', '--schedule', '0 3 * * *')).code).toBe(0);
    expect((await granary('list')).stdout).toMatch(/^synth\toai-pmh\thttp:\/\/127\.0\.0\.1:\d+\/oai oai_dc\t0 3 \* \* \*\tnever run/m);
    const r = await granary('run', 'synth');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/harvest synth: 23\/23 \(\d+\/s, ETA/);
    expect(r.stderr).toContain('succeeded: 3 pages, 23 records (23 created, 0 updated, 0 unchanged, 0 deleted, 0 failed)');
    const s = await granary('status', 'synth');
    expect(s.stdout).toMatch(/pages 3, records 23 of 23/);
    expect(s.stdout).toContain('next from 2031-03-04T05:06:07Z');
  });
});
