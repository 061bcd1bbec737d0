import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { Gone, Moved, NotFound } from '../../src/errors.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { createFormatRegistry } from '../../serializers/registry.ts';
import { createLandingRouter } from '../../protocols/landing/router.ts';
import { BASE_URL, articleRecord, corpusRecords } from '../serializers/csl/corpus.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const registry = createFormatRegistry();
const toJson = (res: Response): Promise<any> => res.json();

const evil: GranaryRecord = {
  ...articleRecord(),
  id: 'evil',
  titles: [{ title: 'Title </script><script>alert(1)</script> & "quotes"' }],
  descriptions: [{ description: '<img src=x onerror=alert(1)> </script>', descriptionType: 'Abstract' }],
};

function createApp(records: GranaryRecord[] = [articleRecord(), evil, ...corpusRecords()]) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const app = new Hono();
  app.route(
    '/',
    createLandingRouter({
      registry,
      baseUrl: BASE_URL,
      getRecord: async (id) => {
        if (id === 'deleted') throw new Gone('Record deleted.', '2024-01-01T00:00:00Z', 'spam');
        if (id === 'merged') throw new Moved('Record merged.', 'abcd-1234');
        const r = byId.get(id);
        if (!r) throw new NotFound(`No record ${id}.`);
        return r;
      },
      listFiles: (r) => (r.id === 'abcd-1234' ? [{ href: `${BASE_URL}/records/abcd-1234/files/paper.pdf`, type: 'application/pdf' }] : []),
    }),
  );
  return app;
}

const app = createApp();
const get = (path: string, accept?: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { ...(accept ? { Accept: accept } : {}), Host: 'evil.example', ...(init.headers ?? {}) } });

