import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDataCiteXml } from '../../../serializers/datacite/parse-xml.ts';
import { toDataCiteFragment, toDataCiteXml } from '../../../serializers/datacite/to-xml.ts';
import { toKernelVersion } from '../../../serializers/datacite/namespace.ts';
import { createRecordValidator } from '../../../src/records/schema.ts';
import { XmlRejected } from '../../../src/xml/limits.ts';
import { FIXTURES, XSD, validateXml } from '../../support/xmllint.ts';
import { toCanonicalXml } from './canonical.ts';

const DIR = resolve(FIXTURES, 'datacite');
const fixtures = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.xml'))
  .sort();
const validator = createRecordValidator();

/** Source fixtures that the official XSDs reject (see test/fixtures README); asserted, not skipped. */
const INVALID_SOURCE: Record<string, { v46: boolean; v47: boolean }> = {
  'bolognese/datacite_blank_publisher.xml': { v46: false, v47: false },
  'bolognese/funding_reference.xml': { v46: false, v47: false },
  'lupo/datacite-example-full-v4.7.xml': { v46: false, v47: true },
};

describe('DataCite XML fixtures', () => {
  it('finds all 39 fixtures', () => {
    expect(fixtures).toHaveLength(39);
  });

  for (const name of fixtures) {
    describe(name, () => {
      const bytes = readFileSync(resolve(DIR, name));
      const record = parseDataCiteXml(bytes);
      const xml = toDataCiteXml(record);

      it('parses into a schema-valid record', () => {
        expect(record.titles.length).toBeGreaterThan(0);
        expect(validator.validate(record)).toEqual([]);
      });

      it('round trips: XML -> record -> XML is equal modulo element order', () => {
        expect(toCanonicalXml(xml)).toBe(toCanonicalXml(bytes));
        expect(parseDataCiteXml(xml)).toEqual(record);
      });

      const known = INVALID_SOURCE[name];
      if (name === 'bolognese/datacite_blank_publisher.xml') {
        it('has an empty publisher: source and output are both invalid, and the record is not offered as DataCite', () => {
          expect(validateXml(bytes, XSD.datacite46)).not.toEqual([]);
          expect(record.publisher?.name).toBe('');
          expect(validateXml(xml, XSD.datacite46).join('\n')).toMatch(/publisher/);
          expect(validateXml(xml, XSD.datacite47)).not.toEqual([]);
        });
      } else if (name === 'bolognese/funding_reference.xml') {
        it('has an empty <fundingReference/>: the source is invalid, our output (which drops it) is valid', () => {
          expect(validateXml(bytes, XSD.datacite46)).not.toEqual([]);
          expect(validateXml(bytes, XSD.datacite47)).not.toEqual([]);
          expect(validateXml(xml, XSD.datacite46)).toEqual([]);
          expect(validateXml(xml, XSD.datacite47)).toEqual([]);
        });
      } else if (known) {
        it('uses 4.7-only values: invalid against 4.6, valid against 4.7, declared as 4.7', () => {
          expect(validateXml(bytes, XSD.datacite46)).not.toEqual([]);
          expect(validateXml(xml, XSD.datacite46)).not.toEqual([]);
          expect(validateXml(xml, XSD.datacite47)).toEqual([]);
          expect(toKernelVersion(record)).toBe('4.7');
          expect(xml).toContain('kernel-4.7/metadata.xsd');
        });
      } else {
        it('serializes to XML valid against kernel-4.6 and kernel-4.7', () => {
          expect(validateXml(xml, XSD.datacite46)).toEqual([]);
          expect(validateXml(xml, XSD.datacite47)).toEqual([]);
          expect(xml).toContain('kernel-4.6/metadata.xsd');
        });
      }
    });
  }
});

describe('toDataCiteXml details', () => {
  const base = parseDataCiteXml(readFileSync(resolve(DIR, 'bolognese/datacite.xml')));

  it('keeps xml:lang, schemeURI, valueURI, classificationCode and affiliation identifiers', () => {
    const r = parseDataCiteXml(readFileSync(resolve(DIR, 'bolognese/datacite-example-full-v4.6.xml')));
    const xml = toDataCiteXml(r);
    for (const s of ['xml:lang=', 'schemeURI=', 'valueURI=', 'classificationCode=', 'affiliationIdentifier=', 'publisherIdentifier=']) expect(xml).toContain(s);
  });

  it('reads <br/> in a description as a newline', () => {
    const r = parseDataCiteXml(readFileSync(resolve(DIR, 'datacite-schema-examples/example-schema-documentation.xml')));
    expect(r.descriptions?.some((d) => d.description.includes('\n'))).toBe(true);
  });

  it('strips characters illegal in XML and escapes markup and entity-like text', () => {
    const xml = toDataCiteXml({ ...base, titles: [{ title: 'a\u0000b\uFFFE <i>&amp;</i> &nbsp;' }] });
    expect(validateXml(xml, XSD.datacite46)).toEqual([]);
    expect(parseDataCiteXml(xml).titles[0].title).toBe('ab <i>&amp;</i> &nbsp;');
  });

  it('gives a fragment without an XML declaration', () => {
    const frag = toDataCiteFragment(base);
    expect(frag.startsWith('<resource')).toBe(true);
    expect(frag).toContain('xmlns="http://datacite.org/schema/kernel-4"');
  });

  it('splits an XML geoLocation with two polygons into two geoLocations', () => {
    const src = toDataCiteXml(base).replace('</resource>', `<geoLocations><geoLocation>${[1, 2]
      .map((k) => `<geoLocationPolygon>${[[0, 0], [k, 0], [k, k], [0, 0]].map(([x, y]) => `<polygonPoint><pointLongitude>${x}</pointLongitude><pointLatitude>${y}</pointLatitude></polygonPoint>`).join('')}</geoLocationPolygon>`)
      .join('')}</geoLocation></geoLocations></resource>`);
    const r = parseDataCiteXml(src);
    expect(r.geoLocations).toHaveLength(2);
    expect(validateXml(toDataCiteXml(r), XSD.datacite46)).toEqual([]);
  });
});

describe('parseDataCiteXml refuses hostile or foreign input', () => {
  const rejects = (xml: string | Buffer) => expect(() => parseDataCiteXml(xml)).toThrow(XmlRejected);

  it('XXE reading file:///etc/passwd', () => {
    rejects('<?xml version="1.0"?><!DOCTYPE resource [<!ENTITY x SYSTEM "file:///etc/passwd">]><resource xmlns="http://datacite.org/schema/kernel-4"><titles><title>&x;</title></titles></resource>');
  });
  it('billion laughs', () => {
    rejects('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><r>&c;</r>');
  });
  it('10k-deep nesting', () => {
    rejects(`<resource xmlns="http://datacite.org/schema/kernel-4">${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</resource>`);
  });
  it('oversize documents', () => {
    rejects(Buffer.alloc(50 * 1024 * 1024 + 1, 0x20));
  });
  it('a root that is not a kernel-4 resource', () => {
    rejects('<resource><titles><title>x</title></titles></resource>');
  });
});
