/**
 * List paging under resumption tokens: empty, one-page, multi-page and exact-multiple
 * lists; cursor and completeListSize; idempotent tokens; records changed mid-harvest;
 * from/until at both granularities; compression, the stylesheet PI and flow control.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { system } from '../../src/access/identity.ts';
import { DATABASE_KINDS } from '../support/db.ts';
import { Hono } from 'hono';
import { createOaiRouter } from '../../protocols/oai-pmh/router.ts';
import type { Format } from '../../serializers/format.ts';
import { createOaiHarness, REPO_ID, TEST_FORMATS, toFormatSource, toTestConfig, toTestRecord, type OaiHarness } from './harness.ts';
import { expectValidOai, toDatestamps, toErrorCodes, toIdentifiers, toTokenInfo } from './oai-assert.ts';

const PAGE = 5;

/** Follow tokens to the end; returns every page's text. */
async function harvest(h: OaiHarness, first: string): Promise<string[]> {
  const pages: string[] = [];
  let r = await h.get(first);
  for (;;) {
    expectValidOai(r.text);
    pages.push(r.text);
    const t = toTokenInfo(r.text);
    if (!t || !t.token) return pages;
    const verb = /verb="(\w+)"/.exec(r.text)![1];
    r = await h.get(`verb=${verb}&resumptionToken=${encodeURIComponent(t.token)}`);
  }
}

/** Give `ids` datestamps at known instants. */
async function setDatestamps(h: OaiHarness, stamps: [string, string][]): Promise<void> {
  for (const [id, ds] of stamps) await h.db.pool.query('UPDATE records SET datestamp = $2 WHERE id = $1', [id, ds]);
}

