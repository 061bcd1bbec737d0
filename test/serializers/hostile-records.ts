/**
 * Hostile GranaryRecord fixtures shared by every serializer suite: control characters,
 * mixed scripts, huge creator lists, missing optional fields, HTML abstracts, organizations
 * as creators, EDTF/interval dates and markup-significant characters. Each record is a
 * plausible thing for a loader or client to hand the store; serializers must produce
 * schema-valid output for all of them.
 */
import { RECORD_SCHEMA_ID } from '../../src/records/types.ts';
import type { GranaryRecord } from '../../src/records/types.ts';

/** System fields for fixture records built in tests. */
export const TEST_SYSTEM_FIELDS = {
  $schema: RECORD_SCHEMA_ID,
  access: { record: 'public' as const },
  created: '2024-01-02T03:04:05.000Z',
  updated: '2024-01-02T03:04:05.000Z',
  revision: 1,
};

function person<T extends object = object>(family: string, given: string, extra?: T) {
  return { name: `${family}, ${given}`, nameType: 'Personal' as const, givenName: given, familyName: family, ...(extra as T) };
}

/** Characters XML 1.0 forbids (U+0000, U+0003, U+FFFE, a lone surrogate) inside otherwise normal text. */
function controlChars(): GranaryRecord {
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-control',
    doi: '10.5072/hostile-control',
    creators: [person('Nul\u0000l', 'Ctrl\u0003', { affiliation: [{ name: 'Lab\uFFFE of \u0007Bells' }] })],
    titles: [{ title: 'Bell\u0007 and \u0000null \u0003etx \uFFFEnonchar \uD800lone surrogate' }],
    publisher: { name: 'Publisher\u000B with vertical tab' },
    publicationYear: '2020',
    types: { resourceTypeGeneral: 'Text', resourceType: 'Report\u0001' },
    subjects: [{ subject: 'form\u000Cfeed' }],
    descriptions: [{ description: 'Tab\tnewline\ncarriage\r return kept; \u001B escape dropped', descriptionType: 'Abstract' }],
  };
}

/** Right-to-left Arabic and Hebrew, CJK, and combining marks, with xml:lang tags. */
function scripts(): GranaryRecord {
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-scripts',
    doi: '10.5072/hostile-scripts',
    creators: [
      person('الخوارزمي', 'محمد', { nameIdentifiers: [{ nameIdentifier: 'https://orcid.org/0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }] }),
      person('כהן', 'שרה'),
      person('王', '小明'),
      { name: '東京大学', nameType: 'Organizational' as const, lang: 'ja' },
    ],
    titles: [
      { title: 'دراسة في الجبر', lang: 'ar' },
      { title: 'מחקר באלגברה', lang: 'he', titleType: 'TranslatedTitle' },
      { title: '代数研究：第一卷', lang: 'zh', titleType: 'AlternativeTitle' },
      { title: 'Ǹ̷o̶r̴m̵a̸l̷i̵z̶e̷d̸? Zalgo', titleType: 'Subtitle' },
    ],
    publisher: { name: 'دار النشر', lang: 'ar' },
    publicationYear: '1999',
    language: 'ar',
    types: { resourceTypeGeneral: 'Book', resourceType: 'كتاب' },
    subjects: [{ subject: '数学', lang: 'zh' }, { subject: 'אלגברה', lang: 'he' }],
    descriptions: [{ description: 'ملخص باللغة العربية — with an English tail.', descriptionType: 'Abstract', lang: 'ar' }],
  };
}

/** 500 creators: serializers must neither truncate silently nor blow up. */
function manyCreators(): GranaryRecord {
  const creators = Array.from({ length: 500 }, (_, i) => person(`Family${i + 1}`, `Given${i + 1}`));
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-500-creators',
    doi: '10.5072/hostile-500',
    creators,
    titles: [{ title: 'A consortium paper with 500 authors' }],
    publisher: { name: 'Big Science Collaboration' },
    publicationYear: '2016',
    types: { resourceTypeGeneral: 'JournalArticle' },
  };
}

/** Only a title: no DOI, creators, publisher, year, types. Formats that need more must say supports() = false or cope. */
function titleOnly(): GranaryRecord {
  return { ...TEST_SYSTEM_FIELDS, id: 'hostile-title-only', titles: [{ title: 'Only a title' }] };
}

/** HTML in the abstract, including a script element and entities. */
function htmlAbstract(): GranaryRecord {
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-html',
    doi: '10.5072/HOSTILE-HTML',
    creators: [person("O'Brien", 'Seán')],
    titles: [{ title: 'Markup <i>in</i> the title' }],
    publisher: { name: 'Zenodo' },
    publicationYear: '2021',
    types: { resourceTypeGeneral: 'Dataset' },
    descriptions: [
      {
        description:
          '<p>First paragraph with <b>bold</b> &amp; <a href="https://example.org/?a=1&amp;b=2">a link</a>.</p>' +
          '<script>alert("x")</script><p>Second&nbsp;paragraph &lt;not a tag&gt; &#233;t&#xE9;</p><br/>',
        descriptionType: 'Abstract',
      },
      { description: '<ul><li>Methods one</li><li>Methods two</li></ul>', descriptionType: 'Methods' },
    ],
  };
}

/** Organizations as creators and contributors, with ROR identifiers. */
function organizations(): GranaryRecord {
  const ror = (id: string) => [{ nameIdentifier: `https://ror.org/${id}`, nameIdentifierScheme: 'ROR', schemeUri: 'https://ror.org' }];
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-orgs',
    doi: '10.5072/hostile-orgs',
    creators: [
      { name: 'CERN', nameType: 'Organizational' as const, nameIdentifiers: ror('01ggx4157') },
      { name: 'DataCite', nameType: 'Organizational' as const },
    ],
    contributors: [
      { name: 'European Commission', nameType: 'Organizational', contributorType: 'Sponsor' as const, nameIdentifiers: ror('00k4n6c32') },
      person('Curie', 'Marie', { contributorType: 'DataCurator' as const }),
    ],
    titles: [{ title: 'Annual report of an organization' }],
    publisher: { name: 'CERN', publisherIdentifier: 'https://ror.org/01ggx4157', publisherIdentifierScheme: 'ROR', schemeUri: 'https://ror.org/' },
    publicationYear: '2019',
    types: { resourceTypeGeneral: 'Report', resourceType: 'Annual report' },
    fundingReferences: [{ funderName: 'European Commission', funderIdentifier: 'https://doi.org/10.13039/501100000780', funderIdentifierType: 'Crossref Funder ID', awardNumber: '654321', awardTitle: 'Open & FAIR' }],
  };
}

