/**
 * The granary command end to end, as a user types it: token creation on a fresh data
 * directory, import with line-numbered rejections, and the server on a real port with the
 * single-process lock of the embedded default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../setup/services.ts';
import { sampleRecord } from '../support/records.ts';

const BIN = resolve(import.meta.dirname, '../../bin/granary.js');

function granary(args: string[], env: Record<string, string>, input?: string) {
  const res = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, input, encoding: 'utf8', timeout: 230_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

// Each command is a fresh process that opens PGlite (a WASM PostgreSQL): generous deadlines
// for a loaded CI machine; nothing here measures speed.
describe('granary CLI on the embedded default', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'granary-cli-'));
  const env = { GRANARY_DATA_DIR: dataDir, GRANARY_SECRET: 'cli-test-secret-0123456789' };
  let server: ChildProcess | undefined;
  let port = 0;

  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('rejects a bad configuration value with one line naming the variable', () => {
    const res = granary(['migrate'], { ...env, PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/PORT="eighty" is not valid: expected a whole number/);
  });

  it('creates a token on a fresh data directory before the first serve', () => {
    const res = granary(['token', 'create', '--role', 'curator', '--name', 'alice'], env);
    expect(res.stderr).toContain('Created curator token');
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toMatch(/^grn_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
  });

  it('imports JSON Lines, reporting every rejected record with its line number and reason', () => {
    const file = join(dataDir, 'in.jsonl');
    const lines = [
      JSON.stringify(sampleRecord(1, { doi: '10.5555/cli.1' } as never)),
      '{not json',
      JSON.stringify({ titles: [{ title: 'x', shade: 'blue' }] }),
      '',
      JSON.stringify(sampleRecord(2)),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const res = granary(['import', file], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/rejected .*in\.jsonl:2: \/: invalid JSON/);
    expect(res.stderr).toMatch(/rejected .*in\.jsonl:3: \/titles\/0\/shade: unknown property 'shade'/);
    expect(res.stderr).toContain('Imported 2 records; rejected 2.');
    const strict = granary(['import', '--strict', file], { ...env });
    expect(strict.stderr).toContain('Stopped at the first bad record');
  });

  it('imports from standard input and exports JSON Lines', () => {
    const res = granary(['import', '-'], env, JSON.stringify(sampleRecord(3)) + '\n');
    expect(res.code).toBe(0);
    const out = granary(['export'], env);
    expect(out.code).toBe(0);
    const ids = out.stdout.trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(3);
  });

  describe('while serve runs', () => {
    beforeAll(async () => {
      port = await freePort();
      server = spawn(process.execPath, [BIN, 'serve', '--demo'], {
        env: { ...process.env, DATABASE_URL: '', ...env, PORT: String(port), HOST: '127.0.0.1', GRANARY_BASE_URL: `http://127.0.0.1:${port}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((res, rej) => {
        let err = '';
        server!.stderr!.on('data', (b: Buffer) => {
          err += b.toString();
          if (err.includes('listening')) res();
        });
        server!.once('exit', (code) => rej(new Error(`serve exited with ${code}: ${err}`)));
      });
    });

    it('answers HTTP on its port, with the demo records added to a non-empty store only if empty', async () => {
      const ping = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(ping.status).toBe(200);
      const body = (await (await fetch(`http://127.0.0.1:${port}/api/records?size=1`)).json()) as { hits: { total: number } };
      // The store was not empty (the imports above), so --demo added nothing.
      expect(body.hits.total).toBe(3);
    });

    it('makes a second process refuse with a message naming the running one', () => {
      const res = granary(['import', '-'], env, JSON.stringify(sampleRecord(9)) + '\n');
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/in use by "granary serve" \(pid \d+/);
    });
  });
});
