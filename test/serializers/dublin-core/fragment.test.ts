/**
 * The direct oai_dc fragment writer (the OAI-PMH hot path) must give the same XML as the
 * serializer's xmlbuilder2 encoding of the whole document, for ordinary and for hostile
 * records, and be valid against oai_dc.xsd.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { toOaiDc, toOaiDcFragment } from '../../../serializers/dublin-core/oai-dc.ts';
import { toStoredRecord } from '../../../src/records/normalize.ts';
import type { GranaryRecord } from '../../../src/records/types.ts';
import { generateRecord } from '../../../bench/generate.ts';
import { hostileRecords } from '../hostile-records.ts';
import { validateXml, XSD } from '../../support/xmllint.ts';

const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true, trimValues: false, processEntities: true });
const options = { baseUrl: 'https://repo.example.org' };

function generated(n: number): GranaryRecord[] {
  const now = '2024-05-01T00:00:00.000Z';
  return Array.from({ length: n }, (_, i) => toStoredRecord(generateRecord(i), { id: `abcd${i % 10}-fgh1${i % 10}`, created: now, updated: now, revision: 1 }) as GranaryRecord);
}

describe('oai_dc fragment writer', () => {
  test.each([
    ['generated', generated(50)],
    ['hostile', hostileRecords()],
  ])('same infoset as the serializer for %s records, valid against oai_dc.xsd', (_name, records) => {
    for (const rec of records) {
      const ours = toOaiDcFragment(rec, options);
      const theirs = toOaiDc(rec, options).replace(/^<\?xml[^>]*\?>\s*/, '');
      expect(parser.parse(ours)).toEqual(parser.parse(theirs));
      expect(validateXml(`<?xml version="1.0" encoding="UTF-8"?>\n${ours}`, XSD.oaiDc)).toEqual([]);
    }
  });
});
