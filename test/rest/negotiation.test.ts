import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../src/errors.ts';
import { createFormatRegistry } from '../../serializers/registry.ts';
import { negotiate } from '../../protocols/rest/negotiation.ts';
import { parseAccept } from '../../protocols/rest/negotiation-accept.ts';
import { representList, representNotAcceptable, representRecord } from '../../protocols/rest/represent.ts';
import { createCitationStylesRoute } from '../../protocols/rest/negotiation-styles.ts';
import { BASE_URL, articleRecord } from '../serializers/csl/corpus.ts';

const registry = createFormatRegistry();
const toJson = (res: Response): Promise<any> => res.json();
const pick = (accept: string | undefined, format?: string, list = false) => negotiate(accept, format, registry, { list })?.format.id ?? null;

describe('negotiate: the Accept matrix', () => {
  it.each([
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['application/vnd.datacite.datacite+json, application/vnd.crossref.unixref+xml, application/vnd.citationstyles.csl+json', 'datacite-json'],
    ['application/vnd.citationstyles.csl+json, application/vnd.datacite.datacite+json', 'datacite-json'],
    ['application/vnd.citationstyles.csl+json;q=1, application/vnd.datacite.datacite+json;q=0.5', 'csl'],
    ['text/*;q=0.1, text/x-bibliography;q=0.9, application/x-bibtex;q=0.5', 'citation'],
    ['text/*;q=0.9, text/x-bibliography;q=0.1, application/x-bibtex;q=0.5', 'bibtex'],
    ['text/*', 'citation'],
    ['application/x-research-info-systems;q=0.2, application/x-bibtex;q=0.3', 'bibtex'],
    ['application/x-bibtex;q=0, */*;q=0.1', 'json'],
    ['application/json;q=0, */*', 'datacite-json'],
    ['application/vnd.schemaorg.ld+json', 'schemaorg'],
    ['application/ld+json;q=0.5, application/xml;q=0.9', 'schemaorg'],
    ['APPLICATION/X-BIBTEX', 'bibtex'],
    ['application/vnd.datacite.datacite+xml', 'datacite-xml'],
    ['application/marcxml+xml', 'marcxml'],
    ['application/x-dc+xml', 'dc'],
    ['application/x-oaire+xml', 'oai_openaire'],
    ['garbage, ;;;, /, text/x-bibliography', 'citation'],
    ['application/x-ndjson', null],
    ['image/png', null],
    ['application/json;q=0', null],
    ['text/x-bibliography;q=0, text/*', 'bibtex'],
  ])('Accept %j -> %s', (accept, expected) => {
    expect(pick(accept)).toBe(expected);
  });

  it('carries media-type parameters for the chosen range, the highest q among equal ranges', () => {
    const choice = negotiate('text/x-bibliography; style=ieee; locale="de-DE"; q=0.4, text/x-bibliography; style=apa; q=0.8', undefined, registry, { list: false });
    expect(choice?.params).toEqual({ style: 'apa' });
    expect(negotiate('text/x-bibliography; style="harvard-cite-them-right"; locale=en-GB', undefined, registry, { list: false })?.params).toEqual({
      style: 'harvard-cite-them-right',
      locale: 'en-GB',
    });
  });

  it('lets ?format= (id or media type) override the header', () => {
    expect(pick('application/json', 'bibtex')).toBe('bibtex');
    expect(pick('application/json', 'application/x-research-info-systems')).toBe('ris');
    expect(pick(undefined, 'nonsense')).toBeNull();
  });

  it('offers only list-capable formats for lists, and JSON Lines only for lists', () => {
    expect(pick('application/x-ndjson', undefined, true)).toBe('jsonl');
    expect(pick('application/jsonl', undefined, true)).toBe('jsonl');
    expect(pick('application/vnd.datacite.datacite+xml', undefined, true)).toBeNull();
    expect(pick(undefined, 'jsonl', false)).toBeNull();
    expect(pick('*/*', undefined, true)).toBe('csl');
  });

  it('skips formats the record cannot be given in', () => {
    const bare = { ...articleRecord(), doi: undefined, publisher: undefined };
    expect(negotiate('application/vnd.datacite.datacite+xml', undefined, registry, { list: false, record: bare })).toBeNull();
  });

  it('parses quoted parameters containing commas and semicolons', () => {
    expect(parseAccept('text/x-bibliography; style="a,b;c"; q=0.5')).toEqual([{ type: 'text', subtype: 'x-bibliography', q: 0.5, params: { style: 'a,b;c' } }]);
  });

  it('never lets a malformed q outrank correctly written ones (RFC 9110 12.4.2)', () => {
    const pick = (accept: string) => negotiate(accept, undefined, registry, { list: false, record: articleRecord() })?.format.id;
    expect(pick('application/x-bibtex;q=.5, application/x-research-info-systems;q=0.8')).toBe('ris');
    expect(pick('application/x-bibtex;q=0.0001, application/x-research-info-systems;q=0.5')).toBe('ris');
    expect(pick('application/x-bibtex;q=abc, application/x-research-info-systems;q=0.1')).toBe('ris');
    expect(pick('application/x-bibtex;q=1.5, application/x-research-info-systems;q=0.9')).toBe('bibtex');
  });
});

