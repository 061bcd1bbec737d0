import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataCiteXml } from '../../../serializers/datacite/parse-xml.ts';
import { parseDataCiteJson, toDataCiteJson } from '../../../serializers/datacite/json.ts';
import { toOaiDataCiteFragment } from '../../../serializers/datacite/oai.ts';
import { dataciteJsonFormat, dataciteXmlFormat, oaiDataciteFormat, supportsDataCite } from '../../../serializers/datacite/format.ts';
import { createRecordValidator } from '../../../src/records/schema.ts';
import { parseXmlSafely } from '../../../src/xml/parse.ts';
import { childElements, firstChild, textContent } from '../../../src/xml/tree.ts';
import type { GranaryRecord } from '../../../src/records/types.ts';
import { FIXTURES, XSD, validateXml } from '../../support/xmllint.ts';

const validator = createRecordValidator();
const input = parseDataCiteXml(readFileSync(resolve(FIXTURES, 'datacite/bolognese/datacite-example-full-v4.6.xml')));
const record = { ...input, id: 'r1', access: { record: 'public' }, created: '2024-01-01T00:00:00Z', updated: '2024-01-01T00:00:00Z', revision: 1 } as GranaryRecord;

describe('DataCite JSON', () => {
  it('round trips record -> JSON -> record', () => {
    const json = toDataCiteJson(record);
    expect(json.schemaVersion).toBe('http://datacite.org/schema/kernel-4');
    expect(json.id).toBeUndefined();
    expect(parseDataCiteJson(JSON.stringify(json))).toEqual(input);
  });


  it('accepts REST API documents, string publishers and numeric years', () => {
    const r = parseDataCiteJson({
      data: { attributes: { doi: '10.5438/0012', state: 'findable', titles: [{ title: 'T' }], publisher: 'DataCite', publicationYear: 2016, types: { resourceTypeGeneral: 'Text', schemaOrg: 'ScholarlyArticle' } } },
    });
    expect(r).toMatchObject({ doi: '10.5438/0012', publisher: { name: 'DataCite' }, publicationYear: '2016', types: { resourceTypeGeneral: 'Text' } });
    expect(validator.validate(r)).toEqual([]);
  });
});

describe('oai_datacite', () => {
  it('wraps the resource in schemaVersion, datacentreSymbol and payload', () => {
    const root = parseXmlSafely(toOaiDataCiteFragment(record, 'CERN.ZENODO'));
    const ns = 'http://schema.datacite.org/oai/oai-1.1/';
    expect([root.local, root.ns]).toEqual(['oai_datacite', ns]);
    expect(childElements(root).map((e) => e.local)).toEqual(['schemaVersion', 'datacentreSymbol', 'payload']);
    expect(textContent(firstChild(root, 'schemaVersion')!)).toBe('4.6');
    expect(textContent(firstChild(root, 'datacentreSymbol')!)).toBe('CERN.ZENODO');
    const resource = childElements(firstChild(root, 'payload')!)[0];
    expect([resource.local, resource.ns]).toEqual(['resource', 'http://datacite.org/schema/kernel-4']);
  });
});

describe('format descriptors', () => {
  it('declare ids, media types and OAI prefixes', () => {
    expect(dataciteXmlFormat.oai).toEqual({ metadataPrefix: 'datacite', metadataNamespace: 'http://datacite.org/schema/kernel-4', schema: 'http://schema.datacite.org/meta/kernel-4.7/metadata.xsd' });
    expect(oaiDataciteFormat.oai?.metadataPrefix).toBe('oai_datacite');
    expect(dataciteJsonFormat.mediaTypes[0]).toBe('application/vnd.datacite.datacite+json');
    expect(validateXml(dataciteXmlFormat.serialize(record, { baseUrl: 'http://x' }), XSD.datacite46)).toEqual([]);
    expect(dataciteXmlFormat.serializeFragment!(record, { baseUrl: 'http://x' }).startsWith('<resource')).toBe(true);
  });

  it('supports() is false when a mandatory DataCite property cannot be produced', () => {
    expect(supportsDataCite(record)).toBe(true);
    for (const drop of ['doi', 'creators', 'publisher', 'publicationYear', 'types'] as const) {
      expect(supportsDataCite({ ...record, [drop]: undefined })).toBe(false);
    }
    expect(supportsDataCite({ ...record, publisher: { name: '' } })).toBe(false);
  });
});
