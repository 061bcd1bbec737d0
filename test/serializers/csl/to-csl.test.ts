import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { toCsl } from '../../../serializers/csl/to-csl.ts';
import { toCslDate } from '../../../serializers/csl/dates.ts';
import { toCslType } from '../../../serializers/csl/csl-type.ts';
import { cslFormat } from '../../../serializers/csl/format.ts';
import { BASE_URL, articleRecord, corpusRecords } from './corpus.ts';

const schemaPath = fileURLToPath(new URL('../../fixtures/jsonschema/csl/csl-data.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const typeEnum: string[] = schema.items.properties.type.enum;

describe('toCsl', () => {
  it.each(corpusRecords().map((r) => [r.id, r] as const))('%s is valid CSL-JSON with a valid type', (_id, record) => {
    const item = toCsl(record, { baseUrl: BASE_URL });
    const ok = validate([item]);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(typeEnum).toContain(item.type);
    for (const value of Object.values(item)) expect(value).not.toBe('');
  });

  it('maps the reference article field by field', () => {
    const item = toCsl(articleRecord(), { baseUrl: BASE_URL });
    expect(item).toMatchObject({
      id: 'abcd-1234',
      type: 'article-journal',
      title: 'On radioactive substances',
      author: [{ family: 'Curie', given: 'Marie' }, { family: 'Bohr', given: 'Niels' }],
      issued: { 'date-parts': [[2021, 3, 15]] },
      DOI: '10.5281/zenodo.123456',
      URL: 'https://repo.example.org/records/abcd-1234',
      publisher: 'Zenodo',
      version: '2.0',
      'container-title': 'Journal of Physics',
      volume: '12',
      issue: '3',
      page: '100-110',
      ISSN: '0028-0836',
      abstract: 'We study radium & polonium.',
      keyword: 'physics, radioactivity',
    });
  });

  it('gives organisations as literal names', () => {
    const record = corpusRecords().find((r) => r.id === 'type-Dataset')!;
    expect(toCsl(record, { baseUrl: BASE_URL }).author).toEqual([{ family: 'Doe', given: 'Jane' }, { literal: 'CERN' }]);
  });

  it('serializes a list as a JSON array and one record as an object', () => {
    const records = corpusRecords().slice(0, 3);
    expect(Array.isArray(JSON.parse(cslFormat.serializeList!(records, { baseUrl: BASE_URL })))).toBe(true);
    expect(JSON.parse(cslFormat.serialize(records[0], { baseUrl: BASE_URL })).id).toBe('abcd-1234');
  });
});

describe('toCslType', () => {
  it.each([
    ['Dataset', 'dataset'], ['Software', 'software'], ['JournalArticle', 'article-journal'], ['Preprint', 'article'],
    ['Book', 'book'], ['BookChapter', 'chapter'], ['ConferencePaper', 'paper-conference'], ['Dissertation', 'thesis'],
    ['Report', 'report'], ['Image', 'graphic'], ['Audiovisual', 'motion_picture'], ['Sound', 'song'],
    ['Standard', 'standard'], ['Poster', 'speech'], ['Presentation', 'speech'], ['Text', 'document'],
  ] as const)('%s -> %s', (general, type) => {
    expect(toCslType({ resourceTypeGeneral: general })).toBe(type);
  });

  it('refines Text by its free-text resourceType', () => {
    expect(toCslType({ resourceTypeGeneral: 'Text', resourceType: 'Journal article' })).toBe('article-journal');
    expect(toCslType({ resourceTypeGeneral: 'Text', resourceType: 'Blog post' })).toBe('post-weblog');
    expect(toCslType(undefined)).toBe('document');
  });
});

describe('toCslDate', () => {
  it.each([
    ['2020', { 'date-parts': [[2020]] }],
    ['2020-05', { 'date-parts': [[2020, 5]] }],
    ['2020-05-17T10:00:00Z', { 'date-parts': [[2020, 5, 17]] }],
    ['2004-03-02/2005-06-02', { 'date-parts': [[2004, 3, 2], [2005, 6, 2]] }],
    ['1850/', { 'date-parts': [[1850]] }],
    ['../1850', { 'date-parts': [[1850]] }],
    ['2019~', { 'date-parts': [[2019]], circa: true }],
    ['2001-21', { 'date-parts': [[2001]] }],
    ['spring 2001', { literal: 'spring 2001' }],
  ] as const)('%s', (input, expected) => {
    expect(toCslDate(input)).toEqual(expected);
  });
});