function createApp() {
  const app = new Hono();
  app.onError((err, c) => (err instanceof BadRequest ? c.json({ status: 400, detail: err.message }, 400) : c.text('bug', 500)));
  app.get('/records/:id', (c) => {
    const record = articleRecord();
    const choice = negotiate(c.req.header('Accept'), c.req.query('format'), registry, { list: false, record });
    return choice ? representRecord(c, record, choice, { baseUrl: BASE_URL }) : representNotAcceptable(c, registry, { list: false, record });
  });
  app.get('/records', (c) => {
    const choice = negotiate(c.req.header('Accept'), c.req.query('format'), registry, { list: true });
    return choice ? representList(c, [articleRecord(), articleRecord()], choice, { baseUrl: BASE_URL }) : representNotAcceptable(c, registry, { list: true });
  });
  app.route('/api/citation-styles', createCitationStylesRoute(registry));
  return app;
}

describe('representRecord and representList through Hono', () => {
  const app = createApp();

  it('sends the citation with charset, Vary and a per-style ETag', async () => {
    const res = await app.request('/records/abcd-1234', { headers: { Accept: 'text/x-bibliography; style=ieee' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/x-bibliography; charset=utf-8');
    expect(res.headers.get('Vary')).toBe('Accept');
    expect(res.headers.get('ETag')).toBe('W/"3-citation-ieee-default-text"');
    expect(await res.text()).toMatch(/^\[1\] M\. Curie and N\. Bohr/);
  });

  it('takes style and locale from the query over Accept parameters, and html on output=html', async () => {
    const res = await app.request('/records/abcd-1234?style=chicago-author-date&locale=de-DE', { headers: { Accept: 'text/x-bibliography; style=ieee' } });
    expect(await res.text()).toContain('Curie, Marie, und Niels Bohr. 2021.');
    const html = await app.request('/records/abcd-1234?format=citation&output=html');
    expect(html.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<div class="csl-entry">');
  });

  it('answers 400 naming the styles list for an unknown style, never APA', async () => {
    const res = await app.request('/records/abcd-1234', { headers: { Accept: 'text/x-bibliography; style=nope' } });
    expect(res.status).toBe(400);
    expect((await toJson(res)).detail).toContain('/api/citation-styles');
    const bad = await app.request('/records/abcd-1234?format=citation&locale=xx-XX');
    expect(bad.status).toBe(400);
  });

  it('answers HEAD without a body and If-None-Match with 304', async () => {
    const head = await app.request('/records/abcd-1234', { method: 'HEAD', headers: { Accept: 'application/x-bibtex' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Type')).toBe('application/x-bibtex; charset=utf-8');
    expect(await head.text()).toBe('');
    const etag = head.headers.get('ETag')!;
    const again = await app.request('/records/abcd-1234', { headers: { Accept: 'application/x-bibtex', 'If-None-Match': `"x", ${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await app.request('/records/abcd-1234', { headers: { Accept: 'application/x-research-info-systems', 'If-None-Match': etag } });
    expect(other.status).toBe(200);
  });

  it('sends JSON without a charset parameter', async () => {
    const res = await app.request('/records/abcd-1234', { headers: { Accept: 'application/vnd.citationstyles.csl+json' } });
    expect(res.headers.get('Content-Type')).toBe('application/vnd.citationstyles.csl+json');
    expect((await toJson(res)).type).toBe('article-journal');
  });

  it('answers 406 with an RFC 9457 problem listing what is available', async () => {
    const res = await app.request('/records/abcd-1234', { headers: { Accept: 'image/png' } });
    expect(res.status).toBe(406);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    const problem = await toJson(res);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Not Acceptable', status: 406, instance: '/records/abcd-1234' });
    expect(problem.available).toContain('text/x-bibliography');
    expect(problem.available).not.toContain('application/x-ndjson');
  });

  it('serializes lists: a CSL-JSON array, JSON Lines, and 406 for a single-record format', async () => {
    const csl = await app.request('/records', { headers: { Accept: 'application/vnd.citationstyles.csl+json' } });
    expect(await toJson(csl)).toHaveLength(2);
    const jsonl = await app.request('/records?format=jsonl');
    expect(jsonl.headers.get('Content-Type')).toBe('application/x-ndjson');
    expect((await jsonl.text()).trim().split('\n')).toHaveLength(2);
    expect((await app.request('/records', { headers: { Accept: 'application/vnd.datacite.datacite+xml' } })).status).toBe(406);
  });

  it('gives an alias media type its own ETag, and an empty ?style= leaves the Accept style', async () => {
    const app = createApp();
    const a = await app.request('/records/x', { headers: { Accept: 'application/x-bibtex' } });
    const b = await app.request('/records/x', { headers: { Accept: 'text/x-bibtex' } });
    expect(b.headers.get('content-type')).toMatch(/^text\/x-bibtex/);
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    const stale = await app.request('/records/x', { headers: { Accept: 'text/x-bibtex', 'If-None-Match': a.headers.get('etag')! } });
    expect(stale.status).toBe(200);
    const ieee = await app.request('/records/x', { headers: { Accept: 'text/x-bibliography; style=ieee' } });
    const empty = await app.request('/records/x?style=', { headers: { Accept: 'text/x-bibliography; style=ieee' } });
    expect(await empty.text()).toBe(await ieee.text());
  });

  it('lists every media type it would serve in a 406, aliases and the list JSON included', async () => {
    const app = createApp();
    const one = (await (await app.request('/records/x', { headers: { Accept: 'image/png' } })).json()) as { available: string[] };
    expect(one.available).toEqual(expect.arrayContaining(['application/x-bibtex', 'text/x-bibtex', 'application/ld+json', 'application/vnd.schemaorg.ld+json']));
    const list = (await (await app.request('/records', { headers: { Accept: 'application/vnd.datacite.datacite+xml' } })).json()) as { available: string[] };
    expect(list.available).toContain('application/json');
    expect(list.available).toContain('application/jsonl');
  });

  it('keeps parameters given in ?format=, and answers If-None-Match: * for an unknown style with 400', async () => {
    const app = createApp();
    const ieee = await app.request('/records/x', { headers: { Accept: 'text/x-bibliography; style=ieee' } });
    const viaQuery = await app.request(`/records/x?format=${encodeURIComponent('text/x-bibliography;style=ieee')}`);
    expect(await viaQuery.text()).toBe(await ieee.text());
    const star = await app.request('/records/x?style=nosuch', { headers: { Accept: 'text/x-bibliography', 'If-None-Match': '*' } });
    expect(star.status).toBe(400);
    const ok = await app.request('/records/x', { headers: { Accept: 'text/x-bibliography', 'If-None-Match': '*' } });
    expect(ok.status).toBe(304);
  });

  it('lists citation styles and locales', async () => {
    const body = await toJson(await app.request('/api/citation-styles'));
    expect(body.styles.map((s: { id: string }) => s.id)).toContain('apa');
    expect(body.locales).toContain('de-DE');
    expect(body.aliases.vancouver).toBe('vancouver-nlm');
  });
});
