import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dublinCoreFormat } from '../../../serializers/dublin-core/format.ts';
import { toOaiDc, toOaiDcFragment } from '../../../serializers/dublin-core/oai-dc.ts';
import { parseOaiDc, parseOaiDcRecords } from '../../../serializers/dublin-core/parse-oai-dc.ts';
import { FIXTURES, XSD, validateXml } from '../../support/xmllint.ts';
import { hostileRecords } from '../hostile-records.ts';
import { BASE_URL, fullCorpus } from './corpus.ts';

const opts = { baseUrl: BASE_URL };
const hostile = (id: string) => hostileRecords().find((r) => r.id === id)!;
const oai = (path: string) => readFileSync(join(FIXTURES, 'oai-responses', path));

describe('oai_dc serializer', () => {
  for (const { name, record } of fullCorpus()) {
    it(`is valid against oai_dc.xsd: ${name}`, () => {
      expect(dublinCoreFormat.supports!(record)).toBe(true);
      expect(validateXml(toOaiDc(record, opts), XSD.oaiDc)).toEqual([]);
    });
  }

  it('maps DOI, landing page, creators, type and access terms', () => {
    const xml = toOaiDc(hostile('hostile-embargoed'), opts);
    expect(xml).toContain('<dc:identifier>https://doi.org/10.5072/hostile-embargo</dc:identifier>');
    expect(xml).toContain('<dc:identifier>https://repo.example.org/records/hostile-embargoed</dc:identifier>');
    expect(xml).toContain('<dc:creator>Later, Alice</dc:creator>');
    expect(xml).toContain('<dc:type>info:eu-repo/semantics/doctoralThesis</dc:type>');
    expect(xml).toContain('<dc:rights>info:eu-repo/semantics/embargoedAccess</dc:rights>');
    expect(xml).toContain('<dc:date>info:eu-repo/date/embargoEnd/2030-01-01</dc:date>');
    expect(toOaiDc(hostile('hostile-restricted'), opts)).toContain('info:eu-repo/semantics/restrictedAccess');
  });

  it('strips HTML from descriptions and drops script content', () => {
    const xml = toOaiDc(hostile('hostile-html'), opts);
    expect(xml).toContain('First paragraph with bold &amp; a link.\nSecond paragraph &lt;not a tag&gt; été');
    expect(xml).not.toContain('alert');
    expect(xml).not.toMatch(/&lt;\/?(p|b|script)/);
  });

  it('removes characters XML 1.0 forbids', () => {
    const xml = toOaiDc(hostile('hostile-control'), opts);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);
    expect(xml).toContain('Bell and null etx nonchar lone surrogate');
  });

  it('keeps rights statements with their URIs and licence order', () => {
    const xml = toOaiDc(hostile('hostile-special'), opts);
    expect(xml).toContain('<dc:rights>Creative Commons Attribution 4.0 &lt;International&gt;</dc:rights>');
    expect(xml).toContain('<dc:rights>https://creativecommons.org/licenses/by/4.0/legalcode</dc:rights>');
    expect(xml).toContain('<dc:relation>https://example.org/a?x=1&amp;y=2</dc:relation>');
  });

  it('writes the fragment without an XML declaration', () => {
    const fragment = toOaiDcFragment(hostile('hostile-title-only'), opts);
    expect(fragment.startsWith('<oai_dc:dc')).toBe(true);
    expect(validateXml(fragment, XSD.oaiDc)).toEqual([]);
  });

  it('round-trips the main fields through the loader', () => {
    const back = parseOaiDc(toOaiDc(hostile('hostile-embargoed'), opts));
    expect(back.doi).toBe('10.5072/hostile-embargo');
    expect(back.creators).toEqual([{ name: 'Later, Alice', familyName: 'Later', givenName: 'Alice', nameType: 'Personal' }]);
    expect(back.types).toEqual({ resourceTypeGeneral: 'Dissertation' });
    expect(back.access).toEqual({ record: 'embargoed', embargo: { until: '2030-01-01' } });
    expect(back.publicationYear).toBe('2024');
  });
});

