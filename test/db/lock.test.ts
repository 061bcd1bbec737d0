/**
 * The embedded data directory's lock (src/db/lock.ts) between real processes: exactly one
 * holder when several start at the same instant over a stale lock, a stale lock taken over,
 * and a live one refused with its holder named.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, readLock } from '../../src/db/lock.ts';

const LOCK_MODULE = resolve(import.meta.dirname, '../../src/db/lock.ts');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'granary-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A pid no process has: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

/** A process that waits until `startAt`, tries the lock, holds it 400 ms, and prints "got" or "locked". */
function contender(dir: string, startAt: number): Promise<string> {
  const code = `
    const { acquireDataDirLock } = await import(${JSON.stringify(LOCK_MODULE)});
    while (Date.now() < ${startAt}) {}
    try { const release = acquireDataDirLock(${JSON.stringify(dir)}, 'test'); console.log('got'); await new Promise((r) => setTimeout(r, 400)); release(); }
    catch (err) { console.log(err.name === 'Locked' || /in use|Could not take/.test(err.message) ? 'locked' : 'error ' + err.message); }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((r) => child.once('exit', () => r(out.trim())));
}

describe('data directory lock', () => {
  it('takes over a stale lock and refuses a live one, naming its holder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'granary.lock'), JSON.stringify({ pid: await deadPid(), command: 'serve', since: '2026-01-01T00:00:00Z' }));
    const release = acquireDataDirLock(dir, 'import');
    expect(readLock(dir)?.pid).toBe(process.pid);
    expect(await contender(dir, 0)).toBe('locked');
    release();
    expect(readLock(dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    // An empty lock file (a crash mid-write by an older version) is stale too.
    writeFileSync(join(dir, 'granary.lock'), '');
    acquireDataDirLock(dir, 'import')();
  });

  it('gives the lock to exactly one of several processes starting at once over a stale lock', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = tempDir();
      writeFileSync(join(dir, 'granary.lock'), JSON.stringify({ pid: await deadPid(), command: 'serve', since: '2026-01-01T00:00:00Z' }));
      const startAt = Date.now() + 2500;
      const results = await Promise.all(Array.from({ length: 6 }, () => contender(dir, startAt)));
      expect(results.filter((r) => r === 'got')).toHaveLength(1);
      expect(results.filter((r) => r !== 'got' && r !== 'locked')).toEqual([]);
    }
  }, 60_000);
});
