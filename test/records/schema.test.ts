import { describe, expect, it } from 'vitest';
import { createRecordValidator } from '../../src/records/schema.ts';
import { ValidationFailed } from '../../src/errors.ts';
import { RECORD_SCHEMA_ID } from '../../src/records/types.ts';

const validator = createRecordValidator();

const full = {
  $schema: RECORD_SCHEMA_ID,
  id: 'abc12-3de45',
  created: '2024-01-02T03:04:05Z',
  updated: '2024-01-02T03:04:05Z',
  revision: 1,
  access: { record: 'embargoed', embargo: { until: '2030-01-01', reason: 'publisher' }, owners: ['u1'] },
  files: [{ key: 'data.csv', size: 10, checksum: 'md5:0123', mimetype: 'text/csv' }],
  doi: '10.82433/b09z-4k37',
  types: { resourceTypeGeneral: 'Presentation', resourceType: 'Talk' },
  creators: [
    {
      name: 'Garcia, Sofia',
      nameType: 'Personal',
      givenName: 'Sofia',
      familyName: 'Garcia',
      nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0001-5727-2427', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
      affiliation: [{ name: 'DataCite', affiliationIdentifier: 'https://ror.org/04wxnsj81', affiliationIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }],
    },
  ],
  titles: [{ title: 'Example', lang: 'en' }, { title: 'Ejemplo', titleType: 'TranslatedTitle', lang: 'es' }],
  publisher: { name: 'DataCite', publisherIdentifier: 'https://ror.org/04wxnsj81', publisherIdentifierScheme: 'ROR', lang: 'en' },
  publicationYear: '2024',
  subjects: [{ subject: 'FOS: Computer and information sciences', subjectScheme: 'Fields of Science and Technology (FOS)', schemeUri: 'http://www.oecd.org/science/inno', valueUri: 'http://x', classificationCode: '1.2', lang: 'en' }],
  contributors: [{ name: 'Doe, Jane', contributorType: 'Translator' }],
  dates: [{ date: '2020/2022', dateType: 'Coverage', dateInformation: 'fieldwork' }],
  language: 'en',
  alternateIdentifiers: [{ alternateIdentifier: '12345', alternateIdentifierType: 'Local accession number' }],
  relatedIdentifiers: [
    { relatedIdentifier: 'swh:1:dir:0123', relatedIdentifierType: 'SWHID', relationType: 'Other', relationTypeInformation: 'mirror of' },
    { relatedIdentifier: 'RRID:SCR_1', relatedIdentifierType: 'RRID', relationType: 'HasTranslation', resourceTypeGeneral: 'Award' },
  ],
  relatedItems: [
    {
      relatedItemType: 'Journal',
      relationType: 'IsPublishedIn',
      relatedItemIdentifier: { relatedItemIdentifier: '0000-0000', relatedItemIdentifierType: 'ISSN' },
      titles: [{ title: 'Journal of Examples' }],
      creators: [{ name: 'Smith, J', nameType: 'Personal' }],
      contributors: [{ name: 'Ed', contributorType: 'Editor' }],
      volume: '1',
      number: '5',
      numberType: 'Article',
    },
  ],
  sizes: ['1 MB'],
  formats: ['text/csv'],
  version: '1.0',
  rightsList: [{ rights: 'CC BY 4.0', rightsUri: 'https://creativecommons.org/licenses/by/4.0/', rightsIdentifier: 'cc-by-4.0', rightsIdentifierScheme: 'SPDX' }],
  descriptions: [{ description: 'An abstract.', descriptionType: 'Abstract', lang: 'en' }],
  geoLocations: [
    {
      geoLocationPlace: 'Vancouver',
      geoLocationPoint: { pointLongitude: -123.1, pointLatitude: 49.3 },
      geoLocationBox: { westBoundLongitude: -124, eastBoundLongitude: -123, southBoundLatitude: 49, northBoundLatitude: 50 },
      geoLocationPolygon: [
        { polygonPoint: { pointLongitude: 0, pointLatitude: 0 } },
        { polygonPoint: { pointLongitude: 1, pointLatitude: 0 } },
        { polygonPoint: { pointLongitude: 1, pointLatitude: 1 } },
        { polygonPoint: { pointLongitude: 0, pointLatitude: 0 } },
        { inPolygonPoint: { pointLongitude: 0.5, pointLatitude: 0.2 } },
      ],
    },
  ],
  fundingReferences: [{ funderName: 'EC', funderIdentifier: 'https://ror.org/00k4n6c32', funderIdentifierType: 'ROR', awardNumber: '123', awardUri: 'https://cordis.europa.eu/project/id/123', awardTitle: 'Grant' }],
  provenance: {
    baseURL: 'https://zenodo.org/oai2d',
    identifier: 'oai:zenodo.org:1',
    datestamp: '2024-01-01T00:00:00Z',
    metadataNamespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
    harvestDate: '2024-02-01T00:00:00Z',
    altered: true,
  },
};