describe('landing page', () => {
  it('serves HTML to a browser, with Highwire tags, JSON-LD, COinS and unAPI', async () => {
    const res = await get('/records/abcd-1234', BROWSER);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('Vary')).toBe('Accept');
    const html = await res.text();
    expect(html).toContain('<meta name="citation_title" content="On radioactive substances">');
    expect(html).toContain('<meta name="citation_author" content="Curie, Marie">');
    expect(html).toContain('<meta name="citation_publication_date" content="2021/03/15">');
    expect(html).toContain('<meta name="citation_doi" content="10.5281/zenodo.123456">');
    expect(html).toContain('<meta name="citation_journal_title" content="Journal of Physics">');
    expect(html).toContain(`<meta name="citation_pdf_url" content="${BASE_URL}/records/abcd-1234/files/paper.pdf">`);
    expect(html).toMatch(/<script type="application\/ld\+json">\{"@context":"https:\/\/schema.org","@type":"ScholarlyArticle"/);
    expect(html).toContain('<span class="Z3988" title="ctx_ver=Z39.88-2004&amp;rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&amp;rft.genre=article');
    expect(html).toContain(`<link rel="unapi-server" type="application/xml" title="unAPI" href="${BASE_URL}/unapi">`);
    expect(html).toContain('<abbr class="unapi-id" title="abcd-1234"></abbr>');
    expect(html).toContain('Curie, M., &#38; Bohr, N. (2021).');
  });

  it('gives the page to curl (*/*) and to a request without Accept', async () => {
    expect((await get('/records/abcd-1234', '*/*')).headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect((await get('/records/abcd-1234')).headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  });

  it('escapes hostile text everywhere, including inside the JSON-LD script', async () => {
    const html = await (await get('/records/evil', BROWSER)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('Title &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    const ld = /<script type="application\/ld\+json">(.*)<\/script>/.exec(html)![1];
    expect(JSON.parse(ld).name).toBe('Title </script><script>alert(1)</script> & "quotes"');
  });

  it.each(corpusRecords().map((r) => [r.id]))('%s renders a page', async (id) => {
    const res = await get(`/records/${encodeURIComponent(id)}`, BROWSER);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
  });

  it('answers HEAD without a body and If-None-Match with 304', async () => {
    const head = await get('/records/abcd-1234', BROWSER, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Link')).toContain('rel="cite-as"');
    expect(await head.text()).toBe('');
    const again = await get('/records/abcd-1234', BROWSER, { headers: { 'If-None-Match': head.headers.get('ETag')! } });
    expect(again.status).toBe(304);
  });
});

describe('content negotiation on the landing URL (doi.org forwards Accept here)', () => {
  it('serves the negotiated representation directly, with a describes link', async () => {
    const res = await get('/records/abcd-1234', 'application/vnd.citationstyles.csl+json');
    expect(res.headers.get('Content-Type')).toBe('application/vnd.citationstyles.csl+json');
    expect((await toJson(res)).DOI).toBe('10.5281/zenodo.123456');
    expect(res.headers.get('Link')).toBe(`<${BASE_URL}/records/abcd-1234>; rel="describes"; type="text/html"`);
    const cite = await get('/records/abcd-1234', 'text/x-bibliography; style=ieee');
    expect(await cite.text()).toMatch(/^\[1\] M\. Curie/);
    expect((await get('/records/abcd-1234?format=bibtex', BROWSER)).headers.get('Content-Type')).toBe('application/x-bibtex; charset=utf-8');
  });

  it('answers 406 problem+json for nothing acceptable and 400 for an unknown style', async () => {
    const res = await get('/records/abcd-1234', 'image/png');
    expect(res.status).toBe(406);
    expect((await toJson(res)).available).toContain('application/ld+json');
    const bad = await get('/records/abcd-1234', 'text/x-bibliography; style=nope');
    expect(bad.status).toBe(400);
    expect((await toJson(bad)).styles).toBe(`${BASE_URL}/api/citation-styles`);
  });
});

describe('Signposting', () => {
  it('sends level 1 Link headers from the configured base URL, never the Host header', async () => {
    const link = (await get('/records/abcd-1234', BROWSER)).headers.get('Link')!;
    expect(link).not.toContain('evil.example');
    expect(link).toContain('<https://doi.org/10.5281/zenodo.123456>; rel="cite-as"');
    expect(link).toContain(`<${BASE_URL}/records/abcd-1234?format=datacite-xml>; rel="describedby"; type="application/vnd.datacite.datacite+xml"`);
    expect(link).toContain('<https://schema.org/ScholarlyArticle>; rel="type"');
    expect(link).toContain('<https://schema.org/AboutPage>; rel="type"');
    expect(link).toContain('<https://orcid.org/0000-0002-1825-0097>; rel="author"');
    expect(link).toContain('<https://creativecommons.org/licenses/by/4.0/legalcode>; rel="license"');
    expect(link).toContain(`<${BASE_URL}/records/abcd-1234/files/paper.pdf>; rel="item"; type="application/pdf"`);
    expect(link).toContain(`<${BASE_URL}/records/abcd-1234/linkset>; rel="linkset"; type="application/linkset+json"`);
    // Never a quoted string inside the type parameter.
    expect(link).not.toMatch(/type="[^"]*\\"/);
    for (const m of link.matchAll(/type="([^"]*)"/g)) expect(m[1]).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
  });

  it('uses the landing URL as cite-as without a DOI', async () => {
    const link = (await get('/records/type-Dataset', BROWSER)).headers.get('Link')!;
    expect(link).toContain('<https://doi.org/10.5072/type-dataset>; rel="cite-as"');
    const noDoi = createApp([{ ...articleRecord(), id: 'local', doi: undefined }]);
    const res = await noDoi.request('/records/local', { headers: { Accept: BROWSER } });
    expect(res.headers.get('Link')).toContain(`<${BASE_URL}/records/local>; rel="cite-as"`);
  });

  it('serves the level 2 linkset as application/linkset+json with absolute anchors', async () => {
    const res = await get('/records/abcd-1234/linkset');
    expect(res.headers.get('Content-Type')).toBe('application/linkset+json');
    const body = await toJson(res);
    expect(body.linkset[0].anchor).toBe(`${BASE_URL}/records/abcd-1234`);
    // FAIR Signposting 2.2.3: one more context per metadata document, linking back with `describes`.
    const described = body.linkset[0].describedby.map((d: { href: string }) => d.href);
    expect(body.linkset.slice(1).map((ctx: { anchor: string }) => ctx.anchor)).toEqual(described);
    for (const ctx of body.linkset.slice(1)) expect(ctx.describes).toEqual([{ href: `${BASE_URL}/records/abcd-1234`, type: 'text/html' }]);
    expect(body.linkset[0]['cite-as']).toEqual([{ href: 'https://doi.org/10.5281/zenodo.123456' }]);
    expect(body.linkset[0].describedby).toContainEqual({ href: `${BASE_URL}/records/abcd-1234?format=csl`, type: 'application/vnd.citationstyles.csl+json' });
  });

  it('serves the linkset text form on Accept: application/linkset', async () => {
    const res = await get('/records/abcd-1234/linkset', 'application/linkset');
    expect(res.headers.get('Content-Type')).toBe('application/linkset');
    const text = await res.text();
    expect(text).toContain(`<https://doi.org/10.5281/zenodo.123456>; rel="cite-as"; anchor="${BASE_URL}/records/abcd-1234"`);
  });
});

describe('errors', () => {
  it('404 and 410 as HTML pages for browsers and problem+json otherwise', async () => {
    const html404 = await get('/records/missing', BROWSER);
    expect(html404.status).toBe(404);
    expect(html404.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    const json410 = await get('/records/deleted', 'application/json');
    expect(json410.status).toBe(410);
    expect(json410.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await toJson(json410)).toMatchObject({ status: 410, title: 'Gone', deletedAt: '2024-01-01T00:00:00Z', reason: 'spam' });
    expect(await (await get('/records/deleted', BROWSER)).text()).toContain('Reason: spam');
    expect((await get('/records/missing/linkset', BROWSER)).headers.get('Content-Type')).toBe('application/problem+json');
  });

  it('301 to the merged record', async () => {
    const res = await get('/records/merged', BROWSER);
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe(`${BASE_URL}/records/abcd-1234`);
  });

  it('301 to the same resource of the merged record: linkset, ?format= and unAPI kept', async () => {
    expect((await get('/records/merged/linkset')).headers.get('Location')).toBe(`${BASE_URL}/records/abcd-1234/linkset`);
    expect((await get('/records/merged?format=bibtex')).headers.get('Location')).toBe(`${BASE_URL}/records/abcd-1234?format=bibtex`);
    expect((await get('/unapi?id=merged&format=bibtex')).headers.get('Location')).toBe(`${BASE_URL}/unapi?id=abcd-1234&format=bibtex`);
  });
});

describe('Signposting links a harvester can rely on', () => {
  const org = { name: 'CERN', nameType: 'Organizational', nameIdentifiers: [{ nameIdentifier: 'https://ror.org/01ggx4157', nameIdentifierScheme: 'ROR' }] };
  const person = (i: number) => ({ name: `P${i}`, nameType: 'Personal', nameIdentifiers: [{ nameIdentifier: `0000-0002-1825-${String(i).padStart(4, '0')}`, nameIdentifierScheme: 'ORCID' }] });
  const base = articleRecord();
  const records: GranaryRecord[] = [
    { ...base, id: 'org', creators: [org, org, person(97)] as never, rightsList: [{ rights: 'CC BY', rightsUri: 'https://creativecommons.org/licenses/by/4.0/' }, { rights: 'CC BY', rightsUri: 'https://creativecommons.org/licenses/by/4.0/' }, { rights: 'CC0', rightsUri: 'https://creativecommons.org/publicdomain/zero/1.0/' }] },
    { ...base, id: 'many', creators: Array.from({ length: 400 }, (_, i) => person(i)) as never },
    { ...base, id: 'lang', language: 'eng', rightsList: [{ rights: 'odd', rightsUri: 'https://example.org/l?a="b"' }] },
  ];
  const landing = createApp(records);
  const links = async (id: string) => (await landing.request(`/records/${id}`, { headers: { Accept: BROWSER } })).headers.get('Link') ?? '';

  it('links an organisation author by its ROR, each author once, and one license', async () => {
    const header = await links('org');
    expect(header.match(/rel="author"/g)).toHaveLength(2);
    expect(header).toContain('<https://ror.org/01ggx4157>; rel="author"');
    expect(header.match(/rel="license"/g)).toHaveLength(1);
  });

  it('keeps the Link header small for a record with hundreds of authors; the linkset has them all', async () => {
    const header = await links('many');
    expect(header).not.toContain('rel="author"');
    expect(header.length).toBeLessThan(4000);
    const set = await toJson(await landing.request('/records/many/linkset'));
    expect(set.linkset[0].author).toHaveLength(400);
  });

  it('gives the page a BCP 47 lang and a percent-encoded license link', async () => {
    const html = await (await landing.request('/records/lang', { headers: { Accept: BROWSER } })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('href="https://example.org/l?a=%22b%22"');
  });
});

describe('hostile URLs in record data', () => {
  it('links a license only when its rightsUri is http(s), so a javascript: URL cannot run', async () => {
    const js: GranaryRecord = { ...articleRecord(), id: 'jsuri', rightsList: [{ rights: 'CC', rightsUri: 'javascript:alert(1)' }] };
    const page = await (await createApp([js]).request('/records/jsuri', { headers: { Accept: BROWSER } })).text();
    expect(page).not.toMatch(/href="javascript:/i); // (the JSON-LD keeps the string as data; it is not a link)
    expect(page).toContain('<dt>License</dt><dd>CC</dd>');
  });

  it('gives linkset+json the same encoded hrefs as the Link header and the text form (RFC 9264 4.2.2)', async () => {
    const odd: GranaryRecord = { ...articleRecord(), id: 'odd', rightsList: [{ rights: 'L', rightsUri: 'https://example.org/l?a=1&b="2"<>' }] };
    const app = createApp([odd]);
    const json = JSON.stringify(await toJson(await app.request('/records/odd/linkset', { headers: { Accept: 'application/linkset+json' } })));
    const text = await (await app.request('/records/odd/linkset', { headers: { Accept: 'application/linkset' } })).text();
    expect(json).toContain('https://example.org/l?a=1&b=%222%22%3C%3E');
    expect(json).not.toContain('<>');
    expect(text).toContain('<https://example.org/l?a=1&b=%222%22%3C%3E>');
  });
});

describe('unAPI', () => {
  it('lists formats, offers a record\'s formats with 300, and redirects to one', async () => {
    expect(await (await get('/unapi')).text()).toContain('<format name="bibtex" type="application/x-bibtex"/>');
    expect((await get('/unapi?id=abcd-1234')).status).toBe(300);
    const go = await get('/unapi?id=abcd-1234&format=ris');
    expect(go.status).toBe(302);
    expect(go.headers.get('Location')).toBe(`${BASE_URL}/records/abcd-1234?format=ris`);
    expect((await get('/unapi?id=missing&format=ris')).status).toBe(404);
  });

  it('answers 406 for a format the id cannot be given in, as its 300 list leaves it out', async () => {
    const list = await (await get('/unapi?id=hostile-title-only')).text();
    expect(list).not.toContain('name="datacite-xml"');
    expect((await get('/unapi?id=hostile-title-only&format=datacite-xml')).status).toBe(406);
    expect((await get('/unapi?id=hostile-title-only&format=bibtex')).status).toBe(302);
  });
});
