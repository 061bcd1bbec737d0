/**
 * The DataCite REST API, Crossref REST API and ResourceSync harvesters against a local
 * server replaying responses shaped like the services' documented ones
 * (test/fixtures/feeds/), baseline then incremental.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import type { Database } from '../../src/db/pool.ts';
import { listFailures } from '../../harvesters/runs.ts';
import { createHarness } from './support/harness.ts';
import { startTestServer, type Handler, type TestServer } from './support/http-server.ts';

const FEEDS = join(import.meta.dirname, '../fixtures/feeds');
const SERVER_DATE = 'Tue, 05 Mar 2024 10:00:00 GMT';

describe('API and ResourceSync feeds', () => {
  let db: Database;
  let h: ReturnType<typeof createHarness>;
  let server: TestServer | undefined;
  beforeEach(async () => {
    db = await openTestDatabase('pglite');
    h = createHarness(db);
  });
  afterEach(async () => {
    await server?.close();
    await db.close();
  });

  /** Serve fixture files with {{BASE}} replaced by this server's URL, and a fixed Date header (the server's clock). */
  async function serve(route: (url: URL) => string | undefined): Promise<TestServer> {
    const handler: Handler = (_req, res, url) => {
      const file = route(url);
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'application/json', Date: SERVER_DATE });
        res.end('{"errors":[{"status":"404","title":"The resource you are looking for doesn\'t exist."}]}');
        return;
      }
      const type = file.endsWith('.json') ? 'application/json' : 'application/xml';
      res.writeHead(200, { 'Content-Type': type, Date: SERVER_DATE });
      res.end(readFileSync(join(FEEDS, file), 'utf8').replaceAll('{{BASE}}', server!.url));
    };
    server = await startTestServer(handler);
    return server;
  }

  it('DataCite: cursor paging from page[cursor]=1 along links.next, then updated:[from TO *]', async () => {
    await serve((u) => {
      const cursor = u.searchParams.get('page[cursor]');
      if (u.pathname !== '/dois') return undefined;
      if (cursor === '1') return 'datacite-api/page1.json';
      if (cursor === 'MTcwNDE4MjQwMDAwMCwxMC41MjgxL3plbm9kby43NzAxMDAy') return 'datacite-api/page2.json';
      if (cursor === 'MTcwNDYxNDQwMDAwMCwxMC41MjgxL3plbm9kby43NzAxMDA0') return 'datacite-api/page3.json';
      return undefined;
    });
    await h.sources.create({ id: 'zenodo-dc', type: 'datacite-api', url: `${server!.url}/dois`, query: 'client-id:cern.zenodo', options: { pageSize: 2 } });
    const run = await h.run('zenodo-dc');
    expect(run.lastError).toBeNull();
    expect(run).toMatchObject({ status: 'succeeded', pages: 3, created: 5, failed: 0, completeListSize: 5 });
    const first = new URL(server!.requests[0], server!.url);
    expect(Object.fromEntries(first.searchParams)).toMatchObject({ query: '(client-id:cern.zenodo)', 'page[cursor]': '1', 'page[size]': '2', sort: 'updated' });
    const live = await h.liveRecords('zenodo-dc');
    expect([...live.keys()]).toEqual(['10.5281/zenodo.7701001', '10.5281/zenodo.7701002', '10.5281/zenodo.7701003', '10.5281/zenodo.7701004', '10.5281/zenodo.7701005']);
    const rec = live.get('10.5281/zenodo.7701001')!;
    expect(rec).toMatchObject({ doi: '10.5281/zenodo.7701001', titles: [{ title: 'Glacier mass balance, Alps 2010-2020' }], publicationYear: '2023', types: { resourceTypeGeneral: 'Dataset' } });
    expect(rec.creators?.[0].affiliation?.[0]).toMatchObject({ name: 'CERN', affiliationIdentifier: 'https://ror.org/01ggx4157' });
    expect(rec.provenance).toMatchObject({ feed: 'datacite-api', identifier: '10.5281/zenodo.7701001', datestamp: '2024-01-02T08:00:00.000Z' });

    const again = await h.run('zenodo-dc');
    expect(again).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 5 });
    const incremental = new URL(server!.requests[3], server!.url);
    expect(incremental.searchParams.get('query')).toBe('(client-id:cern.zenodo) AND updated:[2024-03-05 TO *]');
  });

  it('Crossref: cursor=* then next-cursor until a page has no items; from-index-date on the next run; a work without title is reported', async () => {
    await serve((u) => {
      const cursor = u.searchParams.get('cursor');
      if (u.pathname !== '/works') return undefined;
      if (cursor === '*') return 'crossref-api/page1.json';
      if (cursor?.endsWith('dHhR')) return 'crossref-api/page2.json';
      if (cursor?.endsWith('dHhS')) return 'crossref-api/page3.json';
      return undefined;
    });
    await h.sources.create({ id: 'crossref', type: 'crossref-api', url: `${server!.url}/works`, query: 'member:78', options: { pageSize: 2 } });
    const run = await h.run('crossref');
    expect(run.lastError).toBeNull();
    expect(run).toMatchObject({ status: 'succeeded', created: 3, failed: 1, records: 4 });
    expect(await listFailures(db.pool, run.id)).toEqual([expect.objectContaining({ identifier: '10.1016/j.jglaciol.2023.104', reason: expect.stringContaining('/titles') })]);
    const first = new URL(server!.requests[0], server!.url);
    expect(Object.fromEntries(first.searchParams)).toEqual({ filter: 'member:78', rows: '2', cursor: '*' });
    const live = await h.liveRecords('crossref');
    const art = live.get('10.1016/j.jglaciol.2023.101')!;
    expect(art).toMatchObject({
      doi: '10.1016/j.jglaciol.2023.101',
      titles: [{ title: 'Basal sliding beneath a temperate glacier' }],
      publisher: { name: 'Elsevier BV' },
      publicationYear: '2023',
      types: { resourceTypeGeneral: 'JournalArticle', resourceType: 'journal-article' },
      descriptions: [{ description: 'We report in situ measurements of basal sliding.', descriptionType: 'Abstract' }],
      fundingReferences: [{ funderName: expect.stringContaining('Nationalfonds'), funderIdentifier: 'https://doi.org/10.13039/501100001711', awardNumber: '200021_172493' }],
      relatedItems: [{ relatedItemType: 'Journal', relationType: 'IsPublishedIn', volume: '69', issue: '4', firstPage: '101', lastPage: '115', relatedItemIdentifier: { relatedItemIdentifier: '0022-1430', relatedItemIdentifierType: 'ISSN' } }],
    });
    expect(art.creators?.[0]).toMatchObject({ name: 'Keller, Anna', nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097' }] });
    expect(live.get('10.1016/b978-0-12-000000-1.00001-2')?.types?.resourceTypeGeneral).toBe('BookChapter');

    await h.run('crossref');
    const incremental = new URL(server!.requests[3], server!.url);
    expect(incremental.searchParams.get('filter')).toBe('member:78,from-index-date:2024-03-05');
  });

  describe('hostile answers', () => {
    let servers = 0;
    const json = (res: import('node:http').ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'Content-Type': 'application/json', Date: SERVER_DATE, ...headers });
      res.end(JSON.stringify(body));
    };
    const page1 = () => JSON.parse(readFileSync(join(FEEDS, 'datacite-api/page1.json'), 'utf8')) as { data: Record<string, unknown>[]; meta: Record<string, unknown>; links: Record<string, unknown> };

    it('DataCite: a next link back to a page already harvested fails the run instead of paging forever', async () => {
      server = await startTestServer((_req, res) => json(res, { ...page1(), links: { next: `${server!.url}/dois?page[cursor]=1` } }));
      await h.sources.create({ id: 'loop', type: 'datacite-api', url: `${server.url}/dois`, options: { pageSize: 2 } });
      const run = await h.run('loop');
      expect(run.status).toBe('failed');
      expect(run.lastError).toMatch(/links\.next leads back to .*the list would never end/);
      expect(server.requests.length).toBeLessThanOrEqual(3);
    });

    it('DataCite: items without a DOI are failures, not one record; a huge total and a garbage Date header are ignored', async () => {
      const p = page1();
      const noDoi = (i: number) => ({ ...p.data[0], id: undefined, attributes: { ...(p.data[0]!.attributes as object), doi: undefined, titles: [{ title: `No DOI ${i}` }] } });
      server = await startTestServer((_req, res) => json(res, { data: [noDoi(1), noDoi(2), p.data[1]], meta: { total: 1e20 }, links: {} }, { Date: 'garbage' }));
      await h.sources.create({ id: 'nodoi', type: 'datacite-api', url: `${server.url}/dois`, options: { pageSize: 3 } });
      const run = await h.run('nodoi');
      expect(run.lastError).toBeNull();
      expect(run).toMatchObject({ status: 'succeeded', created: 1, failed: 2, completeListSize: null });
      expect((await listFailures(db.pool, run.id)).map((f) => f.reason)).toEqual([expect.stringMatching(/without a DOI/), expect.stringMatching(/without a DOI/)]);
      // The next run starts from our clock (the Date header was no date), and succeeds again.
      const again = await h.run('nodoi');
      expect(again.status).toBe('succeeded');
    });

    it('Crossref: a next-cursor already used fails the run instead of paging forever', async () => {
      const body = JSON.parse(readFileSync(join(FEEDS, 'crossref-api/page1.json'), 'utf8')) as { message: Record<string, unknown> };
      server = await startTestServer((_req, res) => json(res, { ...body, message: { ...body.message, 'next-cursor': 'same' } }));
      await h.sources.create({ id: 'crloop', type: 'crossref-api', url: `${server.url}/works`, options: { pageSize: 2 } });
      const run = await h.run('crloop');
      expect(run.status).toBe('failed');
      expect(run.lastError).toMatch(/next-cursor repeats/);
      expect(server.requests.length).toBeLessThanOrEqual(3);
    });

    it('DataCite: a page that is JSON but not a list page fails the run with a clear reason', async () => {
      for (const body of [null, { data: {} }, [1, 2]]) {
        await server?.close();
        server = await startTestServer((_req, res) => json(res, body));
        const id = `shape${servers++}`;
        await h.sources.create({ id, type: 'datacite-api', url: `${server.url}/dois` });
        const run = await h.run(id);
        expect(run.status).toBe('failed');
        expect(run.lastError).toMatch(/not a DataCite list page/);
      }
    });

    it('OAI-PMH: a 404 with an HTML page is a failure at once, not retried as a broken transfer', async () => {
      server = await startTestServer((_req, res) => {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<html><body>Not <b>found</body></html>');
      });
      await h.sources.create({ id: 'gone', type: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'oai_dc', options: { retries: 4 } });
      const run = await h.run('gone');
      expect(run.status).toBe('failed');
      expect(run.lastError).toMatch(/HTTP 404, and the body is not an OAI-PMH response/);
      expect(server.requests).toHaveLength(1);
    });

    it('stops reading a body past the size limit, whatever the server sends', async () => {
      server = await startTestServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', Date: SERVER_DATE });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const push = () => {
          while (sent < 200 && res.write(chunk)) sent++;
          if (sent < 200) res.once('drain', push);
          else res.end();
        };
        push();
      });
      const { createHttpClient } = await import('../../harvesters/http.ts');
      const http = createHttpClient({ maxBodyBytes: 8 * 1024 * 1024, retries: 0 });
      const before = process.memoryUsage().rss;
      await expect(http.get(`${server.url}/big`)).rejects.toThrow(/passed the 8388608 bytes allowed/);
      expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    });
  });

  it('ResourceSync: source description -> capability list -> resource list, then the change list after the baseline', async () => {
    let changed = false;
    await serve((u) => {
      const p = u.pathname;
      if (p === '/.well-known/resourcesync') return 'resourcesync/source-description.xml';
      if (p === '/dataset1/capabilitylist.xml') return 'resourcesync/capabilitylist.xml';
      if (p === '/dataset1/resourcelist.xml') return 'resourcesync/resourcelist.xml';
      if (p === '/dataset1/changelist.xml') return 'resourcesync/changelist.xml';
      if (p === '/dataset1/records/a.xml') return changed ? 'resourcesync/records/a-v2.xml' : 'resourcesync/records/a.xml';
      if (p.startsWith('/dataset1/records/')) return `resourcesync/records/${p.slice('/dataset1/records/'.length)}`;
      return undefined;
    });
    const base = `${server!.url}/dataset1/records/`;
    await h.sources.create({ id: 'rs', type: 'resourcesync', url: `${server!.url}/.well-known/resourcesync`, options: { pageSize: 2 } });
    const run = await h.run('rs');
    expect(run.lastError).toBeNull();
    expect(run).toMatchObject({ status: 'succeeded', pages: 2, created: 3, failed: 0 });
    let live = await h.liveRecords('rs');
    expect([...live.keys()]).toEqual([`${base}a.xml`, `${base}b.xml`, `${base}c.json`]);
    expect(live.get(`${base}a.xml`)).toMatchObject({ doi: '10.82027/rs.a', provenance: { feed: 'resourcesync', metadataNamespace: 'http://datacite.org/schema/kernel-4' } });
    expect(live.get(`${base}b.xml`)?.titles?.[0].title).toBe('Field notes from the Aletsch glacier, 1958');
    expect(live.get(`${base}c.json`)?.doi).toBe('10.82027/rs.c');

    changed = true;
    const inc = await h.run('rs');
    expect(inc.lastError).toBeNull();
    // After the baseline (at 2024-03-01T09:00:00Z): b deleted, d created, a updated; a's creation is older.
    expect(inc).toMatchObject({ status: 'succeeded', created: 1, updated: 1, deleted: 1, records: 3 });
    live = await h.liveRecords('rs');
    expect([...live.keys()]).toEqual([`${base}a.xml`, `${base}c.json`, `${base}d.xml`]);
    expect(live.get(`${base}a.xml`)?.titles?.[0].title).toBe('Glacier velocity fields from Sentinel-1, version 2');
    expect(await h.tombstoned('rs')).toEqual([`${base}b.xml`]);
    expect(server!.requests.filter((r) => r === '/dataset1/resourcelist.xml')).toHaveLength(1);
  });
});
