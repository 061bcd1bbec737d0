/** Open the configured database: PostgreSQL from DATABASE_URL, or PGlite in the data dir (locked to this process). */
import { join } from 'node:path';
import { redactUrl, ServiceUnreachable, type Config } from '../config.ts';
import { acquireDataDirLock } from './lock.ts';
import { openEmbeddedDatabase, openServerDatabase, type Database } from './pool.ts';

export async function openDatabase(config: Config, command: string, url?: string): Promise<Database> {
  if (config.databaseUrl) {
    const db = await openServerDatabase(config.databaseUrl);
    try {
      // The pool connects lazily; ask now, so an unreachable server is one clear line.
      await db.pool.query('SELECT 1');
    } catch (err) {
      await db.close().catch(() => undefined);
      throw new ServiceUnreachable('DATABASE_URL', redactUrl(config.databaseUrl), (err as Error).message);
    }
    return db;
  }
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
