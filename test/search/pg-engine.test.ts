/**
 * Contract suite for the PostgreSQL search engine, run on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, system, type Identity } from '../../src/access/identity.ts';
import type { Database } from '../../src/db/pool.ts';
import { BadRequest } from '../../src/errors.ts';
import type { SearchEngine, SearchRequest } from '../../src/search/engine.ts';
import { createPostgresSearchEngine } from '../../src/search/pg/engine.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/db.ts';
import { CORPUS, insertRecords } from './corpus.ts';

const alice: Identity = { id: 'alice', roles: [] };
const ANON_VISIBLE = ['r01', 'r02', 'r03', 'r06', 'r08', 'r09', 'r10'];

describe.each(DATABASE_KINDS)('PostgreSQL search engine on %s', (kind) => {
  let db: Database;
  let engine: SearchEngine;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await insertRecords(db.pool, CORPUS);
    engine = createPostgresSearchEngine(db.pool, { maxPageSize: 100 });
  });
  afterAll(() => db?.close());

  const search = (req: Partial<SearchRequest>) => engine.search({ identity: anonymous, size: 100, ...req });
  const ids = async (q: string, req: Partial<SearchRequest> = {}) => (await search({ q, facets: false, ...req })).hits.map((h) => h.id).sort();

  describe('query forms', () => {
    it.each([
      ['', ANON_VISIBLE],
      ['climate', ['r01', 'r02', 'r03']],
      ['climate sea', ['r01', 'r03']],
      ['"sea level"', ['r01']],
      ['"level sea"', []],
      ['title:climate', ['r02']],
      ['subject:climate', ['r01', 'r02']],
      ['creator:smith', ['r01', 'r03']],
      ['creator:"Smith, Jane"', ['r01']],
      ['creator:berg', ['r09']],
      ['title:(climate OR ocean)', ['r02', 'r03']],
      ['type:dataset', ['r01', 'r02', 'r06']],
      ['type:"Dataset"', ['r01', 'r02', 'r06']],
      ['year:2014', ['r01', 'r10']],
      ['year:[2000 TO 2010]', ['r02', 'r03', 'r06']],
      ['year:{2001 TO 2010}', ['r03']],
      ['year:[* TO 2000]', ['r09']],
      ['year:[2010 TO *]', ['r01', 'r02', 'r10']],
      ['doi:10.5281/ZENODO.1', ['r01']],
      ['doi:"https://doi.org/10.5281/zenodo.1"', ['r01']],
      ['publisher:zenodo', ['r01', 'r03']],
      ['publisher:"pangaea"', ['r02']],
      ['language:DE', ['r02', 'r09']],
      ['climate NOT title:ocean', ['r01', 'r02']],
      ['climate -ocean', ['r01', 'r02']],
      ['-type:Dataset', ['r03', 'r08', 'r09', 'r10']],
      // No stemming ('simple'): glaciers is not glacier.
      ['glacier OR sea AND level', ['r01', 'r06', 'r08']],
      ['(glacier OR ocean) AND year:[2000 TO *]', ['r03', 'r06']],
      ['Über', ['r09']],
      ['gletscher glaciers', ['r09']],
      ['"sea level', ['r01']],
      // A field restricts every word of its phrase to that field's weight.
      ['title:"sea level"', ['r01']],
      ['subject:"sea level"', []],
      ['title:"Über die"', ['r09']],
      ['creator:"Jane Smith"', []],
      // A phrase stays inside one value: not across two subjects, nor from a title into a creator.
      ['subject:"climate oceanography"', []],
      ['subject:"oceanography climate"', []],
      ['"sea smith"', []],
      ['"jane climate"', []],
      ['"north sea"', ['r01']],
    ])('%s', async (q, expected) => {
      expect(await ids(q)).toEqual(expected);
    });

    it('counts a run of NOTs instead of nesting them (PGlite failed a statement nested 536 deep)', async () => {
      expect(await ids(`${'! '.repeat(900)}climate`)).toEqual(['r01', 'r02', 'r03']);
      expect(await ids(`NOT ${'! '.repeat(900)}climate`)).toEqual(['r06', 'r08', 'r09', 'r10']);
    });
  });

  describe('access', () => {
    it('hides restricted, embargoed and deleted records from anonymous', async () => {
      expect(await ids('')).toEqual(ANON_VISIBLE);
    });
    it('shows owners their restricted records but not others', async () => {
      expect(await ids('climate', { identity: alice })).toEqual(['r01', 'r02', 'r03', 'r04']);
    });
    it('shows admins everything except deleted records', async () => {
      expect(await ids('climate', { identity: system })).toEqual(['r01', 'r02', 'r03', 'r04', 'r05']);
    });
    it('never counts unreadable records in facets', async () => {
      const anon = await search({ q: 'climate' });
      const keys = Object.values(anon.facets).flatMap((f) => f.buckets.map((b) => b.key));
      expect(keys).not.toContain('secret-subject');
      expect(keys).not.toContain('embargoed-subject');
      expect(keys).not.toContain('Hidden, Person');
      expect(anon.facets.access.buckets).toEqual([{ key: 'public', doc_count: 3 }]);
      const admin = await search({ q: 'climate', identity: system });
      expect(admin.facets.subject.buckets).toContainEqual({ key: 'secret-subject', doc_count: 1 });
      expect(admin.facets.access.buckets).toEqual([
        { key: 'public', doc_count: 3 },
        { key: 'embargoed', doc_count: 1 },
        { key: 'restricted', doc_count: 1 },
      ]);
    });
  });

  describe('facets', () => {
    it('counts every facet over the visible records, top buckets by count then key', async () => {
      const r = await search({});
      expect(r.total).toBe(7);
      expect(r.facets.type.buckets).toEqual([
        { key: 'Dataset', doc_count: 3 },
        { key: 'Image', doc_count: 2 },
        { key: 'Text', doc_count: 1 },
      ]);
      expect(r.facets.year.buckets[0]).toEqual({ key: '2014', doc_count: 2 });
      // A subject repeated in one record counts that record once.
      expect(r.facets.subject.buckets).toEqual([
        { key: 'climate', doc_count: 2 },
        { key: 'oceanography', doc_count: 2 },
      ]);
      expect(r.facets.creator.buckets.map((b) => b.key)).toEqual(['Berg, Anna', 'Müller, Hans', 'Smith, Jane', 'Smith, John']);
      expect(r.facets.language.buckets).toEqual([
        { key: 'en', doc_count: 3 },
        { key: 'de', doc_count: 2 },
      ]);
    });

    it("applies the other facets' filters but not a facet's own", async () => {
      const r = await search({ filters: { type: ['Dataset'] } });
      expect(r.hits.map((h) => h.id).sort()).toEqual(['r01', 'r02', 'r06']);
      expect(r.total).toBe(3);
      // type keeps its other buckets so the user can widen the selection ...
      expect(r.facets.type.buckets.map((b) => b.key)).toEqual(['Dataset', 'Image', 'Text']);
      // ... while the other facets count Datasets only.
      expect(r.facets.year.buckets).toEqual([
        { key: '2001', doc_count: 1 },
        { key: '2010', doc_count: 1 },
        { key: '2014', doc_count: 1 },
      ]);
      expect(r.facets.language.buckets).toEqual([
        { key: 'de', doc_count: 1 },
        { key: 'en', doc_count: 1 },
      ]);
    });

    it('ORs values within a facet and ANDs across facets, together with the query', async () => {
      const r = await search({ filters: { type: ['Dataset', 'Image'], year: ['2014'] } });
      expect(r.hits.map((h) => h.id).sort()).toEqual(['r01', 'r10']);
      expect(r.facets.type.buckets).toEqual([
        { key: 'Dataset', doc_count: 1 },
        { key: 'Image', doc_count: 1 },
      ]);
      expect(r.facets.year.buckets.map((b) => b.key)).toEqual(['2014', '1999', '2001', '2010']);
      const q = await search({ q: 'climate', filters: { subject: ['oceanography'] } });
      expect(q.hits.map((h) => h.id).sort()).toEqual(['r01', 'r03']);
      expect(q.facets.subject.buckets).toEqual([
        { key: 'climate', doc_count: 2 },
        { key: 'oceanography', doc_count: 2 },
      ]);
      expect(q.facets.type.buckets).toEqual([
        { key: 'Dataset', doc_count: 1 },
        { key: 'Text', doc_count: 1 },
      ]);
    });

    it('matches type and language filters whatever their case, as type: and language: in the query do', async () => {
      const exact = await search({ filters: { type: ['Dataset'], language: ['de'] } });
      expect(exact.hits.map((h) => h.id)).not.toEqual([]);
      const anyCase = await search({ filters: { type: ['DATASET'], language: ['DE'] } });
      expect(anyCase.hits.map((h) => h.id)).toEqual(exact.hits.map((h) => h.id));
      expect(anyCase.facets).toEqual(exact.facets);
      expect((await search({ q: 'type:dataset language:DE' })).total).toBe(exact.total);
      // Subjects and creators are picked from buckets: exact.
      expect((await search({ filters: { subject: ['OCEANOGRAPHY'] } })).total).toBe(0);
    });

    it('filters on creator, language and access', async () => {
      expect((await search({ filters: { creator: ['Smith, John'] } })).hits.map((h) => h.id)).toEqual(['r03']);
      // A decomposed ü (u + U+0308, as some clients send it) matches the stored NFC text.
      expect((await search({ filters: { creator: ['Mu\u0308ller, Hans'] } })).hits.map((h) => h.id)).toEqual(['r02']);
      expect((await search({ filters: { language: ['de'] }, sort: 'oldest' })).hits.map((h) => h.id)).toEqual(['r02', 'r09']);
      expect((await search({ filters: { access: ['restricted'] }, identity: system })).hits.map((h) => h.id)).toEqual(['r04']);
      expect((await search({ filters: { access: ['restricted'] } })).total).toBe(0);
    });

    // Every bucket must equal the total of the same search with that bucket as the facet's
    // only selection: facets are counted in one pass over combinations (search-sql.ts), and
    // rows failing two filters are dropped early; neither may change a count.
    it.each([
      ['', { type: ['Dataset', 'Image'], year: ['2014', '2001'] }, anonymous],
      ['', { type: ['Dataset'], language: ['en'], subject: ['climate'] }, alice],
      ['climate', { access: ['public', 'restricted'], subject: ['climate'], year: ['2014'] }, system],
      ['', { creator: ['Smith, Jane', 'Berg, Anna'], language: ['de', 'en'] }, system],
      ['glacier OR sea', { year: ['2001', '2014'] }, anonymous],
    ] as [string, Record<string, string[]>, Identity][])('counts %j with filters %j exactly as the filters select', async (q, filters, identity) => {
      const r = await search({ q, filters, identity });
      expect(r.total).toBe(r.hits.length);
      // Every value any record has (the corpus has fewer than FACET_SIZE values per facet).
      const every = (await search({ identity: system })).facets;
      for (const [facet, { buckets }] of Object.entries(every)) {
        const expected = [];
        for (const { key } of buckets) {
          const alone = await search({ q, filters: { ...filters, [facet]: [key] }, identity, facets: false });
          if (alone.total > 0) expected.push({ key, doc_count: alone.total });
        }
        const sorted = (b: { key: string; doc_count: number }[]) => [...b].sort((x, y) => y.doc_count - x.doc_count || (x.key < y.key ? -1 : 1));
        expect({ facet, buckets: r.facets[facet].buckets }).toEqual({ facet, buckets: sorted(expected) });
      }
    });

    it('returns no facets when not asked', async () => {
      expect((await search({ facets: false })).facets).toEqual({});
      expect(await search({ facets: [] })).toMatchObject({ facets: {}, total: 7 });
    });

    // Asking for some facets changes which are computed, never their counts, the hits or the total.
    it.each([
      ['', {}, anonymous, ['subject', 'creator']],
      ['climate', { type: ['Dataset'] }, alice, ['type', 'year', 'subject', 'creator']],
      ['', { language: ['en', 'de'], subject: ['climate'] }, system, ['subject', 'access']],
      ['', { type: ['Dataset'], year: ['2014'] }, anonymous, ['year']],
      ['climate', { access: ['restricted'] }, alice, ['creator', 'access']],
    ] as [string, Record<string, string[]>, Identity, string[]][])('for %j with filters %j as %j, computes only facets %j, counted as in a full search', async (q, filters, identity, facets) => {
      const full = await search({ q, filters, identity });
      const some = await search({ q, filters, identity, facets });
      expect(Object.keys(some.facets)).toEqual(facets);
      expect(some.facets).toEqual(Object.fromEntries(facets.map((f) => [f, full.facets[f]])));
      expect(some.total).toBe(full.total);
      expect(some.hits.map((h) => h.id)).toEqual(full.hits.map((h) => h.id));
    });

    it('never counts unreadable records in the facets asked for', async () => {
      const r = await search({ q: 'climate', facets: ['subject', 'access'] });
      expect(r.facets.subject.buckets.map((b) => b.key)).not.toContain('secret-subject');
      expect(r.facets.access.buckets).toEqual([{ key: 'public', doc_count: 3 }]);
      const owner = await search({ q: 'climate', filters: { access: ['restricted'] }, identity: alice, facets: ['subject'] });
      expect(owner.facets.subject.buckets).toContainEqual({ key: 'secret-subject', doc_count: 1 });
      expect(owner.facets.subject.buckets).not.toContainEqual({ key: 'embargoed-subject', doc_count: 1 });
    });
  });

  describe('sorting and paging', () => {
    it('ranks title matches above subject matches above description matches', async () => {
      const r = await search({ q: 'climate', sort: 'bestmatch' });
      expect(r.hits.map((h) => h.id)).toEqual(['r02', 'r01', 'r03']);
    });
    it('sorts by newest, oldest and title', async () => {
      expect((await search({ sort: 'newest' })).hits.map((h) => h.id)).toEqual([...ANON_VISIBLE].reverse());
      expect((await search({ sort: 'oldest' })).hits.map((h) => h.id)).toEqual(ANON_VISIBLE);
      expect((await search({ sort: 'title' })).hits.map((h) => h.id)).toEqual(['r02', 'r08', 'r06', 'r03', 'r01', 'r10', 'r09']);
    });
    it('uses newest for best match without free text', async () => {
      expect((await search({ q: 'type:Dataset' })).hits.map((h) => h.id)).toEqual(['r06', 'r02', 'r01']);
    });
    it('pages with an exact total', async () => {
      const p2 = await search({ sort: 'oldest', size: 3, page: 2 });
      expect(p2.total).toBe(7);
      expect(p2.hits.map((h) => h.id)).toEqual(['r06', 'r08', 'r09']);
      expect((await search({ sort: 'oldest', size: 3, page: 4 })).hits).toEqual([]);
    });
    it('returns the stored records as hits', async () => {
      const [hit] = (await search({ q: 'doi:10.5281/zenodo.1' })).hits;
      expect(hit).toMatchObject({ id: 'r01', doi: '10.5281/zenodo.1', publisher: { name: 'Zenodo' } });
    });
  });

  describe('bad and hostile input', () => {
    it.each([
      `'; DROP TABLE records; --`,
      `title:"'); DELETE FROM records; --"`,
      `climate & ocean | !sea :* <-> $1 \\ '`,
      `publisher:"x' OR '1'='1"`,
      `"`,
      `--`,
    ])('%s is harmless', async (q) => {
      await expect(search({ q })).resolves.toBeDefined();
      await expect(search({ q, filters: { type: [q], subject: [q] } })).resolves.toMatchObject({ total: 0 });
      expect((await search({})).total).toBe(7);
    });
    it.each([
      ['(climate', '/q'],
      ['climate)', '/q'],
      ['AND', '/q'],
      ['colour:red', '/q'],
      ['title:[a TO b]', '/q'],
      ['year:abc', '/q'],
    ])('%s is a BadRequest', async (q, pointer) => {
      const err = await search({ q }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequest);
      expect((err as BadRequest).details[0].pointer).toBe(pointer);
    });
    it.each([
      [{ page: 0 }, '/page'],
      [{ size: 101 }, '/size'],
      [{ size: 100, page: 101 }, '/page'],
      [{ sort: 'random' as never }, '/sort'],
      [{ filters: { colour: ['red'] } }, '/colour'],
      [{ filters: { year: ['recent'] } }, '/year'],
      [{ facets: ['type', 'colour'] }, '/facets'],
    ])('%j is a BadRequest', async (req, pointer) => {
      const err = await search(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequest);
      expect((err as BadRequest).details[0].pointer).toBe(pointer);
    });
  });
});
