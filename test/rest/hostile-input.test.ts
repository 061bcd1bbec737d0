/**
 * Hostile input on every REST route: ids, queries and bodies holding U+0000, unpaired
 * surrogates, malformed percent-encodings and out-of-range numbers. Each gets a 4xx in the
 * protocol's own format (problem+json for REST and landing pages, OAI-PMH error XML for
 * OAI-PMH), never a 500; stored data stays as it was and the server keeps answering.
 * On the embedded default a U+0000 parameter used to take the whole process down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/db.ts';
import { openTestGranary, type TestGranary } from '../support/granary.ts';
import { sampleRecord } from '../support/records.ts';

const HOSTILE_IDS = ['%00', 'a%00b', '%ZZ', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '99999999999999999999', 'x'.repeat(3000)];

describe.each(DATABASE_KINDS)('hostile input on %s', (kind) => {
  let g: TestGranary;
  let id: string;
  let before: unknown;
  const failures: string[] = [];

  beforeAll(async () => {
    g = await openTestGranary(kind);
    const res = await g.app.request('/api/records', {
      method: 'POST',
      headers: { Authorization: `Bearer ${g.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(sampleRecord(1, { doi: '10.1234/hostile' })),
    });
    id = ((await res.json()) as { id: string }).id;
    before = (await g.db.pool.query('SELECT json, revision FROM records ORDER BY id')).rows;
  });
  afterAll(async () => g?.close());

  /** Sends one request; records a failure unless it is below 500 and a 4xx is problem+json. */
  async function probe(method: string, path: string, body?: string, contentType = 'application/json') {
    const headers: Record<string, string> = { Authorization: `Bearer ${g.adminToken}` };
    if (body !== undefined) headers['Content-Type'] = contentType;
    const res = await g.app.request(path, { method, headers, body });
    const type = res.headers.get('Content-Type') ?? '';
    await res.arrayBuffer();
    if (res.status >= 500) failures.push(`${res.status} ${method} ${path.slice(0, 80)}`);
    else if (res.status >= 400 && !type.includes('problem+json') && !type.includes('text/html')) failures.push(`${res.status} ${type} ${method} ${path.slice(0, 80)}`);
    return res.status;
  }

  it('answers hostile ids on every REST route with a 4xx problem', async () => {
    const routes = (x: string) => [
      `/api/records/${x}`,
      `/api/records/${x}/revisions`,
      `/api/records/${id}/revisions/${x}`,
      `/api/pids/doi/10.1234/${x}`,
      `/api/pids/recid/${x}`,
      `/api/harvest/sources/${x}`,
      `/api/harvest/sources/${x}/runs`,
      `/api/harvest/sources/${x}/runs/${x}/failures`,
      `/api/jobs/dead/${x}`,
      `/api/oai/sets/${x}`,
      `/api/citation-styles/${x}`,
    ];
    for (const x of HOSTILE_IDS) {
      for (const path of routes(x)) {
        for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'POST']) {
          const status = await probe(method, path, method === 'GET' || method === 'DELETE' ? undefined : '{}');
          if (x.includes('%00') && method === 'GET') expect([400, 404, 405]).toContain(status);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers hostile query parameters with 400', async () => {
    for (const q of ['%00', 'type:%00', '%ED%A0%80', '%ZZ']) {
      expect(await probe('GET', `/api/records?q=${q}`)).toBe(400);
      expect(await probe('GET', `/api/records?size=1&creator=${q}`)).toBe(400);
    }
    expect(failures).toEqual([]);
  });

  it('rejects bodies holding U+0000 or unpaired surrogates, naming the JSON pointer', async () => {
    const record = sampleRecord(2, { doi: '10.1234/other' }) as { titles: { title: string }[] };
    for (const [title, message] of [
      ['a\u0000b', /U\+0000/],
      ['\ud800', /unpaired surrogate \(U\+D800\)/],
    ] as const) {
      for (const [method, path] of [
        ['POST', '/api/records'],
        ['PUT', `/api/records/${id}`],
      ]) {
        const body = JSON.stringify({ ...record, titles: [{ title }] });
        const res = await g.app.request(path, { method, headers: { Authorization: `Bearer ${g.adminToken}`, 'Content-Type': 'application/json' }, body });
        expect(res.status).toBe(422);
        const problem = (await res.json()) as { errors: { pointer: string; message: string }[] };
        expect(problem.errors).toContainEqual({ pointer: '/titles/0/title', message: expect.stringMatching(message) });
      }
    }
    const patch = JSON.stringify([{ op: 'replace', path: '/titles/0/title', value: 'x\u0000' }]);
    expect(await probe('PATCH', `/api/records/${id}`, patch, 'application/json-patch+json')).toBe(422);
    expect(await probe('POST', '/api/oai/sets', JSON.stringify({ spec: 'ok', name: 'n\u0000', query: 'x' }))).toBeLessThan(500);
    expect(await probe('POST', '/api/harvest/sources', JSON.stringify({ id: 'h', type: 'oai-pmh', url: 'http://x.example/\u0000' }))).toBeLessThan(500);
    expect(failures).toEqual([]);
  });

  it('answers OAI-PMH arguments holding U+0000 with OAI-PMH errors, and landing pages with 404', async () => {
    for (const args of ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x:%00', 'verb=ListRecords&metadataPrefix=oai_dc&set=%00', 'verb=ListRecords&resumptionToken=%00', 'verb=%00']) {
      const res = await g.app.request(`/oai?${args}`);
      expect(res.status).toBe(200); // OAI-PMH 2.0 section 3.6: errors travel in a 200 response
      expect(await res.text()).toMatch(/<error code="(badArgument|badVerb|badResumptionToken|idDoesNotExist)">/);
    }
    expect((await g.app.request('/records/%00')).status).toBe(404);
    expect((await g.app.request('/records/%00/linkset')).status).toBe(404);
  });

  it('keeps stored data unchanged and keeps answering', async () => {
    expect((await g.db.pool.query('SELECT json, revision FROM records ORDER BY id')).rows).toEqual(before);
    const res = await g.app.request(`/api/records/${id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(id);
  });
});
