/**
 * Records a review wrote to break the serializers (test/fixtures/records/adversarial): each is
 * valid against the record schema, so the store accepts it, and every XML format must still
 * validate against its official schema. Checked with xmllint, as harvesters would.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supportsDataCite } from '../../serializers/datacite/format.ts';
import { parseDataCiteXml } from '../../serializers/datacite/parse-xml.ts';
import { toDataCiteXml } from '../../serializers/datacite/to-xml.ts';
import { toKernelVersion } from '../../serializers/datacite/namespace.ts';
import { toOaiDc } from '../../serializers/dublin-core/oai-dc.ts';
import { toMarcXml } from '../../serializers/marcxml/to-marcxml.ts';
import { toOaiOpenaire } from '../../serializers/openaire/to-openaire.ts';
import { toBibtex } from '../../serializers/bibtex/to-bibtex.ts';
import { toCsl } from '../../serializers/csl/to-csl.ts';
import { toDcElements } from '../../serializers/dublin-core/dc-elements.ts';
import { toRis } from '../../serializers/ris/to-ris.ts';
import { toSchemaOrg } from '../../serializers/schemaorg/to-schemaorg.ts';
import { toStoredRecord } from '../../src/records/normalize.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import type { GranaryRecord, RecordInput } from '../../src/records/types.ts';
import { FIXTURES, XSD, validateXml } from '../support/xmllint.ts';

const DIR = resolve(FIXTURES, 'records/adversarial');
const validator = createRecordValidator();
const opts = { baseUrl: 'https://granary.example.org' };
const SYSTEM = { id: 'adv01-00000', created: '2026-11-29T00:00:00.000Z', updated: '2026-11-29T00:00:00.000Z', revision: 1 };

function load(name: string): GranaryRecord {
  return toStoredRecord(JSON.parse(readFileSync(resolve(DIR, name), 'utf8')) as RecordInput, SYSTEM);
}

const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('adversarial records', () => {
  it('are all there, and all valid records', () => {
    expect(names).toHaveLength(45);
    for (const name of names) expect(validator.validate(load(name)), name).toEqual([]);
  });

  for (const name of names) {
    it(`${name}: DataCite, OpenAIRE, oai_dc and MARCXML output validate against the official XSDs`, () => {
      const record = load(name);
      if (supportsDataCite(record)) {
        const xsd = toKernelVersion(record) === '4.7' ? XSD.datacite47 : XSD.datacite46;
        const xml = toDataCiteXml(record);
        expect(validateXml(xml, xsd), 'DataCite XML').toEqual([]);
        // The OAI-PMH `datacite` prefix declares kernel 4.7, which every output must meet.
        expect(validateXml(xml, XSD.datacite47), 'DataCite XML against 4.7').toEqual([]);
      }
      expect(validateXml(toOaiOpenaire(record, opts), XSD.openaire), 'OpenAIRE').toEqual([]);
      expect(validateXml(toOaiDc(record, opts), XSD.oaiDc), 'oai_dc').toEqual([]);
      expect(validateXml(toMarcXml(record, opts), XSD.marc21), 'MARCXML').toEqual([]);
    });
  }

  it('drops language tags and URIs the XSD refuses, keeping the values they qualify', () => {
    const xml = toDataCiteXml(load('17-bad-lang.json'));
    expect(xml).not.toMatch(/xml:lang="(en_GB|English|x_y|de DE|123)/);
    expect(xml).toContain('xml:lang="en-GB"'); // an underscore is only a misspelt hyphen
    const uris = toDataCiteXml(load('24-bad-uris.json'));
    expect(uris).not.toMatch(/valueURI="http:\/\/\[bad"|rightsURI="::::"/);
  });

  it('writes tabs, newlines and carriage returns so that they read back unchanged', () => {
    const record = load('06-newlines-attrs.json');
    const back = parseDataCiteXml(toDataCiteXml(record));
    expect(back.dates).toEqual(record.dates);
    expect(back.titles).toEqual(record.titles);
    expect(back.relatedIdentifiers).toEqual(record.relatedIdentifiers);
    expect(record.dates?.some((d) => d.dateInformation?.includes('\n'))).toBe(true);
  });

  it('keeps identifiers other than the DOI, as alternate identifiers', () => {
    const record = load('29-doi-and-identifiers.json');
    const others = (record.identifiers ?? []).filter((i) => i.identifierType !== 'DOI');
    expect(others.length).toBeGreaterThan(0);
    const back = parseDataCiteXml(toDataCiteXml(record));
    for (const i of others) expect(back.alternateIdentifiers).toContainEqual({ alternateIdentifier: i.identifier, alternateIdentifierType: i.identifierType });
  });

  it('leaves out a polygon of fewer than four points, and entries whose required name is empty', () => {
    expect(toDataCiteXml(load('18-geo-edge.json'))).not.toContain('geoLocationPolygon');
    expect(toDataCiteXml(load('19b-empty-funder.json'))).not.toContain('<funderName');
    expect(toDataCiteXml(load('19c-empty-contributor.json'))).not.toContain('<contributorName');
  });
});

describe('adversarial records in the citation formats', () => {
  it('splits a page range where it was joined, not at a hyphen inside a page (RIS SP/EP, BibTeX pages)', () => {
    const record = load('25-related-items.json');
    const ris = toRis(record, opts);
    expect(ris).toContain('SP  - e123-5\r\n');
    expect(ris).toContain('EP  - e123-9\r\n');
    expect(toBibtex(record, opts)).toContain('pages = {e123-5--e123-9}');
  });

  it('keeps a given name holding " and " one person in BibTeX', () => {
    const bib = toBibtex(load('22-names.json'), opts);
    expect(bib).toContain('Cat, {Tom and Jerry}');
  });

  it('percent-encodes a backslash in a BibTeX doi, which would otherwise escape the closing brace', () => {
    expect(toBibtex(load('30-doi-backslash-end.json'), opts)).toContain('doi = {10.5555/end%5C}');
  });

  it('keeps two creators of the same name, and a title repeated in another language, in Dublin Core', () => {
    const dc = toDcElements(load('35-same-name-authors.json'), opts);
    expect(dc.filter((e) => e.name === 'creator').map((e) => e.value)).toEqual(['Wang, Wei', 'Li, Na', 'Wang, Wei']);
    expect(dc.filter((e) => e.name === 'title')).toEqual([
      { name: 'title', value: 'Two authors called Wang Wei', lang: 'en' },
      { name: 'title', value: 'Two authors called Wang Wei', lang: 'de' },
    ]);
  });

  it('prints a title that is only a subtitle once', () => {
    const record = load('34-subtitle-only.json');
    expect(toCsl(record, opts).title).toBe('Only subtitle');
    expect(toMarcXml(record, opts)).not.toContain('<subfield code="b">Only subtitle');
  });

  it('links related DOIs given as doi:… or with a space as resolvable IRIs in schema.org', () => {
    const citations = JSON.stringify(toSchemaOrg(load('31-related-doi-forms.json'), opts));
    expect(citations).toContain('"https://doi.org/10.1234/abc"');
    expect(citations).toContain('"https://doi.org/10.1234/with%20space"');
    expect(citations).toContain('"https://doi.org/10.1234/ok"');
  });
});
