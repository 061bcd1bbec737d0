import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openaireFormat } from '../../../serializers/openaire/format.ts';
import { parseOaiOpenaire } from '../../../serializers/openaire/parse-openaire.ts';
import { toOaiOpenaire, toOaiOpenaireFragment } from '../../../serializers/openaire/to-openaire.ts';
import { FIXTURES, XSD, validateXml } from '../../support/xmllint.ts';
import { BASE_URL, fullCorpus } from '../dublin-core/corpus.ts';
import { hostileRecords } from '../hostile-records.ts';

const opts = { baseUrl: BASE_URL };
const hostile = (id: string) => hostileRecords().find((r) => r.id === id)!;
const sample = (name: string) => readFileSync(join(FIXTURES, 'openaire/samples', name));

describe('oai_openaire serializer', () => {
  for (const { name, record } of fullCorpus()) {
    it(`is valid against openaire.xsd: ${name}`, () => {
      expect(openaireFormat.supports!(record)).toBe(true);
      expect(validateXml(toOaiOpenaire(record, opts), XSD.openaire)).toEqual([]);
    });
  }

  it('uses COAR resource types and access rights', () => {
    const dataset = toOaiOpenaire(hostile('hostile-html'), opts);
    expect(dataset).toContain('<oaire:resourceType resourceTypeGeneral="dataset" uri="http://purl.org/coar/resource_type/c_ddb1">dataset</oaire:resourceType>');
    expect(dataset).toContain('<datacite:rights rightsURI="http://purl.org/coar/access_right/c_abf2">open access</datacite:rights>');
    const software = toOaiOpenaire(hostile('hostile-special'), opts);
    expect(software).toContain('resourceTypeGeneral="software" uri="http://purl.org/coar/resource_type/c_5ce6"');
    const embargoed = toOaiOpenaire(hostile('hostile-embargoed'), opts);
    expect(embargoed).toContain('rightsURI="http://purl.org/coar/access_right/c_f1cf">embargoed access<');
    expect(embargoed).toContain('<datacite:date dateType="Available">2030-01-01</datacite:date>');
    expect(embargoed).toContain('resourceTypeGeneral="literature" uri="http://purl.org/coar/resource_type/c_db06"');
    expect(toOaiOpenaire(hostile('hostile-restricted'), opts)).toContain('http://purl.org/coar/access_right/c_16ec');
  });

  it('writes the DOI as the identifier, else the landing page URL', () => {
    expect(toOaiOpenaire(hostile('hostile-dates'), opts)).toContain('<datacite:identifier identifierType="DOI">10.5072/hostile-dates</datacite:identifier>');
    expect(toOaiOpenaire(hostile('hostile-title-only'), opts)).toContain(
      '<datacite:identifier identifierType="URL">https://repo.example.org/records/hostile-title-only</datacite:identifier>',
    );
  });

  it('maps creators, funding, licence, language (ISO 639-3) and version', () => {
    const orgs = toOaiOpenaire(hostile('hostile-orgs'), opts);
    expect(orgs).toContain('<datacite:creatorName nameType="Organizational">CERN</datacite:creatorName>');
    expect(orgs).toContain('<oaire:funderIdentifier funderIdentifierType="Crossref Funder ID">https://doi.org/10.13039/501100000780</oaire:funderIdentifier>');
    expect(orgs).toContain('<oaire:awardTitle>Open &amp; FAIR</oaire:awardTitle>');
    const special = toOaiOpenaire(hostile('hostile-special'), opts);
    expect(special).toContain('<oaire:licenseCondition uri="https://creativecommons.org/licenses/by/4.0/legalcode">Creative Commons Attribution 4.0 &lt;International&gt;</oaire:licenseCondition>');
    expect(special).toContain('<oaire:version>1.0 &amp; "beta"</oaire:version>');
    expect(toOaiOpenaire(hostile('hostile-scripts'), opts)).toContain('<dc:language>ara</dc:language>');
  });

  it('drops values the v4.0 vocabularies do not have instead of emitting invalid XML', () => {
    const record = { ...hostile('hostile-title-only'), dates: [{ date: '2020', dateType: 'Withdrawn' as const }], contributors: [{ name: 'T, R', contributorType: 'Translator' as const }] };
    const xml = toOaiOpenaire(record, opts);
    expect(xml).not.toContain('Withdrawn');
    expect(xml).toContain('contributorType="Other"');
    expect(validateXml(xml, XSD.openaire)).toEqual([]);
  });

  it('fragment has no XML declaration and is valid', () => {
    const fragment = toOaiOpenaireFragment(hostile('hostile-control'), opts);
    expect(fragment.startsWith('<oaire:resource')).toBe(true);
    expect(validateXml(fragment, XSD.openaire)).toEqual([]);
  });

  it('round-trips through the loader', () => {
    const back = parseOaiOpenaire(toOaiOpenaire(hostile('hostile-embargoed'), opts));
    expect(back.doi).toBe('10.5072/hostile-embargo');
    expect(back.access).toEqual({ record: 'embargoed', embargo: { until: '2030-01-01' } });
    expect(back.types?.resourceTypeGeneral).toBe('Dissertation');
    expect(back.creators?.[0]).toMatchObject({ familyName: 'Later', givenName: 'Alice' });
  });
});

describe('oai_openaire loader on the official samples', () => {
  it('sample_journalarticle1.xml', () => {
    expect(validateXml(sample('sample_journalarticle1.xml'), XSD.openaire)).toEqual([]);
    const r = parseOaiOpenaire(sample('sample_journalarticle1.xml'));
    expect(r.titles[0].title).toBe('Redox‐Neutral Dual Functionalization of Electron‐Deficient Alkenes');
    expect(r.creators).toHaveLength(4);
    expect(r.creators?.[3].nameIdentifiers?.[0]).toEqual({ nameIdentifier: 'https://orcid.org/0000-0003-1983-9378', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' });
    expect(r.types).toEqual({ resourceTypeGeneral: 'JournalArticle', resourceType: 'journal article' });
    expect(r.access).toEqual({ record: 'public' });
    expect(r.language).toBe('en');
    expect(r.fundingReferences?.[0]).toMatchObject({ funderName: 'European Commission', awardNumber: '660668' });
    expect(r.rightsList).toEqual([{ rights: 'Creative Commons Attribution‐NonCommercial', rightsUri: 'http://creativecommons.org/licenses/by-nc/4.0/' }]);
    expect(r.identifiers).toEqual([{ identifier: 'http://europepmc.org/articles/PMC5574022', identifierType: 'URL' }]);
  });

  it('sample_minimal.xml', () => {
    const r = parseOaiOpenaire(sample('sample_minimal.xml'));
    expect(r.titles).toEqual([{ title: 'A general approach to finite dimensional division algebras' }]);
    expect(r.creators).toEqual([{ name: 'Dieterich, Ernst', nameType: 'Personal', givenName: 'Ernst', familyName: 'Dieterich' }]);
    expect(r.publicationYear).toBe('2011');
    expect(r.types?.resourceTypeGeneral).toBe('Report');
  });
});
