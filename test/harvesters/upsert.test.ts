/**
 * prepareHarvestItems moves normalizing and validating out of the page's transaction (a feed
 * does it while the previous page is stored). A page stores the same with or without it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import { transaction, type Database } from '../../src/db/pool.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import type { RecordInput } from '../../src/records/types.ts';
import { prepareHarvestItems, upsertPage, type HarvestItem } from '../../harvesters/upsert.ts';
import { createRecordStore } from '../../src/records/store.ts';
import { system } from '../../src/access/identity.ts';

const validator = createRecordValidator();

function item(identifier: string, input?: RecordInput, extra: Partial<HarvestItem> = {}): HarvestItem {
  return { sourcePid: `src:${identifier}`, identifier, deleted: false, input, ...extra };
}

const PAGE: HarvestItem[] = [
  item('a', { titles: [{ title: 'A' }], doi: '10.1234/A' }),
  item('b', { titles: [{ title: 'B' }], publicationYear: 'last year' } as RecordInput),
  item('c', { titles: [{ title: 'C' }], doi: 'not a DOI' }),
  item('d', { titles: [{ title: 'D, first' }] }),
  item('d', { titles: [{ title: 'D, listed again' }] }),
  item('e', { titles: [{ title: 'E, same DOI as A' }], doi: 'https://doi.org/10.1234/a' }),
  item('f', undefined, { error: 'the oai_dc loader failed: no title' }),
  item('g', undefined),
  item('h', undefined, { deleted: true }),
];

describe('upsertPage with prepared items', () => {
  const dbs: Database[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
  });

  async function store(items: HarvestItem[], now: string) {
    const db = await openTestDatabase('pglite');
    dbs.push(db);
    const result = await transaction(db.pool, (tx) => upsertPage(tx, { validator }, items, now));
    const { rows } = await db.pool.query<{ json: Record<string, unknown>; createdNow: boolean; source: string }>(
      `SELECT r.json, r.created = $1::timestamptz AND r.updated = $1::timestamptz AS "createdNow", p.value AS source
         FROM records r JOIN pids p ON p.record_id = r.id AND p.scheme = 'source' ORDER BY p.value`,
      [now],
    );
    // Record ids are minted at random: compare the rest.
    const records = rows.map((r) => ({ source: r.source, createdNow: r.createdNow, json: { ...r.json, id: undefined } as Record<string, unknown> }));
    return { result: { ...result, created: result.created.length, updated: result.updated.length, deleted: result.deleted.length }, records };
  }

  it('stores the same records and reports the same failures, with the times of the store, not of the preparation', async () => {
    const now = '2031-05-06T07:08:09.000Z';
    const plain = await store(PAGE, now);
    const prepared = prepareHarvestItems(PAGE, validator);
    expect(prepared.filter((p) => p.record).map((p) => p.identifier)).toEqual(['a', 'd', 'd', 'e']);
    expect(prepared.find((p) => p.identifier === 'b')?.error).toMatch(/^not a valid record: /);
    const ahead = await store(prepared, now);
    expect(ahead).toEqual(plain);
    expect(plain.result).toMatchObject({ created: 2, failed: [{ identifier: 'b' }, { identifier: 'c' }, { identifier: 'f' }, { identifier: 'g' }] });
    for (const r of ahead.records) expect([r.createdNow, r.json.created, r.json.updated]).toEqual([true, now, now]);
    expect(ahead.records.map((r) => [r.source, (r.json.titles as { title: string }[])[0].title])).toEqual([
      ['src:a', 'E, same DOI as A'],
      ['src:d', 'D, listed again'],
      ['src:e', 'E, same DOI as A'],
    ]);
  });

  it('brings back a record its source deleted, but never one deleted here or only sharing its DOI', async () => {
    const db = await openTestDatabase('pglite');
    dbs.push(db);
    const page = (items: HarvestItem[], now: string) => transaction(db.pool, (tx) => upsertPage(tx, { validator }, items, now));
    await page([item('x', { titles: [{ title: 'X' }], doi: '10.1234/x' }), item('y', { titles: [{ title: 'Y' }], doi: '10.1234/y' })], '2031-01-01T00:00:00.000Z');
    // The source deletes x; a curator deletes y here.
    await page([item('x', undefined, { deleted: true })], '2031-01-02T00:00:00.000Z');
    await db.pool.query(`UPDATE records SET deleted_at = now(), deletion_reason = 'spam' WHERE doi = '10.1234/y'`);
    const again = await page(
      [
        item('x', { titles: [{ title: 'X again' }], doi: '10.1234/x' }),
        item('y', { titles: [{ title: 'Y again' }], doi: '10.1234/y' }),
        // Another source's item with y's DOI: matched by DOI only.
        { ...item('z', { titles: [{ title: 'Z' }], doi: '10.1234/y' }), sourcePid: 'other:z' },
      ],
      '2031-01-03T00:00:00.000Z',
    );
    expect(again.updated).toHaveLength(1);
    expect(again.failed.map((f) => f.identifier)).toEqual(['y', 'z']);
    expect(again.failed[0]!.reason).toMatch(/was deleted in this repository \(spam\); a harvest does not restore it/);
    const { rows } = await db.pool.query<{ doi: string; deleted: boolean }>(`SELECT doi, deleted_at IS NOT NULL AS deleted FROM records ORDER BY doi`);
    expect(rows).toEqual([
      { doi: '10.1234/x', deleted: false },
      { doi: '10.1234/y', deleted: true },
    ]);
  });

  it('merges an item into a record whose DOI a concurrent writer registered after the lookup (PostgreSQL)', async () => {
    const db = await openTestDatabase('postgres');
    dbs.push(db);
    // The REST write holds its transaction open, DOI registered but not committed, until released.
    let entered!: () => void;
    const inHook = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = createRecordStore({ pool: db.pool, validator, hooks: { afterWrite: async () => (entered(), gate) } });
    const creating = store.create(system, { titles: [{ title: 'Made here' }], doi: '10.1234/race' } as RecordInput);
    await inHook;
    // The harvest's lookup cannot see the uncommitted DOI; its insert then waits on the unique index.
    const harvesting = transaction(db.pool, (tx) => upsertPage(tx, { validator }, [item('r', { titles: [{ title: 'Harvested' }], doi: '10.1234/RACE' })], '2031-02-02T00:00:00.000Z'));
    // Release the REST write only once the harvest waits on its lock, so the race happens
    // every time (on a slow machine a fixed pause could let the lookup see the DOI instead).
    for (let waiting = 0; waiting === 0; ) {
      await new Promise((r) => setTimeout(r, 20));
      const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
      waiting = rows[0]!.n;
    }
    release();
    const made = await creating;
    const result = await harvesting;
    expect(result.failed).toEqual([]);
    expect(result.updated).toEqual([made.id]);
    const { rows } = await db.pool.query<{ id: string; title: string; source: string }>(
      `SELECT r.id, r.json->'titles'->0->>'title' AS title, p.value AS source FROM records r JOIN pids p ON p.record_id = r.id AND p.scheme = 'source'`,
    );
    expect(rows).toEqual([{ id: made.id, title: 'Harvested', source: 'src:r' }]);
  });
});
