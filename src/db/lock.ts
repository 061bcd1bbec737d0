/**
 * In the embedded default only one process may open the data directory: PGlite is a
 * single-process database and two writers would corrupt it. The lock file names its holder
 * so a second process can say who to stop.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Locked } from '../errors.ts';

export interface LockHolder {
  pid: number;
  command: string;
  url?: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(join(dataDir, 'granary.lock'), 'utf8')) as LockHolder;
    return alive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

/** Take the data directory's lock or throw Locked naming the running process. Returns the release function. */
export function acquireDataDirLock(dataDir: string, command: string, url?: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'granary.lock');
  const me: LockHolder = { pid: process.pid, command, url, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (JSON.parse(readFileSync(file, 'utf8')).pid === process.pid) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) {
        throw new Locked(
          `The data directory ${dataDir} is in use by "granary ${holder.command}" (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}, since ${holder.since}). ` +
            `Stop it first, use its HTTP API, or set DATABASE_URL to run against a PostgreSQL server.`,
        );
      }
      // The holder died without cleaning up: the lock is stale.
      try {
        unlinkSync(file);
      } catch {
        /* raced with another process; the next attempt decides */
      }
    }
  }
  throw new Locked(`Could not take the lock on ${dataDir}; another granary process is starting.`);
}
