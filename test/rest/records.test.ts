/** REST behaviour of /api/records through app.request, on PGlite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../support/db.ts';
import { openTestGranary, type TestGranary } from '../support/granary.ts';
import { sampleRecord } from '../support/records.ts';

/** Response bodies as the loosely typed JSON a client sees. */
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

describe.each(DATABASE_KINDS)('REST /api/records on %s', (kind) => {
  let g: TestGranary;
  beforeAll(async () => {
    g = await openTestGranary(kind);
  });
  afterAll(async () => g?.close());

  const req = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return g.app.request(path, { ...init, headers });
  };
  const post = (body: unknown, token = g.curatorToken) => req('/api/records', { method: 'POST', body: JSON.stringify(body), token });
  const recordCount = async () => (await g.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM records')).rows[0].n;

  it('answers /ping', async () => {
    const res = await g.app.request('/ping');
    expect(res.status).toBe(200);
  });

  it('creates with 201, Location from the base URL (never Host), and ETag', async () => {
    const res = await req('/api/records', { method: 'POST', body: JSON.stringify(sampleRecord(1)), token: g.curatorToken, headers: { Host: 'evil.example' } });
    expect(res.status).toBe(201);
    const rec = await json(res);
    expect(res.headers.get('Location')).toBe(`https://repo.example.org/api/records/${rec.id}`);
    expect(res.headers.get('ETag')).toBe('W/"1"');
    const got = await req(`/api/records/${rec.id}`);
    expect(got.status).toBe(200);
    expect((await json(got)).id).toBe(rec.id);
  });

  it.each([
    ['malformed JSON', () => req('/api/records', { method: 'POST', body: '{"titles": [', token: g.curatorToken }), 400],
    ['a wrong content type', () => req('/api/records', { method: 'POST', body: 'titles=x', token: g.curatorToken, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415],
    ['a schema violation', () => post({ titles: [{ title: 'x', colour: 'red' }] }), 422],
    ['an invalid DOI', () => post(sampleRecord(2, { doi: 'nonsense' } as never)), 422],
    ['a missing token', () => req('/api/records', { method: 'POST', body: JSON.stringify(sampleRecord(3)) }), 401],
    ['a wrong token', () => post(sampleRecord(3), 'grn_000000000000_' + 'x'.repeat(32)), 401],
    ['a malformed Authorization header', () => req('/api/records', { method: 'POST', body: JSON.stringify(sampleRecord(3)), headers: { Authorization: 'Basic abc' } }), 401],
    ['an oversize body', () => post({ titles: [{ title: 'x'.repeat(11 * 1024 * 1024) }] }), 413],
    ['a JSON array', () => post([sampleRecord(4)]), 400],
  ])('answers %s with a problem+json 4xx and writes nothing', async (name, send, status) => {
    const before = await recordCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    const body = await json(res);
    expect(body.status).toBe(status);
    expect(body.title).toBeTruthy();
    // RFC 9110 15.5.2: a 401 says how to authenticate.
    // RFC 6750 section 3.1: a token sent and refused is an invalid_token.
    const challenge = name === 'a wrong token' ? 'Bearer realm="granary", error="invalid_token"' : 'Bearer realm="granary"';
    expect(res.headers.get('WWW-Authenticate')).toBe(status === 401 ? challenge : null);
    expect(await recordCount()).toBe(before);
  });

  it('names the JSON pointer of an unknown field', async () => {
    const res = await post({ titles: [{ title: 'x', colour: 'red' }] });
    const body = await json(res);
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/titles/0/colour' })]));
  });

  it('answers a duplicate DOI with 409', async () => {
    expect((await post(sampleRecord(5, { doi: '10.5555/rest.dup' } as never))).status).toBe(201);
    const res = await post(sampleRecord(6, { doi: '10.5555/REST.DUP' } as never));
    expect(res.status).toBe(409);
    expect((await json(res)).errors[0].pointer).toBe('/doi');
  });

  it('updates with If-Match, 412 on a stale one, PATCH with JSON Patch, and lists revisions', async () => {
    const rec = await json(post(sampleRecord(7)));
    const put = await req(`/api/records/${rec.id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(8)), token: g.curatorToken, headers: { 'If-Match': 'W/"1"' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('ETag')).toBe('W/"2"');
    const stale = await req(`/api/records/${rec.id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(9)), token: g.curatorToken, headers: { 'If-Match': 'W/"1"' } });
    expect(stale.status).toBe(412);
    expect((await json(stale)).currentRevision).toBe(2);
    const patch = await req(`/api/records/${rec.id}`, {
      method: 'PATCH',
      body: JSON.stringify([{ op: 'replace', path: '/titles/0/title', value: 'New title' }]),
      token: g.curatorToken,
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    expect(patch.status).toBe(200);
    expect((await json(patch)).titles[0].title).toBe('New title');
    const revs = await json(req(`/api/records/${rec.id}/revisions`));
    expect(revs.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2, 3]);
    const r1 = await json(req(`/api/records/${rec.id}/revisions/1`));
    expect(r1.titles[0].title).toBe('Sample dataset 7');
    expect((await req(`/api/records/${rec.id}/revisions/99`)).status).toBe(404);
    expect((await req(`/api/records/${rec.id}/revisions/abc`)).status).toBe(400);
  });

  describe('write preconditions (RFC 9110 section 13)', () => {
    const put = (id: string, headers: Record<string, string>, n = 40) => req(`/api/records/${id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(n)), token: g.curatorToken, headers });
    const revision = async (id: string) => (await json(req(`/api/records/${id}`))).revision;

    it('passes If-Match when any tag of a list names the current revision, and refuses tags never issued', async () => {
      const { id } = await json(post(sampleRecord(41)));
      expect((await put(id, { 'If-Match': 'W/"7", W/"1"' })).status).toBe(200);
      expect((await put(id, { 'If-Match': 'W/"2-json"' })).status).toBe(200);
      for (const tag of ['W/"3-anything"', 'W/"3-bibtex"', '"03"', 'W/"2", W/"4"', 'W/"3", junk']) {
        const res = await put(id, { 'If-Match': tag });
        expect({ tag, status: res.status }).toEqual({ tag, status: 412 });
        expect((await json(res)).currentRevision).toBe(3);
      }
      expect(await revision(id)).toBe(3);
    });

    it('refuses a write under If-None-Match: * or the current tag, and under an older If-Unmodified-Since', async () => {
      const { id } = await json(post(sampleRecord(42)));
      expect((await put(id, { 'If-None-Match': '*' })).status).toBe(412);
      expect((await put(id, { 'If-None-Match': 'W/"1"' })).status).toBe(412);
      expect((await put(id, { 'If-Unmodified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT' })).status).toBe(412);
      const del = await req(`/api/records/${id}`, { method: 'DELETE', token: g.curatorToken, headers: { 'If-None-Match': '*' } });
      expect(del.status).toBe(412);
      expect(await revision(id)).toBe(1);
      expect((await put(id, { 'If-None-Match': 'W/"9"', 'If-Unmodified-Since': new Date(Date.now() + 60_000).toUTCString() })).status).toBe(200);
    });

    it('gives the JSON representation the ETag writes give, so a client revalidates with it (304)', async () => {
      const created = await post(sampleRecord(43));
      const { id } = await json(created);
      const tag = created.headers.get('ETag')!;
      const again = await req(`/api/records/${id}`, { headers: { 'If-None-Match': tag } });
      expect(again.status).toBe(304);
    });
  });

  describe('JSON Patch errors are 4xx naming the operation, and write nothing', () => {
    const patch = (id: string, ops: unknown) =>
      req(`/api/records/${id}`, { method: 'PATCH', body: JSON.stringify(ops), token: g.curatorToken, headers: { 'Content-Type': 'application/json-patch+json' } });
    let deep = '1';
    for (let i = 0; i < 10_000; i++) deep = `[${deep}]`;

    it.each([
      ['a move into its own child (RFC 6902 4.4)', [{ op: 'move', from: '/titles/0', path: '/titles/0/x' }], 400, '/0'],
      ['replacing the whole document with null', [{ op: 'replace', path: '', value: null }], 422, ''],
      ['removing the whole document', [{ op: 'remove', path: '' }], 422, ''],
      ['a __proto__ path', [{ op: 'add', path: '/__proto__/x', value: 1 }], 400, '/0'],
      ['an array index with a leading zero (RFC 6901 4)', [{ op: 'test', path: '/titles/00/title', value: 'Sample dataset 44' }], 400, '/0'],
      ['an unresolvable path in the second operation', [{ op: 'add', path: '/version', value: 'v' }, { op: 'remove', path: '/nope' }], 400, '/1'],
    ])('%s', async (_name, ops, status, pointer) => {
      const { id } = await json(post(sampleRecord(44)));
      const res = await patch(id, ops);
      expect(res.status).toBe(status);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      expect((await json(res)).errors[0].pointer).toBe(pointer);
      expect((await json(req(`/api/records/${id}/revisions`))).revisions).toHaveLength(1);
    });

    it('a value nested 10,000 deep', async () => {
      const { id } = await json(post(sampleRecord(45)));
      const res = await req(`/api/records/${id}`, { method: 'PATCH', body: `[{"op":"add","path":"/zz","value":${deep}}]`, token: g.curatorToken, headers: { 'Content-Type': 'application/json-patch+json' } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect((await json(req(`/api/records/${id}/revisions`))).revisions).toHaveLength(1);
    });
  });

  it('answers OPTIONS with Allow and Accept-Patch, another method with 405, and a 415 patch with Accept-Patch', async () => {
    const { id } = await json(post(sampleRecord(50)));
    const options = await req(`/api/records/${id}`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('Allow')).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
    expect(options.headers.get('Accept-Patch')).toBe('application/json-patch+json');
    const post405 = await req(`/api/records/${id}`, { method: 'POST', body: '{}', token: g.curatorToken });
    expect(post405.status).toBe(405);
    expect(post405.headers.get('Allow')).toContain('PATCH');
    expect(post405.headers.get('Content-Type')).toBe('application/problem+json');
    const merge = await req(`/api/records/${id}`, { method: 'PATCH', body: '{}', token: g.curatorToken, headers: { 'Content-Type': 'application/merge-patch+json' } });
    expect(merge.status).toBe(415);
    expect(merge.headers.get('Accept-Patch')).toBe('application/json-patch+json');
    expect((await req(`/api/records/${id}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('keeps a restricted record restricted when a PUT leaves access out', async () => {
    const { id } = await json(post(sampleRecord(51, { access: { record: 'restricted' } } as never), g.adminToken));
    const put = await req(`/api/records/${id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(52)), token: g.adminToken });
    expect(put.status).toBe(200);
    expect((await json(put)).access.record).toBe('restricted');
    expect((await req(`/api/records/${id}`)).status).toBe(404);
    const open = await req(`/api/records/${id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(52, { access: { record: 'public' } } as never)), token: g.adminToken });
    expect((await json(open)).access.record).toBe('public');
  });

  it('refuses a body that is not UTF-8 instead of storing replacement characters', async () => {
    const { id } = await json(post(sampleRecord(46)));
    const bytes = Buffer.concat([Buffer.from('{"titles":[{"title":"bad '), Buffer.from([0xc0, 0xaf]), Buffer.from(' utf8"}]}')]);
    const res = await req(`/api/records/${id}`, { method: 'PUT', body: bytes, token: g.curatorToken });
    expect(res.status).toBe(400);
    expect((await json(res)).detail).toContain('UTF-8');
    expect((await json(req(`/api/records/${id}`))).revision).toBe(1);
  });

  it('lets a record take back a DOI it had before (restoring an old revision)', async () => {
    const { id } = await json(post(sampleRecord(47, { doi: '10.5555/rest.back' } as never)));
    const moved = await req(`/api/records/${id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(47, { doi: '10.5555/rest.next' } as never)), token: g.curatorToken });
    expect(moved.status).toBe(200);
    const back = await req(`/api/records/${id}`, { method: 'PUT', body: JSON.stringify(sampleRecord(47, { doi: '10.5555/rest.back' } as never)), token: g.curatorToken });
    expect(back.status).toBe(200);
    expect((await req('/api/pids/doi/10.5555/rest.back')).status).toBe(200);
    // The DOI it left stays its redirect, never free for another record.
    expect((await post(sampleRecord(48, { doi: '10.5555/rest.next' } as never))).status).toBe(409);
  });

  it('resolves the DOI of a record the caller may not read as an unknown DOI, without its id', async () => {
    const created = await json(post(sampleRecord(49, { doi: '10.5555/rest.hidden', access: { record: 'restricted' } } as never)));
    const res = await req('/api/pids/doi/10.5555/rest.hidden');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(created.id);
  });

  it('resolves a DOI in any format the record offers, with the record\'s ETag and conditional GET', async () => {
    const rec = await json(post(sampleRecord(11, { doi: '10.5555/rest.neg' } as never)));
    const bib = await req('/api/pids/doi/10.5555/rest.neg', { headers: { Accept: 'application/x-bibtex' } });
    expect(bib.status).toBe(200);
    expect(bib.headers.get('content-type')).toMatch(/^application\/x-bibtex/);
    expect(bib.headers.get('vary')).toBe('Accept');
    expect(bib.headers.get('content-location')).toBe(`https://repo.example.org/api/records/${rec.id}`);
    expect(await bib.text()).toMatch(/^@\w+\{/);
    const cite = await req('/api/pids/doi/10.5555/rest.neg?style=apa', { headers: { Accept: 'text/x-bibliography' } });
    expect(await cite.text()).toContain('https://doi.org/10.5555/rest.neg');
    const plain = await req('/api/pids/doi/10.5555/rest.neg');
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(plain.headers.get('etag')).toBe((await req(`/api/records/${rec.id}`)).headers.get('etag'));
    const again = await req('/api/pids/doi/10.5555/rest.neg', { headers: { 'If-None-Match': plain.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers an unknown citation style or locale with a problem pointing at the parameter', async () => {
    const rec = await json(post(sampleRecord(12)));
    for (const [query, pointer] of [['style=nosuch', '/style'], ['locale=xx-XX', '/locale']]) {
      const res = await req(`/api/records/${rec.id}?${query}`, { headers: { Accept: 'text/x-bibliography' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('vary')).toBe('Accept');
      expect((await json(res)).errors).toEqual([{ pointer, message: expect.stringContaining('/api/citation-styles') }]);
    }
  });

  it('deletes to a 410 tombstone with time and reason, and resolves DOIs', async () => {
    const rec = await json(post(sampleRecord(10, { doi: '10.5555/rest.gone' } as never)));
    expect((await req('/api/pids/doi/10.5555/REST.GONE')).status).toBe(200);
    const del = await req(`/api/records/${rec.id}?reason=duplicate`, { method: 'DELETE', token: g.curatorToken });
    expect(del.status).toBe(204);
    const gone = await req(`/api/records/${rec.id}`);
    expect(gone.status).toBe(410);
    const body = await json(gone);
    expect(body.reason).toBe('duplicate');
    expect(body.deleted).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await req('/api/pids/doi/10.5555/rest.gone')).status).toBe(410);
  });

  it('answers 301 for a merged record', async () => {
    const a = await json(post(sampleRecord(11)));
    const b = await json(post(sampleRecord(12)));
    await g.store.merge({ id: 'root', roles: ['admin'] }, a.id, b.id);
    const res = await req(`/api/records/${a.id}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe(`https://repo.example.org/api/records/${b.id}`);
  });

  it('answers unknown ids and routes with 404 problem+json', async () => {
    for (const path of ['/api/records/zzzzz-zzzzz', '/api/records/%27%3B%20DROP', '/api/nothing-here', '/api/pids/doi/10.1/none']) {
      const res = await req(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    }
  });

  it('hides restricted records (404) from anonymous users and from searches', async () => {
    const rec = await json(post(sampleRecord(13, { access: { record: 'restricted', owners: ['alice'] }, titles: [{ title: 'Zyzzyva secret' }] })));
    expect((await req(`/api/records/${rec.id}`)).status).toBe(404);
    expect((await req(`/api/records/${rec.id}`, { token: g.aliceToken })).status).toBe(200);
    const anon = await json(req('/api/records?q=zyzzyva'));
    expect(anon.hits.total).toBe(0);
    const owner = await json(req('/api/records?q=zyzzyva', { token: g.aliceToken }));
    expect(owner.hits.total).toBe(1);
  });

  it('stores text in NFC, so decomposed input is found by either spelling and counted once', async () => {
    const nfd = 'Cafe\u0301 society in Zu\u0308rich';
    const rec = await json(post(sampleRecord(120, { titles: [{ title: nfd }], creators: [{ name: 'Mu\u0308ller, Jo\u0308rg', nameType: 'Personal' }] } as never)));
    expect(rec.titles[0].title).toBe(nfd.normalize('NFC'));
    for (const q of ['café', 'cafe\u0301', 'zürich']) {
      const found = await json(req(`/api/records?q=${encodeURIComponent(q)}&facets=creator`));
      expect(found.hits.hits.map((h: { id: string }) => h.id), q).toContain(rec.id);
      expect(found.aggregations.creator.buckets).toEqual([{ key: 'Müller, Jörg'.normalize('NFC'), doc_count: 1 }]);
    }
  });

  it('searches with facets, paging links from the base URL, and sane errors', async () => {
    for (let i = 0; i < 3; i++) expect((await post(sampleRecord(100 + i, { titles: [{ title: `Quokka survey ${i}` }] }))).status).toBe(201);
    const res = await req('/api/records?q=quokka&size=2&sort=newest', { headers: { Host: 'evil.example' } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.hits.total).toBe(3);
    expect(body.hits.hits).toHaveLength(2);
    expect(body.links.next).toMatch(/^https:\/\/repo\.example\.org\/api\/records\?.*page=2/);
    expect(res.headers.get('link')).toContain(`<${body.links.next}>; rel="next"`);
    expect(body.aggregations).toBeTypeOf('object');
    // A list format has no room for paging: it travels in the Link and X-Total-Count headers.
    const bib = await req('/api/records?q=quokka&size=2&sort=newest&page=2', { headers: { Accept: 'application/x-bibtex' } });
    expect(bib.headers.get('content-type')).toMatch(/^application\/x-bibtex/);
    expect(bib.headers.get('x-total-count')).toBe('3');
    expect(bib.headers.get('link')).toMatch(/<https:\/\/repo\.example\.org\/api\/records\?[^>]*page=1[^>]*>; rel="prev"/);
    expect(bib.headers.get('link')).not.toContain('rel="next"');
    expect((await bib.text()).match(/^@/gm)).toHaveLength(1);
    // Past the end: no hits, and prev leads to the last page that has some.
    const beyond = await json(req('/api/records?q=quokka&size=2&sort=newest&page=40'));
    expect(beyond.hits.hits).toEqual([]);
    expect(beyond.links.next).toBeUndefined();
    expect(beyond.links.prev).toMatch(/[?&]page=2(&|$)/);
    expect((await json(req('/api/records?q=nosuchwordanywhere&page=3'))).links.prev).toMatch(/[?&]page=1(&|$)/);
    expect((await req('/api/records?size=100000')).status).toBe(400);
    expect((await req('/api/records?sort=sideways')).status).toBe(400);
    expect((await req('/api/records?page=0')).status).toBe(400);
    for (const q of ["'; DROP TABLE records; --", '(((', 'title:"unbalanced', 'AND', 'year:[2000 TO']) {
      const r = await req(`/api/records?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(r.status);
    }
    expect(await recordCount()).toBeGreaterThan(0);
  });

  it('computes only the facets asked for with ?facets=', async () => {
    const all = await json(req('/api/records?q=quokka'));
    expect(Object.keys(all.aggregations)).toEqual(['type', 'year', 'subject', 'creator', 'language', 'access']);
    const some = await json(req('/api/records?q=quokka&facets=access,type&facets=year&size=1'));
    expect(some.aggregations).toEqual({ type: all.aggregations.type, year: all.aggregations.year, access: all.aggregations.access });
    expect(some.hits.total).toBe(all.hits.total);
    expect(some.links.next).toContain('facets=access%2Ctype&facets=year');
    expect((await json(req('/api/records?q=quokka&facets='))).aggregations).toEqual({});
    const bad = await req('/api/records?facets=type,colour');
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors).toEqual([{ pointer: '/facets', message: expect.stringContaining('"colour" is not a facet') }]);
  });

  it('pretty-prints with ?prettyprint=1', async () => {
    const res = await req('/api/records?size=1&prettyprint=1');
    expect(await res.text()).toContain('\n  "hits"');
  });
});
