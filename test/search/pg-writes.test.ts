/**
 * The search columns follow every write, on PGlite and on PostgreSQL: inserts, bulk
 * INSERT ... SELECT, updates, deletion, `reindexAll`; and toSqlCondition works as a
 * per-row check inside a write transaction (the OAI-PMH query-set use).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, system } from '../../src/access/identity.ts';
import { transaction, type Database } from '../../src/db/pool.ts';
import type { SearchEngine } from '../../src/search/engine.ts';
import { createPostgresSearchEngine } from '../../src/search/pg/engine.ts';
import { toSqlCondition } from '../../src/search/pg/translate.ts';
import { parseQuery } from '../../src/search/query-parser.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/db.ts';
import { insertRecords } from './corpus.ts';
import { importBatch } from '../../src/records/bulk.ts';
import { createRecordValidator } from '../../src/records/schema.ts';

describe.each(DATABASE_KINDS)('search columns after writes on %s', (kind) => {
  let db: Database;
  let engine: SearchEngine;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    engine = createPostgresSearchEngine(db.pool);
  });
  afterAll(() => db?.close());

  const ids = async (q: string) => (await engine.search({ q, identity: system, facets: false })).hits.map((h) => h.id).sort();

  it('finds a record as soon as its transaction commits, and not before', async () => {
    await transaction(db.pool, async (tx) => {
      await insertRecords(tx, [{ id: 'w1', json: { titles: [{ title: 'Walrus census' }], types: { resourceTypeGeneral: 'Dataset' } } }]);
      // Inside the transaction the row and its search columns exist already.
      const { rows } = await tx.query(`SELECT resource_type FROM records r WHERE r.id = 'w1' AND r.search_vector @@ plainto_tsquery('simple', 'walrus')`);
      expect(rows).toEqual([{ resource_type: 'Dataset' }]);
    });
    expect(await ids('walrus')).toEqual(['w1']);
  });

  it('indexes rows from a bulk INSERT ... SELECT', async () => {
    await db.pool.query(`CREATE TEMP TABLE staging (id text, json jsonb)`);
    await db.pool.query(`INSERT INTO staging SELECT 'b' || g, jsonb_build_object('id', 'b' || g, 'titles', jsonb_build_array(jsonb_build_object('title', 'Bulk narwhal ' || g)), 'publicationYear', 2000 + g) FROM generate_series(1, 5) g`);
    await db.pool.query(`INSERT INTO records (id, json, schema, revision, created, updated, datestamp) SELECT id, json, 's', 1, now(), now(), now() FROM staging`);
    expect(await ids('narwhal')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(await ids('narwhal year:[2004 TO *]')).toEqual(['b4', 'b5']);
  });

  it('gives bulk-imported records the same columns the trigger computes, and no other write skips it', async () => {
    const input = (title: string, extra: Record<string, unknown> = {}) => ({
      titles: [{ title }, { title: 'Zweiter Titel', lang: 'de' }],
      creators: [{ name: 'Okafor, Aisha', nameType: 'Personal' }, { name: 'Berg, Lars', familyName: 'Berg', givenName: 'Lars' }, { name: 'Okafor, Aisha' }],
      subjects: [{ subject: 'Ecology' }, { subject: ' Ecology ' }, { subject: 'Polar seas' }],
      descriptions: [{ description: 'Tusks and ice floes.', descriptionType: 'Abstract' }],
      publisher: { name: 'Zenodo' },
      publicationYear: '2019',
      types: { resourceTypeGeneral: 'Dataset' },
      language: 'EN',
      ...extra,
    });
    const res = await importBatch(
      {
        pool: db.pool,
        validator: createRecordValidator(),
        hooks: {
          // A plain INSERT in the bulk transaction, after the bulk INSERT: the trigger must compute its columns.
          async afterBulkCreate(tx) {
            await insertRecords(tx, [{ id: 'hooked', json: { titles: [{ title: 'Dugong hook' }] } }]);
          },
        },
      },
      [
        { position: '1', input: input('Bulk manatee one') as never },
        { position: '2', input: input('Bulk manatee two', { publicationYear: '2020', language: 'de' }) as never },
      ],
    );
    expect(res.rejected).toEqual([]);
    expect(await ids('dugong')).toEqual(['hooked']);
    const columns = `SELECT id, search_vector::text, resource_type, pub_year, subjects, creator_names, language, publisher, title_sort
      FROM records WHERE id = ANY($1::text[]) ORDER BY id`;
    const before = (await db.pool.query(columns, [res.created])).rows;
    expect(before.map((r) => r.subjects)).toEqual([['Ecology', 'Polar seas'], ['Ecology', 'Polar seas']]);
    expect(await ids('manatee creator:berg subject:polar')).toEqual([...res.created].sort());
    await transaction(db.pool, async (tx) => {
      await tx.query(`SET LOCAL granary.search_reindex = 'on'`);
      await tx.query(`UPDATE records SET json = json WHERE id = ANY($1::text[])`, [res.created]);
    });
    expect((await db.pool.query(columns, [res.created])).rows).toEqual(before);
  });

  it('follows updates of the JSON and drops deleted records', async () => {
    await db.pool.query(`UPDATE records SET json = jsonb_set(json, '{titles}', '[{"title": "Seal census"}]') WHERE id = 'w1'`);
    expect(await ids('walrus')).toEqual([]);
    expect(await ids('seal')).toEqual(['w1']);
    await db.pool.query(`UPDATE records SET deleted_at = now() WHERE id = 'w1'`);
    expect(await ids('seal')).toEqual([]);
    await engine.remove(['w1']);
    expect(await ids('seal')).toEqual([]);
  });

  it('stores records whose fields are oversized or of the wrong shape', async () => {
    const huge = 'x'.repeat(5000);
    await insertRecords(db.pool, [
      {
        id: 'big',
        json: {
          titles: [{ title: `Kraken ${huge}` }],
          subjects: [{ subject: huge }],
          creators: [{ name: huge }],
          descriptions: [{ description: 'kraken '.repeat(200_000) }],
          types: { resourceTypeGeneral: huge },
          publisher: { name: huge },
        },
      },
      { id: 'odd', json: { titles: 'Kraken odd', publicationYear: { year: 1 }, types: 'Dataset', language: ['en'] } },
    ]);
    expect(await ids('kraken')).toEqual(['big']);
    const { rows } = await db.pool.query(`SELECT pub_year, resource_type, language, title_sort, length(publisher) AS p FROM records WHERE id IN ('big', 'odd') ORDER BY id`);
    expect(rows).toEqual([
      { pub_year: null, resource_type: 'x'.repeat(100), language: null, title_sort: `kraken ${'x'.repeat(193)}`, p: 500 },
      { pub_year: null, resource_type: null, language: null, title_sort: null, p: null },
    ]);
  });

  it('reads over-long texts as text, not as JSON: words after a newline, and separate descriptions kept apart', async () => {
    const filler = 'filler '.repeat(15_000); // 105,000 characters: the cut-off branch
    await insertRecords(db.pool, [
      {
        id: 'long',
        json: { titles: [{ title: 'Long record' }], descriptions: [{ description: 'echo' }, { description: 'foxtrot' }, { description: `${filler}\nbravoword` }] },
      },
    ]);
    // The first 100,000 characters are searchable, two descriptions are not one phrase, and
    // the words past the cut are not indexed.
    expect(await ids('filler echo foxtrot')).toEqual(['long']);
    const cut = await db.pool.query(`SELECT search_vector @@ 'echo <-> foxtrot'::tsquery AS joined, search_vector @@ 'bravoword'::tsquery AS past FROM records WHERE id = 'long'`);
    expect(cut.rows).toEqual([{ joined: false, past: false }]);
    await insertRecords(db.pool, [{ id: 'long2', json: { titles: [{ title: 'Short' }], descriptions: [{ description: `${'x '.repeat(40_000)}\nbravoword` }, { description: `${'y '.repeat(20_000)}` }] } }]);
    expect(await ids('bravoword')).toEqual(['long2']);
  });

  it('recomputes every record in reindexAll', async () => {
    // Columns wiped by hand while the JSON stays: the trigger keeps them as they are ...
    await db.pool.query(`UPDATE records SET search_vector = '', resource_type = NULL WHERE id LIKE 'b%'`);
    expect(await ids('narwhal')).toEqual([]);
    const progress: number[] = [];
    const n = await createPostgresSearchEngine(db.pool, { reindexBatchSize: 2 }).reindexAll((done) => progress.push(done));
    // ... until reindexAll recomputes them, in batches.
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM records');
    expect(n).toBe(Number(rows[0].n));
    expect(progress[0]).toBe(2);
    expect(progress[progress.length - 1]).toBe(n);
    expect(await ids('narwhal')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('serves as a per-row check inside a write transaction', async () => {
    const matches = await transaction(db.pool, async (tx) => {
      await insertRecords(tx, [{ id: 'oai1', json: { titles: [{ title: 'Orca song' }], types: { resourceTypeGeneral: 'Audiovisual' } } }]);
      const check = async (id: string, q: string) => {
        const params: unknown[] = [id];
        const cond = toSqlCondition(parseQuery(q), params, 'r');
        return (await tx.query(`SELECT 1 FROM records r WHERE r.id = $1 AND ${cond}`, params)).rowCount === 1;
      };
      return [await check('oai1', 'type:audiovisual AND title:orca'), await check('oai1', 'type:Dataset'), await check('b1', 'orca')];
    });
    expect(matches).toEqual([true, false, false]);
  });

  it('keeps anonymous totals to public records after writes', async () => {
    await insertRecords(db.pool, [{ id: 'hid', access: 'restricted', json: { titles: [{ title: 'Beluga secret' }] } }]);
    expect((await engine.search({ q: 'beluga', identity: anonymous })).total).toBe(0);
    expect(await ids('beluga')).toEqual(['hid']);
  });
});
