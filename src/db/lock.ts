/**
 * In the embedded default only one process may open the data directory: PGlite is a
 * single-process database and two writers would corrupt it. The lock file names its holder
 * so a second process can say who to stop.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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

export function readLock(dataDir: string, path = join(dataDir, 'granary.lock')): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return alive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

/**
 * Take the data directory's lock or throw Locked naming the running process. Returns the release function.
 *
 * The lock file appears whole or not at all: it is written under a private name and then
 * hard-linked into place, which fails if the lock exists (a plain exclusive create showed a
 * second process an empty file, which it took for stale). A stale lock (its holder is dead)
 * is taken over by renaming it away first: of two processes that found it stale, only one
 * rename succeeds, and a process that renamed a live lock (one just taken by another) puts
 * it back and stops.
 */
export function acquireDataDirLock(dataDir: string, command: string, url?: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'granary.lock');
  const me: LockHolder = { pid: process.pid, command, url, since: new Date().toISOString() };
  const mine = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(mine, JSON.stringify(me));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, file);
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
      }
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) throw lockedBy(dataDir, holder);
      // The holder died without cleaning up: move the stale lock away, then try again.
      const stale = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
      try {
        renameSync(file, stale);
      } catch {
        continue; // another process moved it first; the next attempt decides
      }
      const moved = readLock(dataDir, stale);
      if (moved && moved.pid !== process.pid) {
        // A live lock taken between our check and our rename: give it back.
        try {
          linkSync(stale, file);
        } catch {
          /* a third process holds the lock now; it stands */
        }
        rmSync(stale, { force: true });
        throw lockedBy(dataDir, moved);
      }
      rmSync(stale, { force: true });
    }
    throw new Locked(`Could not take the lock on ${dataDir}; another granary process is starting.`);
  } finally {
    rmSync(mine, { force: true });
  }
}

function lockedBy(dataDir: string, holder: LockHolder): Locked {
  return new Locked(
    `The data directory ${dataDir} is in use by "granary ${holder.command}" (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}, since ${holder.since}). ` +
      `Stop it first, use its HTTP API, or set DATABASE_URL to run against a PostgreSQL server.`,
  );
}