describe('oai_dc loader on recorded repository payloads', () => {
  it('Zenodo: DOI, personal creators, licence pairs, open access, double-escaped HTML', () => {
    const [first] = parseOaiDcRecords(oai('zenodo-invenio/GetRecord-oai_dc.xml'));
    expect(first.titles[0].title).toBe('Research Data Management Organiser (RDMO)');
    expect(first.creators?.[0]).toEqual({ name: 'Klar, Jochen', familyName: 'Klar', givenName: 'Jochen', nameType: 'Personal' });
    expect(first.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
    expect(first.access).toEqual({ record: 'public' });
    expect(first.descriptions?.[0].description).toContain('RDMO 2.1.0 (Dec 11, 2023)');
    expect(first.descriptions?.[0].description).not.toMatch(/<|&lt;/);
  });

  it('Zenodo software set: every record has a title and a DOI', () => {
    const records = parseOaiDcRecords(oai('zenodo-invenio/ListRecords-oai_dc-set-software-page1.xml'));
    expect(records).toHaveLength(50);
    for (const r of records) {
      expect(r.titles.length).toBeGreaterThan(0);
      expect(r.doi).toMatch(/^10\./);
    }
    const withLicence = records.flatMap((r) => r.rightsList ?? []).find((x) => x.rightsUri === 'https://opensource.org/licenses/MIT');
    expect(withLicence).toEqual({ rights: 'MIT License', rightsUri: 'https://opensource.org/licenses/MIT' });
  });

  it('DSpace (MIT): dates become publicationYear, subjects and a handle identifier', () => {
    const r = parseOaiDc(oai('dspace-mit/GetRecord-oai_dc.xml'));
    expect(r.creators?.[0]).toMatchObject({ familyName: 'Vardar', givenName: 'Gulin' });
    expect(r.publicationYear).toMatch(/^\d{4}$/);
    expect(r.alternateIdentifiers?.some((a) => a.alternateIdentifierType === 'Handle' || a.alternateIdentifierType === 'URL')).toBe(true);
  });

  it('DSpace 2003 (Erasmus), bare oai_dc document and a large list', () => {
    expect(parseOaiDc(oai('dspace-erasmus-2003/GetMetadata-nonstandard-bare-oai_dc.xml')).titles[0].title).toMatch(/^De vrouwenbeweging online/);
    expect(parseOaiDcRecords(oai('dspace-erasmus-2003/ListRecords-2004-large.xml'))).toHaveLength(79);
  });

  it('Tethys: xml:lang on titles and alternative titles', () => {
    const r = parseOaiDc(oai('tethys-rdr/GetRecord.xml'));
    expect(r.titles[0]).toEqual({ title: 'GEOFAST 1:50.000, Blatt 53 – Amstetten, Stand 2019', lang: 'de' });
    expect(r.titles[1]).toMatchObject({ titleType: 'AlternativeTitle', lang: 'en' });
  });

  it('arXiv and EPrints (citebase): names split, non-ASCII kept', () => {
    const arxiv = parseOaiDc(oai('arxiv/GetRecord-oai_dc-utf8.xml'));
    expect(arxiv.creators?.[2]).toMatchObject({ familyName: 'Ayache', givenName: 'Stéphane' });
    const eprints = parseOaiDc(oai('citebase-eprints-celestial/GetRecord.xml'));
    expect(eprints.creators?.[0]).toMatchObject({ familyName: 'Aspinwall', givenName: 'Paul S.' });
  });

  it('OAI spec example: a name without a comma stays whole, with no guessed nameType', () => {
    const [r] = parseOaiDcRecords(oai('oai-spec-examples/ex-sec4.5b.xml'));
    expect(r.creators?.[0]).toEqual({ name: 'Cornelius Tacitus' });
    expect(r.types?.resourceTypeGeneral).toBe('Text');
  });

  it('refuses a DOCTYPE (entity expansion)', () => {
    expect(() => parseOaiDc('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')).toThrow();
  });
});
