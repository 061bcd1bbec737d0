/**
 * Databases for the suites. `databaseKinds()` yields both implementations a contract suite
 * runs against: PGlite in memory and a fresh database on the throwaway PostgreSQL server
 * started by globalSetup (or DATABASE_URL).
 */
import { inject } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../../src/db/pool.ts';
import { migrate } from '../../src/db/migrate.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export function serverUrl(): string {
  const url = inject('databaseUrl');
  if (!url) {
    throw new Error(`PostgreSQL is not available for this suite: ${inject('serviceErrors') || 'no DATABASE_URL'}`);
  }
  return url;
}

/** Create an empty database on the test server and return its URL. */
export async function createServerDatabase(): Promise<string> {
  const base = serverUrl();
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Open a fresh, migrated database of the given kind. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  const db = kind === 'pglite' ? await openEmbeddedDatabase('memory://') : await openServerDatabase(await createServerDatabase());
  await migrate(db.pool);
  return db;
}

export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];
