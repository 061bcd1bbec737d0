/** Open the configured database: PostgreSQL from DATABASE_URL, or PGlite in the data dir (locked to this process). */
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { acquireDataDirLock } from './lock.ts';
import { openEmbeddedDatabase, openServerDatabase, type Database } from './pool.ts';

export async function openDatabase(config: Config, command: string, url?: string): Promise<Database> {
  if (config.databaseUrl) return openServerDatabase(config.databaseUrl);
  const release = acquireDataDirLock(config.dataDir, command, url);
  try {
    const db = await openEmbeddedDatabase(join(config.dataDir, 'pg'));
    return {
      ...db,
      async close() {
        try {
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
