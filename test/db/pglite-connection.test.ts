/**
 * The embedded default's `pg` connection: a query that fails must not disturb the next one.
 * With the adapter PGlite ships, a Bind error (U+0000 in a text parameter) handed later
 * queries other queries' replies and finally crashed the process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, transaction, type Database } from '../../src/db/pool.ts';

let db: Database;
const poolErrors: Error[] = [];

beforeAll(async () => {
  db = await openEmbeddedDatabase('memory://');
  db.pool.on('error', (err) => poolErrors.push(err));
  await db.pool.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
});
afterAll(async () => {
  await db.close();
});

async function errorCode(sql: string, params: unknown[]): Promise<string | undefined> {
  try {
    await db.pool.query(sql, params);
  } catch (err) {
    return (err as { code?: string }).code;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('PGlite connection', () => {
  it('answers each query with its own rows after errors at Bind, Execute and in simple queries', async () => {
    const failing: Array<[string, unknown[], string]> = [
      ['SELECT $1::text AS v', ['a\u0000b'], '22021'], // U+0000 cannot be stored in text: fails at Bind
      ['SELECT $1::int AS v', ['abc'], '22P02'],
      ['SELECT $1::jsonb AS v', ['{"a":"\\u0000"}'], '22P05'],
      ['SELECT 1/0 AS v', [], '22012'],
      ['SELECT 1 / (g - 3) AS v FROM generate_series(1, $1::int) g', [5], '22012'], // fails at Execute, after rows
    ];
    for (const [i, [sql, params, code]] of failing.entries()) {
      expect(await errorCode(sql, params)).toBe(code);
      const { rows } = await db.pool.query('SELECT $1::int AS n, $2::text AS s', [i, `after ${i}`]);
      expect(rows).toEqual([{ n: i, s: `after ${i}` }]);
      const again = await db.pool.query(`SELECT ${i * 10} AS m`);
      expect(again.rows).toEqual([{ m: i * 10 }]);
    }
    expect(poolErrors).toEqual([]);
  });

  it('keeps concurrent queries apart when some of them fail', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? db.pool.query('SELECT $1::text AS v', [`x\u0000${i}`]) : db.pool.query('SELECT $1::int AS v', [i]))),
    );
    results.forEach((r, i) => {
      if (i % 3 === 0) expect(r.status).toBe('rejected');
      else expect(r.status === 'fulfilled' && r.value.rows).toEqual([{ v: i }]);
    });
    expect(poolErrors).toEqual([]);
  });

  it('keeps named prepared statements across clients, as they live in the one backend session', async () => {
    const named = { name: 'granary-test-named', text: 'SELECT $1::int + 1 AS n' };
    expect((await db.pool.query({ ...named, values: [1] })).rows).toEqual([{ n: 2 }]);
    await expect(db.pool.query('SELECT $1::int', ['bad'])).rejects.toMatchObject({ code: '22P02' }); // the pool discards its client
    expect((await db.pool.query({ ...named, values: [41] })).rows).toEqual([{ n: 42 }]);
  });

  it('rolls back a failed transaction, and one whose client is thrown away', async () => {
    await expect(
      transaction(db.pool, async (tx) => {
        await tx.query('INSERT INTO t VALUES (1, $1)', ['one']);
        await tx.query('INSERT INTO t VALUES (2, $1)', ['bad\u0000']);
      }),
    ).rejects.toMatchObject({ code: '22021' });

    const client = await db.pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (3, $1)', ['three']);
    client.release(new Error('discard this client')); // like a socket closing mid-transaction

    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM t');
    expect(rows).toEqual([{ n: 0 }]);
    await db.pool.query('INSERT INTO t VALUES (4, $1)', ['four']); // not inside a stale transaction
    const status = await db.pool.query(`SELECT v FROM t`);
    expect(status.rows).toEqual([{ v: 'four' }]);
  });
});
