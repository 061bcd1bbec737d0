/**
 * The database: a `pg` Pool on a PostgreSQL server, or on PGlite through our Connection
 * adapter (pglite-connection.ts) for the embedded default. One code path and one set of SQL serve both.
 */
import pg from 'pg';
import { pgliteConfig } from './pglite-connection.ts';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;
/** Anything that runs a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export interface Database {
  pool: Pool;
  /** `server` for PostgreSQL, `embedded` for PGlite (a single connection: never hold a client while querying the pool). */
  kind: 'server' | 'embedded';
  close(): Promise<void>;
}

// Timestamps come back as ISO strings, never as JS Dates in the server's local zone.
// Sessions run in UTC, so PostgreSQL prints "2026-11-28 15:26:59.773412+00"; this becomes
// ISO 8601 "2026-11-28T15:26:59.773412Z", keeping the microseconds that keyset paging needs.
pg.types.setTypeParser(1184, (v) => v.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z'));
pg.types.setTypeParser(1082, (v) => v); // date
pg.types.setTypeParser(20, (v) => Number(v)); // int8: counts fit in a double

export async function openServerDatabase(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, options: '-c timezone=UTC' });
  pool.on('error', () => {
    /* idle client errors are reported by the next query */
  });
  return { pool, kind: 'server', close: () => pool.end() };
}

/** Open PGlite persisted in `dir` (or `memory://`). */
export async function openEmbeddedDatabase(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dir);
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const pool = new pg.Pool(pgliteConfig(pglite));
  pool.on('error', () => {
    /* as for the server: an idle client's error is reported by the next query */
  });
  return {
    pool,
    kind: 'embedded',
    async close() {
      await pool.end();
      await pglite.close();
    },
  };
}

/** SQLSTATEs after which the whole transaction may simply run again: serialization_failure, deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Is `err` a serialization failure or deadlock, which a retry resolves? */
export function isRetryableConflict(err: unknown): boolean {
  return RETRYABLE.has((err as { code?: string })?.code ?? '');
}

export interface TransactionOptions {
  isolation?: 'REPEATABLE READ' | 'SERIALIZABLE';
  /**
   * Run `fn` again, up to this many times, when PostgreSQL aborts the transaction as a
   * deadlock victim or a serialization failure. Only for an `fn` whose effects are all in
   * the transaction (they were rolled back). Default 0.
   */
  retries?: number;
}

/** Run `fn` in one transaction on one client; commit on success, roll back on any error. */
export async function transaction<T>(pool: Pool, fn: (tx: Client) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await transactionOnce(pool, fn, opts);
    } catch (err) {
      if (attempt >= (opts.retries ?? 0) || !isRetryableConflict(err)) throw err;
      // A short random pause, so the transactions that collided do not collide again.
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

async function transactionOnce<T>(pool: Pool, fn: (tx: Client) => Promise<T>, opts: TransactionOptions): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation}` : 'BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
