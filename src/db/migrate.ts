/**
 * Migrations: ordered SQL files in src/db/migrations, applied once each and recorded in
 * the table `schema_migrations`. Never destructive: a later file only adds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transaction, type Pool } from './pool.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** Apply pending migrations; returns the names applied. Concurrent callers serialize on an advisory lock. */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  await pool.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const done = await transaction(pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7345001)');
      const { rowCount } = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
      if (rowCount) return false;
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