describe.each(DATABASE_KINDS)('OAI-PMH lists on %s', (kind) => {
  let h: OaiHarness;
  const ids: string[] = [];

  beforeAll(async () => {
    h = await createOaiHarness(kind, { pageSize: PAGE });
  }, 60_000);
  afterAll(() => h?.close());

  const oaiId = (recid: string) => `oai:${REPO_ID}:${recid}`;
  const addRecords = async (n: number) => {
    for (let i = 0; i < n; i++) ids.push(await h.create(toTestRecord(`Record ${ids.length}`)));
  };

  test('an empty repository answers noRecordsMatch', async () => {
    for (const verb of ['ListRecords', 'ListIdentifiers']) {
      const r = await h.get(`verb=${verb}&metadataPrefix=oai_dc`);
      expectValidOai(r.text);
      expect(toErrorCodes(r.text)).toEqual(['noRecordsMatch']);
    }
  });

  test('a one-page list has no resumptionToken', async () => {
    await addRecords(3);
    const r = await h.get('verb=ListRecords&metadataPrefix=oai_dc');
    expectValidOai(r.text);
    expect(toIdentifiers(r.text)).toHaveLength(3);
    expect(r.text).not.toContain('resumptionToken');
  });

  test('a list of exactly two pages ends with an empty token and no third page', async () => {
    await addRecords(2 * PAGE - 3);
    const pages = await harvest(h, 'verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(pages).toHaveLength(2);
    expect(toTokenInfo(pages[0])).toMatchObject({ cursor: 0, completeListSize: 2 * PAGE });
    expect(toTokenInfo(pages[0])!.token).not.toBe('');
    expect(toTokenInfo(pages[1])).toEqual({ token: '', cursor: PAGE, completeListSize: 2 * PAGE });
    expect(pages[1]).toContain(`<resumptionToken completeListSize="${2 * PAGE}" cursor="${PAGE}"></resumptionToken>`);
    expect(pages.flatMap(toIdentifiers)).toEqual(ids.map(oaiId));
  });

  test('a multi-page list returns every record once, in datestamp order, with cursors', async () => {
    await addRecords(2);
    const pages = await harvest(h, 'verb=ListRecords&metadataPrefix=oai_dc');
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => toTokenInfo(p)!.cursor)).toEqual([0, PAGE, 2 * PAGE]);
    expect(pages.every((p) => toTokenInfo(p)!.completeListSize === ids.length)).toBe(true);
    const all = pages.flatMap(toIdentifiers);
    expect(new Set(all).size).toBe(ids.length);
    expect(all).toEqual(ids.map(oaiId));
    const stamps = pages.flatMap(toDatestamps);
    expect([...stamps].sort()).toEqual(stamps);
    expect(pages[0]).not.toContain('expirationDate');
  });

  test('a format that leaves items out: cursor counts what was sent, and no completeListSize is claimed', async () => {
    // Supports the records whose title ends in an even digit: half of them.
    const half: Format = { ...TEST_FORMATS[0], id: 'half', supports: (r) => /[02468]$/.test(r.titles[0]!.title), oai: { ...TEST_FORMATS[0]!.oai!, metadataPrefix: 'half' } };
    const h2 = await createOaiHarness(kind, { pageSize: PAGE }, [...TEST_FORMATS, half]);
    try {
      const made: string[] = [];
      for (let i = 0; i < 4 * PAGE; i++) made.push(await h2.create(toTestRecord(`Item ${i}`)));
      const pages = await harvest(h2, 'verb=ListRecords&metadataPrefix=half');
      const listed = pages.flatMap(toIdentifiers);
      expect(listed.sort()).toEqual(made.filter((_, i) => i % 2 === 0).map(oaiId).sort());
      let sent = 0;
      for (const page of pages) {
        const t = toTokenInfo(page);
        if (t) {
          expect(t.cursor).toBe(sent);
          expect(t.completeListSize).toBeUndefined();
        }
        sent += toIdentifiers(page).length;
      }
      expect(pages.length).toBeGreaterThan(1);
    } finally {
      await h2.close();
    }
  });

  test('re-sending a token returns the same page; the token also works for another router with the same secret', async () => {
    const first = await h.get('verb=ListRecords&metadataPrefix=oai_dc');
    const token = toTokenInfo(first.text)!.token;
    const a = await h.get(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
    const b = await h.get(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
    const strip = (s: string) => s.replace(/<responseDate>[^<]*<\/responseDate>/, '');
    expect(strip(a.text)).toBe(strip(b.text));
    // Another server process with the same secret (stateless tokens survive restarts).
    const other = new Hono();
    other.route('/oai', createOaiRouter({ pool: h.db.pool, config: toTestConfig({ pageSize: PAGE }), formats: toFormatSource(TEST_FORMATS) }));
    const o = await other.request(`/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
    expect(strip(await o.text())).toBe(strip(a.text));
    // A ListRecords token is not a ListIdentifiers token.
    const c = await h.get(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
    expect(toErrorCodes(c.text)).toEqual(['badResumptionToken']);
    // Only the exact token is accepted, not other spellings of its MAC that decode alike.
    const [payload, mac] = token.split('.');
    const std = Buffer.from(mac!, 'base64url').toString('base64');
    for (const variant of [`${token}=`, `${token}!!`, `${payload}.${std}`]) {
      const v = await h.get(`verb=ListRecords&resumptionToken=${encodeURIComponent(variant)}`);
      expect(toErrorCodes(v.text), variant).toEqual(['badResumptionToken']);
    }
  });

  test('a record changed mid-harvest is not lost: it comes again later with its new datestamp', async () => {
    const first = await h.get('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const firstIds = toIdentifiers(first.text);
    const changed = ids[0];
    expect(firstIds[0]).toBe(oaiId(changed));
    await h.store.update(system, changed, toTestRecord('Record 0, revised'));
    const seen = [...firstIds];
    let t = toTokenInfo(first.text)!;
    while (t.token) {
      const r = await h.get(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(t.token)}`);
      expectValidOai(r.text);
      seen.push(...toIdentifiers(r.text));
      t = toTokenInfo(r.text)!;
    }
    expect(seen.filter((x) => x === oaiId(changed))).toHaveLength(2);
    expect(seen[seen.length - 1]).toBe(oaiId(changed));
    expect(new Set(seen)).toEqual(new Set(ids.map(oaiId)));
  });

  test('from and until: inclusive bounds, day and seconds granularity, a day until covers the whole day', async () => {
    const [a, b, c, d] = ids;
    await setDatestamps(h, [
      [a, '2021-03-04T23:59:59.900Z'],
      [b, '2021-03-05T00:00:00.000Z'],
      [c, '2021-03-05T12:30:15.250Z'],
      [d, '2021-03-06T00:00:00.000Z'],
    ]);
    const list = async (q: string) => {
      const r = await h.get(`verb=ListIdentifiers&metadataPrefix=oai_dc&${q}`);
      expectValidOai(r.text);
      return toIdentifiers(r.text);
    };
    expect(await list('from=2021-03-05&until=2021-03-05')).toEqual([b, c].map(oaiId));
    expect(await list('from=2021-03-04T23:59:59Z&until=2021-03-05T00:00:00Z')).toEqual([a, b].map(oaiId));
    expect(await list('from=2021-03-05T12:30:15Z&until=2021-03-05T12:30:15Z')).toEqual([c].map(oaiId));
    expect(await list('until=2021-03-04')).toEqual([a].map(oaiId));
    const none = await h.get('verb=ListRecords&metadataPrefix=oai_dc&until=2000-01-01');
    expect(toErrorCodes(none.text)).toEqual(['noRecordsMatch']);
    const r = await h.get('verb=GetRecord&metadataPrefix=oai_dc&identifier=' + encodeURIComponent(oaiId(c)));
    expect(toDatestamps(r.text)).toEqual(['2021-03-05T12:30:15Z']);
  });

  test('gzip and deflate by Accept-Encoding', async () => {
    const plain = await h.get('verb=Identify');
    const strip = (s: string) => s.replace(/<responseDate>[^<]*<\/responseDate>/, '');
    for (const [enc, unzip] of [
      ['gzip', gunzipSync],
      ['deflate', inflateSync],
    ] as const) {
      const res = await h.app.request('/oai?verb=Identify', { headers: { 'Accept-Encoding': `${enc}, identity;q=0.5` } });
      expect(res.headers.get('content-encoding')).toBe(enc);
      const text = unzip(Buffer.from(await res.arrayBuffer())).toString('utf8');
      expect(strip(text)).toBe(strip(plain.text));
    }
    const none = await h.app.request('/oai?verb=Identify', { headers: { 'Accept-Encoding': 'br, gzip;q=0' } });
    expect(none.headers.get('content-encoding')).toBeNull();
  });

  test('beyond maxConcurrentLists, a list request gets 503 with Retry-After; Identify is never refused', async () => {
    const h1 = await createOaiHarness(kind, { pageSize: 2, maxConcurrentLists: 1, stylesheetUrl: '/static/oai.xsl' });
    try {
      for (let i = 0; i < 3; i++) await h1.create(toTestRecord(`r${i}`));
      const open = await h1.app.request('/oai?verb=ListRecords&metadataPrefix=oai_dc');
      expect(open.status).toBe(200);
      // `open`'s body is not read yet: its list is still running.
      const refused = await h1.app.request('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await h1.get('verb=Identify')).status).toBe(200);
      const text = await open.text();
      expect(text).toContain('<?xml-stylesheet type="text/xsl" href="/static/oai.xsl"?>');
      expectValidOai(text);
      expect((await h1.app.request('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc')).status).toBe(200);
    } finally {
      await h1.close();
    }
  }, 60_000);
});
