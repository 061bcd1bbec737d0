/**
 * OAI sets: static and query sets, hierarchy, membership materialized at write time and
 * in bulk imports, recompute on definition change (datestamps of records that joined or
 * left are bumped; idempotent), deleted records in sets, and selective harvesting.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { system } from '../../src/access/identity.ts';
import { importBatch } from '../../src/records/bulk.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import { createSetMembershipHooks } from '../../src/sets/membership.ts';
import { recomputeSet } from '../../src/sets/recompute.ts';
import { DATABASE_KINDS } from '../support/db.ts';
import { createOaiHarness, REPO_ID, toTestRecord, type OaiHarness } from './harness.ts';
import { expectValidOai, toErrorCodes, toIdentifiers } from './oai-assert.ts';

describe.each(DATABASE_KINDS)('OAI sets on %s', (kind) => {
  let h: OaiHarness;
  let dataset2021: string;
  let dataset2010: string;
  let software: string;

  const oaiId = (id: string) => `oai:${REPO_ID}:${id}`;
  const members = async (spec: string) =>
    (await h.db.pool.query<{ record_id: string }>('SELECT record_id FROM oai_set_records WHERE set_spec = $1 ORDER BY record_id', [spec])).rows.map((r) => r.record_id);
  const datestamp = async (id: string) => (await h.db.pool.query<{ d: string }>('SELECT datestamp::text AS d FROM records WHERE id = $1', [id])).rows[0].d;
  const harvestSet = async (spec: string, extra = '') => {
    const r = await h.get(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=${encodeURIComponent(spec)}${extra}`);
    expectValidOai(r.text);
    return r.text;
  };

  beforeAll(async () => {
    h = await createOaiHarness(kind, { pageSize: 50 });
    dataset2021 = await h.create(toTestRecord('Glacier mass balance', { publicationYear: '2021' }));
    dataset2010 = await h.create(toTestRecord('Old glacier survey', { publicationYear: '2010' }));
    software = await h.create(toTestRecord('Glacier model code', { types: { resourceTypeGeneral: 'Software' } }));
  }, 60_000);
  afterAll(() => h?.close());

  test('query sets, a child set and a static set are materialized; headers list the minimal setSpecs', async () => {
    await h.sets.create({ spec: 'data', name: 'Datasets', description: 'Every dataset & more', query: 'type:Dataset' });
    await h.sets.create({ spec: 'data:recent', name: 'Recent datasets', query: 'type:Dataset AND year:[2020 TO *]' });
    await h.sets.create({ spec: 'picked', name: 'Picked by hand', records: [software] });
    expect(await members('data')).toEqual([dataset2021, dataset2010].sort());
    expect(await members('data:recent')).toEqual([dataset2021]);
    expect(await members('picked')).toEqual([software]);

    const list = await h.get('verb=ListSets');
    expectValidOai(list.text);
    expect(list.text).toContain('<setSpec>data:recent</setSpec><setName>Recent datasets</setName>');
    expect(list.text).toContain('<dc:description>Every dataset &amp; more</dc:description>');

    const rec = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId(dataset2021))}`);
    // OAI-PMH 2.0 section 2.7.2: the parent set is implied by the child, so it is not listed.
    expect(rec.text).toContain('<setSpec>data:recent</setSpec></header>');
    expect(rec.text).not.toContain('<setSpec>data</setSpec>');
  });

  test('selective harvesting: a parent set includes its children; an unknown set matches nothing', async () => {
    expect(toIdentifiers(await harvestSet('data')).sort()).toEqual([dataset2021, dataset2010].map(oaiId).sort());
    expect(toIdentifiers(await harvestSet('data:recent'))).toEqual([oaiId(dataset2021)]);
    expect(toErrorCodes(await harvestSet('nosuch'))).toEqual(['noRecordsMatch']);
  });

  test('a write that moves a record out of a set takes it out at once, with a new datestamp', async () => {
    const before = await datestamp(dataset2010);
    await h.store.update(system, dataset2010, toTestRecord('Old glacier survey', { publicationYear: '2010', types: { resourceTypeGeneral: 'Software' } }));
    expect(await members('data')).toEqual([dataset2021]);
    expect(await datestamp(dataset2010) > before).toBe(true);
    expect(toIdentifiers(await harvestSet('data'))).toEqual([oaiId(dataset2021)]);
  });

  test('a definition change is recomputed: joined and left records get new datestamps; recompute is idempotent', async () => {
    const stamps = { a: await datestamp(dataset2021), b: await datestamp(dataset2010), c: await datestamp(software) };
    await h.sets.replace({ spec: 'data', name: 'Now software', query: 'type:Software' });
    // data = own matches (software records) + data:recent's (dataset2021).
    expect(await members('data')).toEqual([dataset2021, dataset2010, software].sort());
    expect(await datestamp(dataset2010) > stamps.b).toBe(true);
    expect(await datestamp(software) > stamps.c).toBe(true);
    expect(await datestamp(dataset2021)).toBe(stamps.a);
    const { rows } = await h.db.pool.query(`SELECT payload FROM outbox WHERE type = 'set.changed' ORDER BY id DESC LIMIT 1`);
    expect(rows[0].payload).toEqual({ setSpec: 'data' });

    const after = { b: await datestamp(dataset2010), c: await datestamp(software) };
    const again = await recomputeSet(h.db.pool, 'data');
    expect(again.sets.every((s) => s.joined === 0 && s.left === 0)).toBe(true);
    expect(await datestamp(dataset2010)).toBe(after.b);
    expect(await datestamp(software)).toBe(after.c);
  });

  test('incremental harvesters see the records that left a set through their new datestamps', async () => {
    const { rows } = await h.db.pool.query<{ f: string }>(`SELECT to_char(max(datestamp) AT TIME ZONE 'UTC' + interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS f FROM records`);
    await new Promise((r) => setTimeout(r, 1100));
    await h.sets.replace({ spec: 'picked', name: 'Picked by hand', records: [dataset2021] });
    const changed = toIdentifiers((await h.get(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${rows[0].f}`)).text).sort();
    expect(changed).toEqual([dataset2021, software].map(oaiId).sort());
    expect(toIdentifiers(await harvestSet('picked'))).toEqual([oaiId(dataset2021)]);
  });

  test('a deleted record stays in its sets and is listed there as deleted', async () => {
    await h.store.remove(system, dataset2021);
    const text = await harvestSet('data:recent');
    expect(text).toContain(`<header status="deleted"><identifier>${oaiId(dataset2021)}</identifier>`);
  });

  test('bulk imports materialize memberships set-wise', async () => {
    const res = await importBatch({ pool: h.db.pool, validator: createRecordValidator(), hooks: createSetMembershipHooks() }, [
      { position: '1', input: toTestRecord('Bulk dataset', { publicationYear: '2023' }) },
      { position: '2', input: toTestRecord('Bulk software', { types: { resourceTypeGeneral: 'Software' } }) },
    ]);
    const [ds, sw] = res.created;
    expect(await members('data:recent')).toContain(ds);
    expect(await members('data')).toEqual(expect.arrayContaining([ds, sw]));
  });

  test('definitions are validated; a parent with children cannot be deleted; deleting a set empties it', async () => {
    await expect(h.sets.create({ spec: 'orphan:child', name: 'x', query: 'type:Dataset' })).rejects.toThrow(/parent set orphan/i);
    await expect(h.sets.create({ spec: 'data', name: 'dup', query: 'type:Dataset' })).rejects.toThrow(/already exists/);
    await expect(h.sets.remove('data')).rejects.toThrow(/child sets/);
    const before = await datestamp(software);
    await h.sets.remove('picked');
    expect(await members('picked')).toEqual([]);
    expect(await datestamp(software)).toBe(before);
    await h.sets.remove('data:recent');
    await h.sets.remove('data');
    expect(await members('data')).toEqual([]);
    expect(await datestamp(software) > before).toBe(true);
    expect(toErrorCodes((await h.get('verb=ListSets')).text)).toEqual(['noSetHierarchy']);
  });
});
