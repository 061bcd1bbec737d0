import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marcXmlFormat } from '../../../serializers/marcxml/format.ts';
import { toField008, toLeader } from '../../../serializers/marcxml/fixed-fields.ts';
import { parseMarcXml, parseMarcXmlRecords } from '../../../serializers/marcxml/parse-marcxml.ts';
import { toMarcXml, toMarcXmlFragment } from '../../../serializers/marcxml/to-marcxml.ts';
import { FIXTURES, XSD, validateXml } from '../../support/xmllint.ts';
import { BASE_URL, fullCorpus } from '../dublin-core/corpus.ts';
import { hostileRecords } from '../hostile-records.ts';

const opts = { baseUrl: BASE_URL };
const hostile = (id: string) => hostileRecords().find((r) => r.id === id)!;
const marc = (path: string) => readFileSync(join(FIXTURES, 'marc', path));

describe('MARCXML serializer', () => {
  for (const { name, record } of fullCorpus()) {
    it(`is valid against MARC21slim.xsd: ${name}`, () => {
      expect(marcXmlFormat.supports!(record)).toBe(true);
      const xml = toMarcXml(record, opts);
      expect(validateXml(xml, XSD.marc21)).toEqual([]);
      const f008 = /<controlfield tag="008">([^<]*)</.exec(xml)![1];
      expect(f008).toHaveLength(40);
    });
  }

  it('sets leader/06-07 from the resource type', () => {
    const base = hostile('hostile-title-only');
    const leader = (resourceTypeGeneral: string) => toLeader({ ...base, types: { resourceTypeGeneral } as never });
    expect(leader('JournalArticle').slice(6, 8)).toBe('aa');
    expect(leader('Book').slice(6, 8)).toBe('am');
    expect(leader('Dataset').slice(6, 8)).toBe('mm');
    expect(leader('Software').slice(6, 8)).toBe('mm');
    expect(leader('Image').slice(6, 8)).toBe('km');
    expect(leader('Audiovisual').slice(6, 8)).toBe('gm');
    expect(leader('Sound').slice(6, 8)).toBe('im');
    expect(leader('Collection').slice(6, 8)).toBe('pc');
    expect(leader('Journal').slice(6, 8)).toBe('as');
    expect(leader('Dataset')).toHaveLength(24);
  });

  it('puts the year and the MARC language code in 008', () => {
    const f008 = toField008({ ...hostile('hostile-scripts'), language: 'de' });
    expect(f008.slice(0, 6)).toBe('240102');
    expect(f008.slice(6, 11)).toBe('s1999');
    expect(f008.slice(35, 38)).toBe('ger');
    expect(toField008(hostile('hostile-title-only')).slice(6, 11)).toBe('nuuuu');
    expect(toField008(hostile('hostile-title-only')).slice(35, 38)).toBe('und');
  });

  it('maps people, organizations, DOI, subjects, licence and links', () => {
    const special = toMarcXml(hostile('hostile-special'), opts);
    expect(special).toMatch(/<datafield tag="024" ind1="7" ind2=" ">\s*<subfield code="a">10\.5072\/hostile&amp;special"&lt;&gt;<\/subfield>\s*<subfield code="2">doi<\/subfield>/);
    expect(special).toMatch(/<datafield tag="100" ind1="1" ind2=" ">\s*<subfield code="a">Smith &amp; Wesson, J. "Jo"<\/subfield>/);
    expect(special).toMatch(/<datafield tag="245" ind1="1" ind2="0">/);
    expect(special).toMatch(/<datafield tag="650" ind1=" " ind2="7">\s*<subfield code="a">R&amp;D<\/subfield>\s*<subfield code="2">A&amp;B "scheme"<\/subfield>/);
    expect(special).toMatch(/<datafield tag="540"[^>]*>\s*<subfield code="a">Creative Commons Attribution 4.0 &lt;International&gt;<\/subfield>\s*<subfield code="u">https:\/\/creativecommons.org\/licenses\/by\/4.0\/legalcode<\/subfield>/);
    expect(special).toMatch(/<datafield tag="250"[^>]*>\s*<subfield code="a">1.0 &amp; "beta"<\/subfield>/);
    expect(special).toContain('<subfield code="u">https://repo.example.org/records/hostile-special</subfield>');
    const orgs = toMarcXml(hostile('hostile-orgs'), opts);
    expect(orgs).toMatch(/<datafield tag="110" ind1="2" ind2=" ">\s*<subfield code="a">CERN<\/subfield>\s*<subfield code="0">https:\/\/ror.org\/01ggx4157<\/subfield>/);
    expect(orgs).toMatch(/<datafield tag="245" ind1="1"/);
    expect(toMarcXml(hostile('hostile-title-only'), opts)).toMatch(/<datafield tag="245" ind1="0" ind2="0">/);
  });

  it('writes the 520 abstract as plain text', () => {
    const xml = toMarcXml(hostile('hostile-html'), opts);
    expect(xml).toMatch(/<datafield tag="520" ind1="3" ind2=" ">\s*<subfield code="a">First paragraph with bold &amp; a link.\nSecond paragraph &lt;not a tag&gt; été<\/subfield>/);
    expect(xml).not.toContain('alert');
  });

  it('keeps all 500 creators (one 100 and 499 700s)', () => {
    const xml = toMarcXml(hostile('hostile-500-creators'), opts);
    expect(xml.match(/tag="100"/g)).toHaveLength(1);
    expect(xml.match(/tag="700"/g)).toHaveLength(499);
  });

  it('fragment has no XML declaration and is valid', () => {
    const fragment = toMarcXmlFragment(hostile('hostile-dates'), opts);
    expect(fragment.startsWith('<record')).toBe(true);
    expect(validateXml(fragment, XSD.marc21)).toEqual([]);
  });

  it('round-trips through the loader', () => {
    const back = parseMarcXml(toMarcXml(hostile('hostile-special'), opts));
    expect(back.doi).toBe('10.5072/hostile&special"<>');
    expect(back.titles[0].title).toBe('Cats & Dogs: "quoted" <tag> {\\LaTeX} $math$ 100% #1 ]]> end');
    expect(back.creators?.[0]).toMatchObject({ familyName: 'Smith & Wesson', givenName: 'J. "Jo"', nameType: 'Personal' });
    expect(back.publisher).toEqual({ name: 'AT&T <Labs> "Research"' });
    expect(back.publicationYear).toBe('2010');
    expect(back.types?.resourceTypeGeneral).toBe('Dataset');
    expect(back.subjects?.[0]).toEqual({ subject: 'R&D', subjectScheme: 'A&B "scheme"' });
  });
});

describe('MARCXML loader on library records', () => {
  it('pymarc batch.xml: two LoC records', () => {
    const [charles, whiteHouse] = parseMarcXmlRecords(marc('pymarc/batch.xml'));
    expect(charles.titles[0].title).toBe('The Great Ray Charles');
    expect(charles.creators?.[0]).toMatchObject({ familyName: 'Charles', givenName: 'Ray', nameType: 'Personal' });
    expect(charles.types).toEqual({ resourceTypeGeneral: 'Sound', resourceType: 'Music' });
    expect(charles.publicationYear).toBe('1957');
    expect(charles.language).toBe('en');
    expect(whiteHouse.creators?.[0]).toEqual({ name: 'White House Web Team', nameType: 'Organizational' });
  });

  it('pymarc utf8.xml and ruby-marc one.xml', () => {
    const utf8 = parseMarcXml(marc('pymarc/utf8.xml'));
    expect(utf8.titles.map((t) => t.title)).toEqual(['Zen Classics', 'Wilfried Hiller: Book of Stars']);
    expect(utf8.publisher?.name).toBe('Virgin Classics');
    const one = parseMarcXml(marc('ruby-marc/one.xml'));
    expect(one.titles[0].title).toBe('The Texas ranger');
    expect(one.creators).toHaveLength(3);
  });
});
