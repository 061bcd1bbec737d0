/** The landing page as mounted in the assembled app: HTML for browsers, formats for others, 404/410. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestGranary, type TestGranary } from '../support/granary.ts';
import { sampleRecord } from '../support/records.ts';
import { system } from '../../src/access/identity.ts';

describe('landing pages in the app', () => {
  let g: TestGranary;
  beforeAll(async () => {
    g = await openTestGranary('pglite');
  });
  afterAll(async () => g?.close());

  it('serves HTML with Signposting to browsers and DataCite JSON to doi.org-style negotiation', async () => {
    const rec = await g.store.create(system, sampleRecord(1, { doi: '10.5555/landing.1' } as never));
    const html = await g.app.request(`/records/${rec.id}`, { headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(html.headers.get('Link')).toContain('rel="cite-as"');
    expect(await html.text()).toContain('citation_doi');
    const json = await g.app.request(`/records/${rec.id}`, { headers: { Accept: 'application/vnd.datacite.datacite+json' } });
    expect(json.status).toBe(200);
    expect(((await json.json()) as { doi: string }).doi).toBe('10.5555/landing.1');
  });

  it('hides restricted records unless the owner brings a token', async () => {
    const rec = await g.store.create(system, sampleRecord(2, { access: { record: 'restricted', owners: ['alice'] } }));
    expect((await g.app.request(`/records/${rec.id}`, { headers: { Accept: 'text/html' } })).status).toBe(404);
    const own = await g.app.request(`/records/${rec.id}`, { headers: { Accept: 'text/html', Authorization: `Bearer ${g.aliceToken}` } });
    expect(own.status).toBe(200);
  });

  it('answers a deleted record with 410', async () => {
    const rec = await g.store.create(system, sampleRecord(3));
    await g.store.remove(system, rec.id, { reason: 'withdrawn' });
    expect((await g.app.request(`/records/${rec.id}`, { headers: { Accept: 'text/html' } })).status).toBe(410);
  });
});
