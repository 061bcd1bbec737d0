/**
 * OAI-PMH 2.0 conformance: each verb with valid and invalid arguments, every error code,
 * the <request> echo rules, and every response validated with xmllint against the
 * OAI-PMH schema bundle (payloads against their own schemas too). Runs on PGlite and on
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { system } from '../../src/access/identity.ts';
import type { Format } from '../../serializers/format.ts';
import { DATABASE_KINDS } from '../support/db.ts';
import { validateXml, XSD } from '../support/xmllint.ts';
import { createOaiHarness, OAI_BASE, REPO_ID, TEST_FORMATS, toTestRecord, type OaiHarness } from './harness.ts';
import { expectValidOai, toErrorCodes, toIdentifiers, toMetadataPayloads, toRequestElement } from './oai-assert.ts';

// A format no record supports, to reach noMetadataFormats and cannotDisseminateFormat per item.
const neverFormat: Format = {
  ...TEST_FORMATS[0],
  id: 'never',
  supports: () => false,
  oai: { metadataPrefix: 'never', metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd' },
};

describe.each(DATABASE_KINDS)('OAI-PMH verbs on %s', (kind) => {
  let h: OaiHarness;
  let id: string;
  let deletedId: string;
  let harvestedId: string;

  beforeAll(async () => {
    h = await createOaiHarness(kind, {}, [...TEST_FORMATS, neverFormat]);
    id = await h.create(toTestRecord('Ocean <salinity> & "temperature"\u0007 records', { doi: '10.1234/abc' } as never));
    deletedId = await h.create(toTestRecord('To be deleted'));
    await h.store.remove(system, deletedId);
    harvestedId = await h.create(
      toTestRecord('Harvested elsewhere', {
        provenance: { baseURL: 'https://origin.example.org/oai', identifier: 'oai:origin.example.org:42', datestamp: '2020-01-02', metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/', harvestDate: '2024-05-01T10:11:12.345Z', altered: true },
      }),
    );
  }, 60_000);
  afterAll(() => h?.close());

  const oaiId = (recid: string) => `oai:${REPO_ID}:${recid}`;

  test('Identify declares the repository truthfully', async () => {
    const r = await h.get('verb=Identify');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/xml/);
    expectValidOai(r.text);
    expect(r.text).toContain(`<baseURL>${OAI_BASE}</baseURL>`);
    expect(r.text).toContain('<protocolVersion>2.0</protocolVersion>');
    expect(r.text).toContain('<adminEmail>oai@example.org</adminEmail>');
    expect(r.text).toContain('<deletedRecord>persistent</deletedRecord>');
    expect(r.text).toContain('<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>');
    expect(r.text).toContain('<compression>gzip</compression>');
    expect(r.text).toContain('<compression>deflate</compression>');
    const { rows } = await h.db.pool.query(`SELECT to_char(min(datestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS e FROM records`);
    expect(r.text).toContain(`<earliestDatestamp>${rows[0].e}</earliestDatestamp>`);
    expect(r.text).toMatch(/<responseDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/responseDate>/);
    const desc = /<oai-identifier[\s\S]*<\/oai-identifier>/.exec(r.text)![0];
    expect(validateXml(desc, XSD.oaiIdentifier)).toEqual([]);
  });

  test.each([
    ['', 'missing'],
    ['verb=Frobnicate', 'illegal'],
    ['verb=Identify&verb=Identify', 'repeated'],
  ])('badVerb (%s: %s) echoes only the base URL', async (query) => {
    const r = await h.get(query);
    expect(r.status).toBe(200);
    expectValidOai(r.text);
    expect(toErrorCodes(r.text)).toEqual(['badVerb']);
    expect(toRequestElement(r.text)).toBe(`<request>${OAI_BASE}</request>`);
  });

  test.each([
    ['unknown argument', 'verb=Identify&foo=bar', 1],
    ['repeated argument', 'verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 1],
    ['missing metadataPrefix', 'verb=ListRecords', 1],
    ['missing identifier and metadataPrefix', 'verb=GetRecord', 2],
    ['malformed date', 'verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01', 1],
    ['not a date', 'verb=ListIdentifiers&metadataPrefix=oai_dc&until=yesterday', 1],
    ['mixed granularity', 'verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-02-01T00:00:00Z', 1],
    ['from after until', 'verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01', 1],
    ['finer granularity than declared', 'verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01T00:00:00.5Z', 1],
    ['token with other arguments', 'verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc', 1],
    ['bad set syntax', 'verb=ListRecords&metadataPrefix=oai_dc&set=a%20b', 1],
    ['every problem at once', 'verb=ListRecords&foo=1&from=x&until=y', 4],
  ])('badArgument: %s', async (_name, query, count) => {
    const r = await h.get(query);
    expectValidOai(r.text);
    expect(toErrorCodes(r.text)).toEqual(Array(count).fill('badArgument'));
    expect(toRequestElement(r.text)).toBe(`<request>${OAI_BASE}</request>`);
  });

  test('POST with form encoding works like GET', async () => {
    const res = await h.app.request('/oai', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId(id))}` });
    const text = await res.text();
    expectValidOai(text);
    expect(toIdentifiers(text)).toEqual([oaiId(id)]);
  });

  test('GetRecord: metadata, escaping, illegal characters removed, payload valid against oai_dc.xsd', async () => {
    const r = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId(id))}`);
    expectValidOai(r.text);
    expect(r.text).toContain(`<request verb="GetRecord" metadataPrefix="oai_dc" identifier="${oaiId(id)}">`);
    expect(r.text).toContain('Ocean &lt;salinity&gt; &amp; "temperature" records');
    expect(r.text).not.toContain('\u0007');
    const [payload] = toMetadataPayloads(r.text);
    expect(validateXml(payload, XSD.oaiDc)).toEqual([]);
  });

  test.each([
    ['datacite', XSD.datacite47],
    ['marc21', XSD.marc21],
  ])('GetRecord in %s gives a payload valid against its schema', async (prefix, xsd) => {
    const r = await h.get(`verb=GetRecord&metadataPrefix=${prefix}&identifier=${encodeURIComponent(oaiId(id))}`);
    expectValidOai(r.text);
    const [payload] = toMetadataPayloads(r.text);
    expect(validateXml(payload, xsd)).toEqual([]);
  });

  test('GetRecord of a deleted record: header with status="deleted", no metadata', async () => {
    const r = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId(deletedId))}`);
    expectValidOai(r.text);
    expect(r.text).toContain(`<header status="deleted"><identifier>${oaiId(deletedId)}</identifier>`);
    expect(r.text).not.toContain('<metadata>');
  });

  test('a harvested record carries OAI provenance', async () => {
    const r = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId(harvestedId))}`);
    expectValidOai(r.text);
    const prov = /<provenance[\s\S]*<\/provenance>/.exec(r.text)![0];
    expect(validateXml(prov, XSD.provenance)).toEqual([]);
    expect(prov).toContain('harvestDate="2024-05-01T10:11:12Z" altered="true"');
    expect(prov).toContain('<identifier>oai:origin.example.org:42</identifier>');
  });

  test('GetRecord errors: idDoesNotExist and cannotDisseminateFormat, together when both apply', async () => {
    let r = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:${REPO_ID}:nope0-nope0`);
    expectValidOai(r.text);
    expect(toErrorCodes(r.text)).toEqual(['idDoesNotExist']);
    expect(toRequestElement(r.text)).toContain('verb="GetRecord"');
    r = await h.get(`verb=GetRecord&metadataPrefix=nosuch&identifier=${encodeURIComponent(oaiId(id))}`);
    expect(toErrorCodes(r.text)).toEqual(['cannotDisseminateFormat']);
    expectValidOai(r.text);
    r = await h.get('verb=GetRecord&metadataPrefix=nosuch&identifier=urn:other:1');
    expect(toErrorCodes(r.text).sort()).toEqual(['cannotDisseminateFormat', 'idDoesNotExist']);
    r = await h.get(`verb=GetRecord&metadataPrefix=never&identifier=${encodeURIComponent(oaiId(id))}`);
    expect(toErrorCodes(r.text)).toEqual(['cannotDisseminateFormat']);
  });

  test('ListMetadataFormats: all formats, or those one item supports; noMetadataFormats and idDoesNotExist', async () => {
    let r = await h.get('verb=ListMetadataFormats');
    expectValidOai(r.text);
    for (const p of ['oai_dc', 'datacite', 'oai_datacite', 'marc21', 'never']) expect(r.text).toContain(`<metadataPrefix>${p}</metadataPrefix>`);
    r = await h.get(`verb=ListMetadataFormats&identifier=${encodeURIComponent(oaiId(id))}`);
    expectValidOai(r.text);
    expect(r.text).toContain('<metadataPrefix>oai_dc</metadataPrefix>');
    expect(r.text).not.toContain('<metadataPrefix>never</metadataPrefix>');
    r = await h.get(`verb=ListMetadataFormats&identifier=oai:${REPO_ID}:zzzzz-zzzzz`);
    expect(toErrorCodes(r.text)).toEqual(['idDoesNotExist']);
    expectValidOai(r.text);
  });

  test('noMetadataFormats when no format supports the item', async () => {
    const h2 = await createOaiHarness(kind, {}, [neverFormat]);
    try {
      const rid = await h2.create(toTestRecord('x'));
      const r = await h2.get(`verb=ListMetadataFormats&identifier=${encodeURIComponent(oaiId(rid))}`);
      expectValidOai(r.text);
      expect(toErrorCodes(r.text)).toEqual(['noMetadataFormats']);
      // A deleted item is a header in every format (as its lists and GetRecord give it), so every format is listed.
      await h2.store.remove(system, rid);
      const gone = await h2.get(`verb=ListMetadataFormats&identifier=${encodeURIComponent(oaiId(rid))}`);
      expectValidOai(gone.text);
      expect(gone.text).toContain('<metadataPrefix>never</metadataPrefix>');
    } finally {
      await h2.close();
    }
  }, 60_000);

  test('without sets: ListSets and a set argument answer noSetHierarchy; several errors together', async () => {
    let r = await h.get('verb=ListSets');
    expectValidOai(r.text);
    expect(toErrorCodes(r.text)).toEqual(['noSetHierarchy']);
    r = await h.get('verb=ListRecords&metadataPrefix=nosuch&set=physics');
    expectValidOai(r.text);
    expect(toErrorCodes(r.text).sort()).toEqual(['cannotDisseminateFormat', 'noSetHierarchy']);
    expect(toRequestElement(r.text)).toContain('set="physics"');
  });

  test('badResumptionToken for tampered, foreign and wrong-verb tokens', async () => {
    for (const t of ['garbage', 'eyJ2IjoiUiJ9.AAAAAAAAAAAAAAAAAAAAAA', '']) {
      const r = await h.get(`verb=ListRecords&resumptionToken=${encodeURIComponent(t)}`);
      expectValidOai(r.text);
      expect(toErrorCodes(r.text)).toEqual(['badResumptionToken']);
    }
    const r = await h.get('verb=ListSets&resumptionToken=x');
    expect(toErrorCodes(r.text)).toEqual(['badResumptionToken']);
  });

  test('ListRecords and ListIdentifiers list deleted records with status="deleted"', async () => {
    for (const verb of ['ListRecords', 'ListIdentifiers']) {
      const r = await h.get(`verb=${verb}&metadataPrefix=oai_dc`);
      expectValidOai(r.text);
      expect(r.text).toContain(`<header status="deleted"><identifier>${oaiId(deletedId)}</identifier>`);
      expect(toIdentifiers(r.text).sort()).toEqual([id, deletedId, harvestedId].map(oaiId).sort());
    }
  });

  test('ListRecords in a format no item supports: noRecordsMatch only if nothing (not even a deletion) is listed', async () => {
    const r = await h.get('verb=ListRecords&metadataPrefix=never');
    expectValidOai(r.text);
    // The deleted record is a header and is listed whatever the format.
    expect(toIdentifiers(r.text)).toEqual([oaiId(deletedId)]);
  });

  test('from/until at the ends of xs:date: year 0000 is a badArgument, until=9999-12-31 bounds nothing', async () => {
    for (const q of ['from=0000-01-01', 'until=0000-01-01', 'until=0000-12-31T00:00:00Z']) {
      const r = await h.get(`verb=ListIdentifiers&metadataPrefix=oai_dc&${q}`);
      expect(r.status).toBe(200);
      expectValidOai(r.text);
      expect(toErrorCodes(r.text)).toEqual(['badArgument']);
    }
    for (const q of ['until=9999-12-31', 'until=9999-12-31T23:59:59Z', 'from=0001-01-01&until=9999-12-31']) {
      const r = await h.get(`verb=ListIdentifiers&metadataPrefix=oai_dc&${q}`);
      expect(r.status).toBe(200);
      expectValidOai(r.text);
      expect(toIdentifiers(r.text).sort()).toEqual([id, deletedId, harvestedId].map(oaiId).sort());
    }
  });

  test('an identifier the schema would refuse as xs:anyURI is a badArgument and is not echoed', async () => {
    for (const bad of ['oai:x:a%ZZb', 'oai:x:a%4', 'oai:x:a#b#c', 'oai:x:a[b]', '1abc:x']) {
      for (const verb of ['GetRecord&metadataPrefix=oai_dc', 'ListMetadataFormats']) {
        const r = await h.get(`verb=${verb}&identifier=${encodeURIComponent(bad)}`);
        expectValidOai(r.text);
        expect(toErrorCodes(r.text)).toEqual(['badArgument']);
        expect(toRequestElement(r.text)).toBe(`<request>${OAI_BASE}</request>`);
      }
    }
    // Unusual but valid URIs are looked up and echoed.
    const r = await h.get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent('oai:x:a%2Fb{c}#d')}`);
    expectValidOai(r.text);
    expect(toErrorCodes(r.text)).toEqual(['idDoesNotExist']);
  });

  test('HEAD answers as GET does, without a body, and a HEAD of a list frees its slot', async () => {
    const head = await h.app.request('/oai?verb=Identify', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await head.text()).toBe('');
    // More HEADs than there are list slots (16 in the harness): each must give its slot back.
    for (let i = 0; i < 20; i++) expect((await h.app.request('/oai?verb=ListRecords&metadataPrefix=oai_dc', { method: 'HEAD' })).status).toBe(200);
    const r = await h.get('verb=ListRecords&metadataPrefix=oai_dc');
    expect(r.status).toBe(200);
    expect(toIdentifiers(r.text)).toHaveLength(3);
  });

  test('other HTTP methods are 405, POST in another content type 415, an oversized POST 413: each with a valid OAI-PMH badArgument body', async () => {
    const refusals: [Response, number, RegExp][] = [
      [await h.app.request('/oai?verb=Identify', { method: 'PUT' }), 405, /GET and POST only/],
      [await h.app.request('/oai', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'verb=Identify' }), 415, /x-www-form-urlencoded/],
      [await h.app.request('/oai', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `verb=Identify&x=${'a'.repeat(70_000)}` }), 413, /larger than/],
    ];
    for (const [res, status, reason] of refusals) {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      const text = await res.text();
      expectValidOai(text);
      expect(toErrorCodes(text)).toEqual(['badArgument']);
      expect(text).toMatch(reason);
    }
    expect(refusals[0][0].headers.get('allow')).toBe('GET, POST');
  });
});
