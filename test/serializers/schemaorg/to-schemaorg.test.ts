import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDataCiteXml } from '../../../serializers/datacite/parse-xml.ts';
import { toSchemaOrg } from '../../../serializers/schemaorg/to-schemaorg.ts';
import { toSchemaOrgType } from '../../../serializers/schemaorg/schemaorg-type.ts';
import { jsonFormat, jsonLinesFormat } from '../../../serializers/json/format.ts';
import type { GranaryRecord } from '../../../src/records/types.ts';
import { BASE_URL, articleRecord, corpusRecords } from '../csl/corpus.ts';

const fixture = (rel: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url)));
const asRecord = (xml: string, id: string) =>
  ({ ...parseDataCiteXml(fixture(xml)), id, $schema: 'x', access: { record: 'public' }, created: '', updated: '', revision: 1 }) as GranaryRecord;

describe('toSchemaOrg', () => {
  it('describes the reference article', () => {
    const ld = toSchemaOrg(articleRecord(), { baseUrl: BASE_URL });
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ScholarlyArticle',
      '@id': 'https://doi.org/10.5281/zenodo.123456',
      url: 'https://repo.example.org/records/abcd-1234',
      identifier: { '@type': 'PropertyValue', propertyID: 'DOI', value: 'https://doi.org/10.5281/zenodo.123456' },
      name: 'On radioactive substances',
      description: 'We study radium & polonium.',
      author: [
        {
          '@type': 'Person', '@id': 'https://orcid.org/0000-0002-1825-0097', name: 'Marie Curie', givenName: 'Marie', familyName: 'Curie',
          affiliation: [{ '@type': 'Organization', '@id': 'https://ror.org/02en5vm52', name: 'Sorbonne' }],
        },
        { '@type': 'Person', name: 'Niels Bohr' },
      ],
      publisher: { '@type': 'Organization', name: 'Zenodo' },
      datePublished: '2021-03-15',
      keywords: 'physics, radioactivity',
      license: 'https://creativecommons.org/licenses/by/4.0/legalcode',
      version: '2.0',
      inLanguage: 'en',
      isPartOf: { '@type': 'Periodical', name: 'Journal of Physics', issn: '0028-0836', volumeNumber: '12' },
      pageStart: '100',
      pageEnd: '110',
      spatialCoverage: { '@type': 'Place', name: 'Paris', geo: { '@type': 'GeoCoordinates', latitude: 48.85, longitude: 2.35 } },
    });
  });

  it('agrees with bolognese on the 10.5438/4K3M-NYVG record where the mappings coincide', () => {
    const expected = JSON.parse(fixture('datacite-conversions/bolognese/schema_org.json').toString());
    const ld = toSchemaOrg(asRecord('datacite/bolognese/datacite.xml', 'dogfood'), { baseUrl: BASE_URL });
    expect(String(ld['@id']).toLowerCase()).toBe(expected['@id'].toLowerCase());
    expect(ld.name).toBe(expected.name);
    const author = (Array.isArray(ld.author) ? ld.author : [ld.author]) as Record<string, unknown>[];
    expect(author[0]).toMatchObject({ '@type': 'Person', givenName: 'Martin', familyName: 'Fenner' });
    expect(author[0]['@id']).toBe(expected.author[0]['@id'].replace('http:', 'https:'));
  });

  it('reads untyped creators as the citation formats do: "Family, Given" is a Person', () => {
    const rec = {
      ...articleRecord(),
      creators: [
        { name: 'Ollomo, Benjamin', affiliation: [{ name: 'CIRMF' }] },
        { name: 'University of Oslo' },
        { name: 'Garcia, Maria', nameType: 'Personal' as const },
      ],
    };
    const author = (toSchemaOrg(rec, { baseUrl: BASE_URL }) as { author: Record<string, unknown>[] }).author;
    expect(author[0]).toEqual({ '@type': 'Person', name: 'Benjamin Ollomo', givenName: 'Benjamin', familyName: 'Ollomo', affiliation: [{ '@type': 'Organization', name: 'CIRMF' }] });
    expect(author[1]).toEqual({ '@type': 'Organization', name: 'University of Oslo' });
    expect(author[2]).toEqual({ '@type': 'Person', name: 'Maria Garcia', givenName: 'Maria', familyName: 'Garcia' });
  });

  it('puts geo boxes into spatialCoverage as a GeoShape', () => {
    const ld = toSchemaOrg(asRecord('datacite/datacite-api-recorded/10.1594_pangaea.842237.xml', 'geo'), { baseUrl: BASE_URL });
    expect(JSON.stringify(ld.spatialCoverage)).toMatch(/"GeoShape"|"GeoCoordinates"/);
  });

  it.each([
    ['Dataset', 'Dataset'], ['Software', 'SoftwareSourceCode'], ['JournalArticle', 'ScholarlyArticle'], ['Book', 'Book'],
    ['BookChapter', 'Chapter'], ['Dissertation', 'Thesis'], ['Image', 'ImageObject'], ['Audiovisual', 'VideoObject'],
    ['Sound', 'AudioObject'], ['Collection', 'Collection'], ['Other', 'CreativeWork'],
  ] as const)('%s -> %s', (general, type) => {
    expect(toSchemaOrgType(general)).toBe(type);
  });

  it.each(corpusRecords().map((r) => [r.id, r] as const))('%s: JSON-LD with @context, @type, @id and no empty values', (_id, record) => {
    const ld = toSchemaOrg(record, { baseUrl: BASE_URL });
    expect(ld['@context']).toBe('https://schema.org');
    expect(String(ld['@id'])).toMatch(/^https:\/\//);
    const text = JSON.stringify(ld);
    expect(text).not.toMatch(/:""|:\[\]|:null/);
    expect(JSON.parse(text)).toEqual(ld);
  });
});

describe('internal JSON formats', () => {
  it('gives the record as stored, and JSON Lines one record per line', () => {
    const record = articleRecord();
    expect(JSON.parse(jsonFormat.serialize(record, { baseUrl: BASE_URL }))).toEqual(record);
    const lines = jsonLinesFormat.serializeList!([record, record], { baseUrl: BASE_URL }).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1])).toEqual(record);
  });
});