describe('record-v1.0.0 schema', () => {
  it('accepts a record using every property, including 4.6 and 4.7 values', () => {
    expect(validator.validate(full)).toEqual([]);
  });

  it('accepts a minimal record with only a title (harvested oai_dc)', () => {
    expect(validator.validate({ titles: [{ title: 'Only a title' }] })).toEqual([]);
  });

  it('requires at least one title', () => {
    expect(validator.validate({ doi: '10.1234/x' })).toEqual([{ pointer: '/titles', message: "'titles' is required" }]);
    expect(validator.validate({ titles: [] })[0].pointer).toBe('/titles');
  });

  it('points AT an unknown property, at any depth', () => {
    expect(validator.validate({ titles: [{ title: 'x', foo: 1 }] })).toEqual([{ pointer: '/titles/0/foo', message: "unknown property 'foo'" }]);
    expect(validator.validate({ titles: [{ title: 'x' }], 'a/b': 1 })).toEqual([{ pointer: '/a~1b', message: "unknown property 'a/b'" }]);
    const deep = { titles: [{ title: 'x' }], creators: [{ name: 'n', affiliation: [{ name: 'a', rorId: 'x' }] }] };
    expect(validator.validate(deep)).toEqual([{ pointer: '/creators/0/affiliation/0/rorId', message: "unknown property 'rorId'" }]);
  });

  it('lists allowed values for enum errors', () => {
    const errs = validator.validate({ titles: [{ title: 'x' }], types: { resourceTypeGeneral: 'Thing' } });
    expect(errs).toHaveLength(1);
    expect(errs[0].pointer).toBe('/types/resourceTypeGeneral');
    expect(errs[0].message).toContain('"Dataset"');
    expect(errs[0].message).toContain('"Presentation"');
  });

  it('requires embargo.until for embargoed records', () => {
    const errs = validator.validate({ titles: [{ title: 'x' }], access: { record: 'embargoed' } });
    expect(errs).toEqual([{ pointer: '/access/embargo', message: "'embargo' is required" }]);
  });

  it('rejects a publisher given as a string (it is an object since DataCite 4.5)', () => {
    expect(validator.validate({ titles: [{ title: 'x' }], publisher: 'Zenodo' })).toEqual([{ pointer: '/publisher', message: 'must be of type object' }]);
  });

  it('reports an unknown $schema at /$schema', () => {
    expect(validator.validate({ $schema: 'local://records/record-v9.json', titles: [{ title: 'x' }] })).toEqual([
      { pointer: '/$schema', message: expect.stringContaining(RECORD_SCHEMA_ID) },
    ]);
  });

  it('lets a record name only record schemas, and a harvest source only source schemas', () => {
    const asSource = { $schema: 'local://harvest/source-v1.0.0.json', id: 'z', type: 'oai-pmh', url: 'https://example.org/oai', metadataPrefix: 'oai_dc' };
    expect(validator.validate(asSource)).toEqual([{ pointer: '/$schema', message: `unknown schema; allowed: "${RECORD_SCHEMA_ID}"` }]);
    expect(validator.validate(asSource, 'harvest')).toEqual([]);
    expect(validator.validate({ titles: [{ title: 'x' }] }, 'harvest')[0].pointer).toBe('/$schema');
  });

  it('assertValid throws ValidationFailed with the details', () => {
    expect(() => validator.assertValid({ titles: [{ title: 'x' }], publicationYear: '20' })).toThrow(ValidationFailed);
    try {
      validator.assertValid({ titles: [{ title: 'x' }], publicationYear: '20' });
    } catch (e) {
      expect((e as ValidationFailed).details[0].pointer).toBe('/publicationYear');
    }
    expect(() => validator.assertValid(full)).not.toThrow();
  });

  it('rejects non-objects', () => {
    expect(validator.validate([])).toEqual([{ pointer: '', message: 'must be a JSON object' }]);
  });
});

describe('demo dataset', () => {
  it('has at least 50 public, schema-valid records with unique DOIs, and is reproducible', async () => {
    const { loadDemoRecords } = await import('../../src/demo/demo-records.ts');
    const { buildDemoRecords } = await import('../../scripts/build-demo.ts');
    const records = loadDemoRecords();
    expect(records.length).toBeGreaterThanOrEqual(50);
    for (const r of records) {
      expect(r.access?.record).toBe('public');
      expect(validator.validate(r)).toEqual([]);
    }
    const dois = records.flatMap((r) => (r.doi ? [r.doi.toLowerCase()] : []));
    expect(new Set(dois).size).toBe(dois.length);
    expect(buildDemoRecords()).toEqual(records);
  });
});
