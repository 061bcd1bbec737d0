/** /api/oai/sets: reading is open, writing needs a curator or admin; errors are problem+json. */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAuthMiddleware, type AuthEnv } from '../../protocols/rest/auth.ts';
import { createOaiSetsRoute } from '../../protocols/rest/oai-sets.ts';
import { errorToResponse } from '../../protocols/rest/problem.ts';
import { createOaiHarness, toTestRecord, type OaiHarness } from './harness.ts';
import { openTestGranary, type TestGranary } from '../support/granary.ts';
import { sampleRecord } from '../support/records.ts';

describe('REST /api/oai/sets', () => {
  let h: OaiHarness;
  let api: Hono<AuthEnv>;
  let recid: string;
  const curator = { Authorization: 'Bearer curator' };

  beforeAll(async () => {
    h = await createOaiHarness('pglite');
    recid = await h.create(toTestRecord('A dataset'));
    api = new Hono<AuthEnv>();
    api.onError((err, c) => errorToResponse(c, err));
    api.use('*', createAuthMiddleware(async (t) => (t === 'curator' ? { id: 'cur', roles: ['curator'] } : null)));
    api.route('/api/oai/sets', createOaiSetsRoute({ sets: h.sets, baseUrl: 'http://granary.test' }));
  }, 60_000);
  afterAll(() => h?.close());

  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = curator) =>
    api.request(path, { method, headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

  test('anonymous writes are 401; invalid definitions are 422 with pointers', async () => {
    expect((await send('POST', '/api/oai/sets', { spec: 'x', name: 'X', query: 'type:Dataset' }, {})).status).toBe(401);
    const bad = await send('POST', '/api/oai/sets', { spec: 'bad spec', name: '', query: 'type:Dataset', records: ['a'] });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const pointers = ((await bad.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/spec', '/name', '/query']));
  });

  test('a static set naming records that do not exist is 422, pointing at each', async () => {
    const res = await send('POST', '/api/oai/sets', { spec: 'ghosts', name: 'Ghosts', records: [recid, 'nonex-00000', 'nonex-11111'] });
    expect(res.status).toBe(422);
    const pointers = ((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(pointers).toEqual(['/records/1', '/records/2']);
    expect((await send('GET', '/api/oai/sets/ghosts', undefined, {})).status).toBe(404);
  });

  test('create, read, replace, delete', async () => {
    const created = await send('POST', '/api/oai/sets', { spec: 'data', name: 'Datasets', query: 'type:Dataset' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('http://granary.test/api/oai/sets/data');
    expect(await created.json()).toMatchObject({ spec: 'data', size: 1, query: 'type:Dataset' });
    expect((await send('POST', '/api/oai/sets', { spec: 'data', name: 'again', query: 'type:Dataset' })).status).toBe(409);
    const replaced = await send('PUT', '/api/oai/sets/data', { name: 'Hand-picked', records: [recid] });
    expect(await replaced.json()).toMatchObject({ spec: 'data', query: null, records: [recid], size: 1 });
    const list = (await (await send('GET', '/api/oai/sets', undefined, {})).json()) as { sets: { spec: string }[] };
    expect(list.sets.map((s) => s.spec)).toEqual(['data']);
    expect((await send('DELETE', '/api/oai/sets/data')).status).toBe(204);
    expect((await send('GET', '/api/oai/sets/data', undefined, {})).status).toBe(404);
  });
});

// The app as `serve` wires it (no onRecomputed callback): a set defined after its records
// must have them as members at once, not only after the outbox relay runs.
describe('OAI sets defined after their records (whole app)', () => {
  let g: TestGranary;
  beforeAll(async () => {
    g = await openTestGranary('pglite');
  });
  afterAll(async () => g?.close());

  test('the new set counts its records and OAI-PMH lists them in it', async () => {
    const auth = { Authorization: `Bearer ${g.curatorToken}`, 'Content-Type': 'application/json' };
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await g.app.request('/api/records', { method: 'POST', headers: auth, body: JSON.stringify(sampleRecord(n)) });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const created = await g.app.request('/api/oai/sets', { method: 'POST', headers: auth, body: JSON.stringify({ spec: 'late', name: 'Late', query: 'type:Dataset' }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ spec: 'late', size: 3 });
    const xml = await (await g.app.request('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=late')).text();
    for (const id of ids) expect(xml).toContain(`:${id}</identifier>`);
    expect(xml.match(/<setSpec>late<\/setSpec>/g)).toHaveLength(3);
  });
});