/** EDTF and interval dates, which a naive parser turns into NaN or drops. */
function edtfDates(): GranaryRecord {
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-dates',
    doi: '10.5072/hostile-dates',
    creators: [person('Date', 'Edgy')],
    titles: [{ title: 'Dates from the edge of EDTF' }],
    publisher: { name: 'Chronos Press' },
    publicationYear: '2019',
    types: { resourceTypeGeneral: 'Image', resourceType: 'Photograph' },
    dates: [
      { date: '2004-03-02/2005-06-02', dateType: 'Collected' },
      { date: '2019~', dateType: 'Created', dateInformation: 'approximate' },
      { date: '2001-21', dateType: 'Issued', dateInformation: 'spring (EDTF season)' },
      { date: '1850/', dateType: 'Valid' },
      { date: '2020-05-01T12:00:00Z', dateType: 'Available' },
    ],
    geoLocations: [{ geoLocationPlace: 'Atlantic Ocean', geoLocationPoint: { pointLongitude: -31.5, pointLatitude: 41.0 } }],
  };
}

/** Ampersands, quotes, angle brackets, braces and backslashes everywhere a format might be naive. */
function specialChars(): GranaryRecord {
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-special',
    doi: '10.5072/hostile&special"<>',
    creators: [person('Smith & Wesson', 'J. "Jo"'), person('{Braces}', 'Back\\slash')],
    titles: [{ title: 'Cats & Dogs: "quoted" <tag> {\\LaTeX} $math$ 100% #1 ]]> end' }],
    publisher: { name: 'AT&T <Labs> "Research"' },
    publicationYear: '2010',
    types: { resourceTypeGeneral: 'Software', resourceType: 'C++ library' },
    version: '1.0 & "beta"',
    subjects: [{ subject: 'R&D', subjectScheme: 'A&B "scheme"', schemeUri: 'https://example.org/scheme?a=1&b=2' }],
    rightsList: [{ rights: 'Creative Commons Attribution 4.0 <International>', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'cc-by-4.0', rightsIdentifierScheme: 'SPDX' }],
    relatedIdentifiers: [{ relatedIdentifier: 'https://example.org/a?x=1&y=2', relatedIdentifierType: 'URL', relationType: 'IsSupplementTo' }],
  };
}

/**
 * Text that looks like XML markup already escaped: entity and character references. It must
 * come back from every XML format exactly as written (xmlbuilder2 passes `&name;` through
 * unescaped, so "&amp;" was read back as "&" and "&y;" made the document ill-formed).
 */
function entityLookalikes(): GranaryRecord {
  return {
    ...TEST_SYSTEM_FIELDS,
    id: 'hostile-entities',
    doi: '10.5072/hostile-entities',
    creators: [person('AT&amp;T', 'Bell &nbsp;', { affiliation: [{ name: 'Lab &#1; &#x41; &y;' }] })],
    titles: [{ title: 'Literal &amp; and &quot;q&quot; and &y; and &#1; and &#65;' }],
    publisher: { name: 'Press &copy; &amp;' },
    publicationYear: '2012',
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'Data &amp; code' },
    version: '1.0 &beta;',
    subjects: [{ subject: 'R&amp;D', subjectScheme: 'Scheme &amp; co &y;' }],
    descriptions: [{ description: 'Abstract &amp; &#x26; &zz;', descriptionType: 'Abstract' }],
  };
}

/** An embargoed record with a restricted sibling of the same shape: exercises access-rights terms. */
function embargoed(): GranaryRecord[] {
  const base = {
    ...TEST_SYSTEM_FIELDS,
    doi: '10.5072/hostile-embargo',
    creators: [person('Later', 'Alice')],
    titles: [{ title: 'Under embargo' }],
    publisher: { name: 'Embargo University' },
    publicationYear: '2024',
    types: { resourceTypeGeneral: 'Dissertation' as const },
  };
  return [
    { ...base, id: 'hostile-embargoed', access: { record: 'embargoed' as const, embargo: { until: '2030-01-01' } } },
    { ...base, id: 'hostile-restricted', doi: '10.5072/hostile-restricted', access: { record: 'restricted' as const } },
  ];
}

/** Fresh copies of every hostile record (safe to mutate). */
export function hostileRecords(): GranaryRecord[] {
  return [controlChars(), scripts(), manyCreators(), titleOnly(), htmlAbstract(), organizations(), edtfDates(), specialChars(), entityLookalikes(), ...embargoed()];
}
