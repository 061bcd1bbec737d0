/**
 * The records every citation-oriented serializer suite (CSL, citation, BibTeX, RIS,
 * schema.org, landing) runs over: every DataCite XML fixture through the DataCite loader,
 * the shared hostile records, the Invenio DataCite 4.5 JSON examples, and one small record
 * per resourceTypeGeneral.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GranaryRecord } from '../../../src/records/types.ts';
import type { ResourceTypeGeneral } from '../../../src/records/metadata.ts';
import { hostileRecords, TEST_SYSTEM_FIELDS } from '../hostile-records.ts';
import { dataciteFixtureRecords } from './corpus-datacite.ts';

const SYSTEM = { ...TEST_SYSTEM_FIELDS, revision: 3 };

const fixture = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));

function inveniosExamples(): GranaryRecord[] {
  return ['datacite-v4.5-full-example.json', 'datacite-example-dataset-v4.5.json'].map((file, i) => {
    const json = JSON.parse(readFileSync(fixture(`datacite-conversions/inveniosoftware-datacite/${file}`), 'utf8'));
    delete json.prefix;
    delete json.suffix;
    delete json.container;
    return { ...json, ...SYSTEM, id: `invenio-${i}` } as GranaryRecord;
  });
}

const GENERALS: ResourceTypeGeneral[] = [
  'Audiovisual', 'Award', 'Book', 'BookChapter', 'Collection', 'ComputationalNotebook', 'ConferencePaper',
  'ConferenceProceeding', 'DataPaper', 'Dataset', 'Dissertation', 'Event', 'Image', 'Instrument',
  'InteractiveResource', 'Journal', 'JournalArticle', 'Model', 'OutputManagementPlan', 'PeerReview',
  'PhysicalObject', 'Poster', 'Preprint', 'Presentation', 'Project', 'Report', 'Service', 'Software', 'Sound',
  'Standard', 'StudyRegistration', 'Text', 'Workflow', 'Other',
];

/** A journal article with everything a citation uses: the hand-verified reference record. */
export function articleRecord(): GranaryRecord {
  return {
    ...SYSTEM,
    id: 'abcd-1234',
    doi: '10.5281/zenodo.123456',
    types: { resourceTypeGeneral: 'JournalArticle', resourceType: 'Journal article' },
    creators: [
      {
        name: 'Curie, Marie', nameType: 'Personal', givenName: 'Marie', familyName: 'Curie',
        nameIdentifiers: [{ nameIdentifier: '0000-0002-1825-0097', nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }],
        affiliation: [{ name: 'Sorbonne', affiliationIdentifier: 'https://ror.org/02en5vm52', affiliationIdentifierScheme: 'ROR' }],
      },
      { name: 'Bohr, Niels', nameType: 'Personal', givenName: 'Niels', familyName: 'Bohr' },
    ],
    titles: [{ title: 'On radioactive substances', lang: 'en' }],
    publisher: { name: 'Zenodo' },
    publicationYear: '2021',
    dates: [{ date: '2021-03-15', dateType: 'Issued' }],
    subjects: [{ subject: 'physics' }, { subject: 'radioactivity' }],
    language: 'en',
    version: '2.0',
    rightsList: [{ rights: 'Creative Commons Attribution 4.0 International', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'cc-by-4.0' }],
    descriptions: [{ description: '<p>We study <b>radium</b> &amp; polonium.</p>', descriptionType: 'Abstract' }],
    relatedItems: [{
      relatedItemType: 'Journal', relationType: 'IsPublishedIn',
      relatedItemIdentifier: { relatedItemIdentifier: '0028-0836', relatedItemIdentifierType: 'ISSN' },
      titles: [{ title: 'Journal of Physics' }], volume: '12', issue: '3', firstPage: '100', lastPage: '110',
    }],
    geoLocations: [{ geoLocationPlace: 'Paris', geoLocationPoint: { pointLatitude: 48.85, pointLongitude: 2.35 } }],
  };
}

function oneOfEach(): GranaryRecord[] {
  return GENERALS.map((general) => ({
    ...SYSTEM,
    id: `type-${general}`,
    doi: `10.5072/type-${general.toLowerCase()}`,
    types: { resourceTypeGeneral: general },
    creators: [{ name: 'Doe, Jane', nameType: 'Personal', givenName: 'Jane', familyName: 'Doe' }, { name: 'CERN', nameType: 'Organizational' }],
    titles: [{ title: `A ${general}` }],
    publisher: { name: 'Granary' },
    publicationYear: '2020',
  }));
}

/** Every record the citation-oriented suites must serialize without error. */
export function corpusRecords(): GranaryRecord[] {
  return [articleRecord(), ...dataciteFixtureRecords(), ...hostileRecords(), ...inveniosExamples(), ...oneOfEach()];
}

export const BASE_URL = 'https://repo.example.org';
