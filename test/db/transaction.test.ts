/**
 * transaction(): a deadlock victim runs again when the caller allows it. Real PostgreSQL
 * picks the victim; two transactions lock two rows in opposite orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import { transaction, type Database } from '../../src/db/pool.ts';

describe('transaction retries on PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    await db.pool.query('CREATE TABLE dl (id int PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => db?.close());

  const crossed = async (retries: number) => {
    await db.pool.query('TRUNCATE dl');
    await db.pool.query('INSERT INTO dl VALUES (1, 0), (2, 0)');
    let attempts = 0;
    // The first attempts meet here once both hold their first row, so they always cross.
    let holding = 0;
    let bothHold!: () => void;
    const met = new Promise<void>((r) => (bothHold = r));
    const run = (first: number, second: number) =>
      transaction(
        db.pool,
        async (tx) => {
          attempts++;
          await tx.query('UPDATE dl SET n = n + 1 WHERE id = $1', [first]);
          if (++holding === 2) bothHold();
          if (holding <= 2) await met;
          await tx.query('UPDATE dl SET n = n + 1 WHERE id = $1', [second]);
        },
        { retries },
      );
    const results = await Promise.allSettled([run(1, 2), run(2, 1)]);
    const { rows } = await db.pool.query<{ n: number }>('SELECT n FROM dl ORDER BY id');
    return { results, attempts, counts: rows.map((r) => r.n) };
  };

  it('fails the deadlock victim without retries, and runs it again with them', async () => {
    const once = await crossed(0);
    expect(once.results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((once.results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: '40P01' });
    expect(once.counts).toEqual([1, 1]);

    const retried = await crossed(3);
    expect(retried.results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(retried.attempts).toBe(3);
    expect(retried.counts).toEqual([2, 2]);
  }, 30_000);
});
