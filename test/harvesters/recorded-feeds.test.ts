/**
 * Harvesting real recorded OAI-PMH responses (DSpace, Zenodo, TETHYS, Sickle's samples,
 * INSPIRE MARCXML) from a local server that replays them. Each ends with exactly the
 * recorded live records stored once, deleted ones not stored, and a second harvest storing
 * nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import type { Database } from '../../src/db/pool.ts';
import { createHarness } from './support/harness.ts';
import { startTestServer, type TestServer } from './support/http-server.ts';
import { createReplayHandler, readFixture, toIdentifyXml, toServedPages } from './support/replay.ts';
import { toExpectedRecords, toLiveIdentifiers } from './support/expected.ts';
import { listFailures } from '../../harvesters/runs.ts';

interface Feed {
  name: string;
  identify: string;
  pages: string[];
  metadataPrefix: string;
  set?: string;
  /** Records of this feed the loader may not turn into valid records (e.g. no title). */
  mayFail?: number;
}

const feeds: Feed[] = [
  {
    name: 'zenodo',
    identify: readFixture('zenodo-invenio/Identify.xml'),
    pages: [1, 2, 3].map((i) => readFixture(`zenodo-invenio/ListRecords-oai_dc/page${i}.xml`)),
    metadataPrefix: 'oai_dc',
  },
  { name: 'zenodo-datacite', identify: readFixture('zenodo-invenio/Identify.xml'), pages: [readFixture('zenodo-invenio/ListRecords-datacite-page1.xml')], metadataPrefix: 'datacite' },
  { name: 'zenodo-software', identify: readFixture('zenodo-invenio/Identify.xml'), pages: [readFixture('zenodo-invenio/ListRecords-oai_dc-set-software-page1.xml')], metadataPrefix: 'oai_dc', set: 'software' },
  { name: 'tethys', identify: readFixture('tethys-rdr/Identify.xml'), pages: [1, 2, 3].map((i) => readFixture(`tethys-rdr/ListRecords/page${i}.xml`)), metadataPrefix: 'oai_dc' },
  {
    name: 'sickle',
    identify: readFixture('sickle-sample-data/Identify.xml'),
    pages: ['', '2', '3', '4'].map((i) => readFixture(`sickle-sample-data/ListRecords${i}.xml`)),
    metadataPrefix: 'oai_dc',
    // Page 4 opens with a deleted header that has neither identifier nor datestamp (Sickle
    // tests its tolerance): it is reported as a failed item, never matched to a record.
    mayFail: 1,
  },
  { name: 'dspace-mit', identify: toIdentifyXml(), pages: [readFixture('dspace-mit/ListRecords-set.xml')], metadataPrefix: 'oai_dc', set: 'com_1721.1_140587' },
  { name: 'dspace-mit-deleted', identify: toIdentifyXml(), pages: [readFixture('dspace-mit/ListRecords-deleted-record.xml')], metadataPrefix: 'oai_dc' },
  { name: 'erasmus-2003', identify: readFixture('dspace-erasmus-2003/Identify.xml'), pages: [readFixture('dspace-erasmus-2003/ListRecords-2003.xml')], metadataPrefix: 'oai_dc' },
  { name: 'erasmus-2004', identify: readFixture('dspace-erasmus-2003/Identify.xml'), pages: [readFixture('dspace-erasmus-2003/ListRecords-2004-large.xml')], metadataPrefix: 'oai_dc' },
  // INSPIRE's conference records carry their name in 111, not 245: the MARC loader finds no
  // title, and both are reported as failed (with the reason), never stored half-made.
  { name: 'inspire', identify: toIdentifyXml('YYYY-MM-DD'), pages: [readFixture('inspire-invenio-legacy/ListRecords-marcxml.xml')], metadataPrefix: 'marcxml', mayFail: 2 },
];

describe('recorded feeds', () => {
  let db: Database;
  let h: ReturnType<typeof createHarness>;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    h = createHarness(db);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await db?.close();
  });

  for (const feed of feeds) {
    it(`${feed.name}: stores exactly the recorded live records, once`, async () => {
      const server = await startTestServer(createReplayHandler(feed.identify, feed.pages));
      servers.push(server);
      await h.sources.create({ id: feed.name, type: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: feed.metadataPrefix, ...(feed.set ? { sets: [feed.set] } : {}) });
      const run = await h.run(feed.name);
      expect(run.lastError).toBeNull();
      expect(run.status).toBe('succeeded');
      expect(run.pages).toBe(feed.pages.length);

      const expected = toLiveIdentifiers(toExpectedRecords(toServedPages(feed.pages)));
      const live = await h.liveRecords(feed.name);
      const failures = await listFailures(db.pool, run.id, 1000);
      const failed = failures.map((f) => f.identifier).sort();
      expect(failed.length, JSON.stringify(failures)).toBeLessThanOrEqual(feed.mayFail ?? 0);
      // A record without an identifier is named by its place on the page; it has no place in `expected`.
      const named = failed.filter((id) => !/^\(record \d+ of the page/.test(id));
      expect([...live.keys(), ...named].sort()).toEqual(expected);
      for (const [identifier, rec] of live) {
        expect(rec.provenance).toMatchObject({ sourceId: feed.name, feed: 'oai-pmh', baseURL: `${server.url}/oai`, identifier, altered: false });
        expect(rec.provenance?.datestamp).toMatch(/^\d{4}-\d{2}-\d{2}/);
      }

      expect(await h.derivedColumnMismatches()).toEqual([]);

      // Incremental run: the replay ignores `from`, so everything comes again, and is unchanged.
      const before = await h.counts();
      const again = await h.run(feed.name);
      expect(again.status).toBe('succeeded');
      expect(again.created).toBe(0);
      expect(again.updated).toBe(0);
      expect(await h.counts()).toEqual(before);
      const fromArgs = server.requests.filter((r) => r.includes('verb=ListRecords') && !r.includes('resumptionToken'));
      expect(fromArgs[1]).toContain('from=');
    });
  }
});
