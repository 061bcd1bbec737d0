/**
 * The granary command end to end, as a user types it: token creation on a fresh data
 * directory, import with line-numbered rejections, and the server on a real port with the
 * single-process lock of the embedded default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('answers bad input with one line and the right exit code, never a stack trace', () => {
    const noStack = (r: { stderr: string }) => expect(r.stderr).not.toMatch(/^\s+at /m);
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['import', join(dataDir, 'missing.jsonl')], {}, 1, /ENOENT: no such file or directory.*missing\.jsonl/],
      [['import', 'a.jsonl', 'b.jsonl'], {}, 2, /name one file.*got 2/],
      [['export', 'extra'], {}, 2, /granary export: Unexpected argument 'extra'/],
      [['harvest', 'run'], {}, 2, /^granary harvest run: name one source id/],
      [['harvest', 'add', join(dataDir, 'missing.json')], {}, 1, /ENOENT.*missing\.json/],
      [['migrate', '--bogus'], {}, 2, /granary migrate: takes no arguments/],
      [['token', 'create', '--role', 'admin', '--name', ' '], {}, 2, /^granary token create: --name must not be empty/],
      [['migrate'], { DATABASE_URL: 'postgres://granary@127.0.0.1:9/x' }, 1, /cannot reach DATABASE_URL \(postgres:\/\/granary@127\.0\.0\.1:9\/x\)/],
      [['jobs', 'dead'], { REDIS_URL: 'redis://127.0.0.1:9' }, 1, /cannot reach REDIS_URL \(redis:\/\/127\.0\.0\.1:9\)/],
      [['migrate'], { GRANARY_DATA_DIR: join(dataDir, 'in.jsonl'), GRANARY_SECRET: '' }, 2, /^granary: GRANARY_DATA_DIR=.* is not valid/],
    ];
    writeFileSync(join(dataDir, 'bad.json'), '{bad');
    cases.push([['harvest', 'add', join(dataDir, 'bad.json')], {}, 2, /bad\.json is not JSON/]);
    for (const [args, extra, code, message] of cases) {
      const res = granary(args, { ...env, ...extra });
      // One line saying what is wrong (a usage error may add the command's usage after it).
      expect(res.stderr.split('\n')[0], args.join(' ')).toMatch(message);
      expect(res.code, args.join(' ')).toBe(code);
      noStack(res);
    }
  });

  it('imports a pretty-printed .json record, or an array of them, as documents', () => {
    const own = { ...env, GRANARY_DATA_DIR: mkdtempSync(join(tmpdir(), 'granary-cli-json-')) }; // the suite's store keeps its count
    const one = join(dataDir, 'one.json');
    writeFileSync(one, '\uFEFF' + JSON.stringify(sampleRecord(7), null, 2));
    const many = join(dataDir, 'many.json');
    writeFileSync(many, JSON.stringify([sampleRecord(8), 42, sampleRecord(9)], null, 2));
    const a = granary(['import', one], own);
    expect(a.stderr).toContain('Imported 1 records; rejected 0.');
    const b = granary(['import', many], own);
    expect(b.stderr).toMatch(/rejected .*many\.json: item 2: \/: expected a JSON object/);
    expect(b.stderr).toContain('Imported 2 records; rejected 1.');
  });

  it('imports from standard input and exports JSON Lines', () => {
    const res = granary(['import', '-'], env, JSON.stringify(sampleRecord(3)) + '\n');
    expect(res.code).toBe(0);
    const out = granary(['export'], env);
    expect(out.code).toBe(0);
    const ids = out.stdout.trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(3);
  });

  it('exports deleted records marked as deleted, which import refuses to bring back', async () => {
    const { openEmbeddedDatabase } = await import('../../src/db/pool.ts');
    const own = { ...env, GRANARY_DATA_DIR: mkdtempSync(join(tmpdir(), 'granary-cli-deleted-')) };
    expect(granary(['import', '-'], own, `${JSON.stringify(sampleRecord(20))}\n${JSON.stringify(sampleRecord(21))}\n`).code).toBe(0);
    const db = await openEmbeddedDatabase(join(own.GRANARY_DATA_DIR, 'pg'));
    const { rows } = await db.pool.query<{ id: string }>(`UPDATE records SET deleted_at = now(), deletion_reason = 'spam' WHERE id = (SELECT min(id) FROM records) RETURNING id`);
    await db.close();
    const out = granary(['export', '--include-deleted'], own);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const gone = lines.find((r) => r.id === rows[0].id);
    expect(gone.$deleted).toMatchObject({ reason: 'spam' });
    const back = granary(['import', '-'], own, `${JSON.stringify(gone)}\n`);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('rejected stdin:1: /$deleted: a deleted record');
    expect(granary(['export'], own).stdout.trim().split('\n')).toHaveLength(lines.length - 1);
  });

  it('refuses to export from a data directory that holds no database, and reindex with arguments', () => {
    const missing = join(dataDir, 'typo');
    const res = granary(['export'], { ...env, GRANARY_DATA_DIR: missing });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`granary export: there is no Granary database in ${missing} (GRANARY_DATA_DIR); nothing to export\n`);
    expect(existsSync(missing)).toBe(false);
    const reindex = granary(['reindex', '--all'], env);
    expect(reindex.code).toBe(2);
    expect(reindex.stderr).toMatch(/^granary reindex: takes no arguments/);
  });

  it('ends an export quietly when its reader goes away (granary export | head)', async () => {
    const big = mkdtempSync(join(tmpdir(), 'granary-cli-big-'));
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(sampleRecord(10_000 + i))).join('\n');
    expect(granary(['import', '-'], { ...env, GRANARY_DATA_DIR: big }, `${lines}\n`).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'export'], { env: { ...process.env, DATABASE_URL: '', ...env, GRANARY_DATA_DIR: big }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout!.once('data', () => child.stdout!.destroy());
    const code = await new Promise((r) => child.once('exit', r));
    expect(stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(code).toBe(0);
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

    it('makes a second serve on the same port fail with one line naming PORT', () => {
      const other = { ...env, GRANARY_DATA_DIR: mkdtempSync(join(tmpdir(), 'granary-cli-port-')), PORT: String(port), HOST: '127.0.0.1' };
      const res = granary(['serve'], other);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/granary serve: cannot listen on 127\.0\.0\.1 port \d+ \(PORT, HOST\): .*EADDRINUSE/);
      expect(res.stderr).not.toMatch(/^\s+at /m);
    });
  });
});
