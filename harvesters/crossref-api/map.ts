/**
 * Crossref REST API work (an item of /works `message.items`) -> record input in DataCite
 * field names. Field meanings follow Crossref's REST API documentation ("Work" in the
 * api.crossref.org Swagger); the type mapping follows the Crossref-to-DataCite crosswalk
 * used by DataCite's own Crossref import (bolognese).
 */
import type { RecordInput } from '../../src/records/types.ts';
import type { Contributor, Creator, DataCiteMetadata, FundingReference, RelatedItem, ResourceTypeGeneral } from '../../src/records/metadata.ts';
import { RECORD_SCHEMA_ID } from '../../src/records/types.ts';
import { normalizeDoi } from '../../src/pids/doi.ts';
import { BadRequest } from '../../src/errors.ts';
import { toPlainText } from '../../serializers/text/html.ts';
import { parseLanguage } from '../../serializers/text/languages.ts';

type Json = Record<string, unknown>;

const TYPES: Record<string, ResourceTypeGeneral> = {
  'journal-article': 'JournalArticle',
  'book': 'Book',
  'monograph': 'Book',
  'edited-book': 'Book',
  'reference-book': 'Book',
  'book-set': 'Book',
  'book-chapter': 'BookChapter',
  'book-part': 'BookChapter',
  'book-section': 'BookChapter',
  'reference-entry': 'BookChapter',
  'proceedings-article': 'ConferencePaper',
  'proceedings': 'ConferenceProceeding',
  'dataset': 'Dataset',
  'database': 'Dataset',
  'dissertation': 'Dissertation',
  'posted-content': 'Preprint',
  'report': 'Report',
  'report-series': 'Report',
  'standard': 'Standard',
  'peer-review': 'PeerReview',
  'journal': 'Journal',
  'journal-issue': 'Journal',
  'journal-volume': 'Journal',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strs = (v: unknown): string[] => arr(v).map(str).filter((s): s is string => s !== undefined);

/** A Crossref partial date {"date-parts": [[2004, 1, 15]]} as YYYY, YYYY-MM or YYYY-MM-DD. */
function toDate(v: unknown): string | undefined {
  const parts = arr((v as Json | undefined)?.['date-parts'])[0];
  if (!Array.isArray(parts) || typeof parts[0] !== 'number') return undefined;
  return parts
    .filter((p): p is number => typeof p === 'number')
    .map((p, i) => (i === 0 ? String(p).padStart(4, '0') : String(p).padStart(2, '0')))
    .join('-');
}

function toPerson(p: Json): Creator {
  const given = str(p.given);
  const family = str(p.family);
  const orcid = str(p.ORCID);
  const affiliation = arr(p.affiliation)
    .map((a) => str((a as Json).name))
    .filter((n): n is string => n !== undefined)
    .map((name) => ({ name }));
  if (!family) return { name: str(p.name) ?? given ?? 'Unknown', nameType: 'Organizational', ...(affiliation.length ? { affiliation } : {}) };
  return {
    name: given ? `${family}, ${given}` : family,
    nameType: 'Personal',
    ...(given ? { givenName: given } : {}),
    familyName: family,
    ...(orcid ? { nameIdentifiers: [{ nameIdentifier: orcid.replace(/^http:/, 'https:'), nameIdentifierScheme: 'ORCID', schemeUri: 'https://orcid.org' }] } : {}),
    ...(affiliation.length ? { affiliation } : {}),
  };
}

function toFunding(work: Json): FundingReference[] {
  return arr(work.funder).flatMap((f) => {
    const funder = f as Json;
    const funderName = str(funder.name);
    if (!funderName) return [];
    const doi = str(funder.DOI);
    const base: FundingReference = { funderName, ...(doi ? { funderIdentifier: `https://doi.org/${doi}`, funderIdentifierType: 'Crossref Funder ID' as const } : {}) };
    const awards = strs(funder.award);
    return awards.length ? awards.map((awardNumber) => ({ ...base, awardNumber })) : [base];
  });
}

function toContainer(work: Json, type: ResourceTypeGeneral | undefined): RelatedItem | undefined {
  const title = strs(work['container-title'])[0];
  if (!title) return undefined;
  const issn = strs(work.ISSN)[0];
  const isbn = strs(work.ISBN)[0];
  const [firstPage, lastPage] = (str(work.page) ?? '').split('-');
  const item: RelatedItem = {
    relatedItemType: type === 'BookChapter' ? 'Book' : type === 'ConferencePaper' ? 'ConferenceProceeding' : 'Journal',
    relationType: 'IsPublishedIn',
    titles: [{ title }],
  };
  if (issn) item.relatedItemIdentifier = { relatedItemIdentifier: issn, relatedItemIdentifierType: 'ISSN' };
  else if (isbn) item.relatedItemIdentifier = { relatedItemIdentifier: isbn, relatedItemIdentifierType: 'ISBN' };
  const volume = str(work.volume);
  const issue = str(work.issue);
  if (volume) item.volume = volume;
  if (issue) item.issue = issue;
  if (firstPage) item.firstPage = firstPage;
  if (lastPage) item.lastPage = lastPage;
  return item;
}

/**
 * Crossref abstracts are JATS XML with a prefix (<jats:p>, <jats:italic>, <jats:title>), which
 * an HTML-to-text pass leaves alone: JATS tags go first, paragraphs becoming line breaks.
 */
function toAbstractText(jats: string): string {
  const text = jats.replace(/<\/jats:(p|title|sec)\s*>/gi, '\n').replace(/<\/?jats:[A-Za-z-]+(\s[^>]*)?\/?>/g, '');
  return toPlainText(text).replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/** Map one Crossref work to a record input. Throws BadRequest when it has no usable DOI. */
export function toRecordInputFromCrossref(work: Json): RecordInput {
  const doi = normalizeDoi(str(work.DOI) ?? '');
  if (!doi) throw new BadRequest('A Crossref work without a valid DOI.', [{ pointer: '/DOI', message: `"${String(work.DOI)}" is not a DOI` }]);
  const type = typeof work.type === 'string' ? work.type : undefined;
  const general = type ? (TYPES[type] ?? 'Other') : undefined;
  const m: DataCiteMetadata & { $schema: string } = { $schema: RECORD_SCHEMA_ID, doi } as DataCiteMetadata & { $schema: string };
  const url = str(work.URL);
  if (url) m.url = url;
  const titles = [
    ...strs(work.title).map((title) => ({ title: toPlainText(title) })),
    ...strs(work.subtitle).map((title) => ({ title: toPlainText(title), titleType: 'Subtitle' as const })),
    ...strs(work['original-title']).map((title) => ({ title: toPlainText(title), titleType: 'TranslatedTitle' as const })),
  ].filter((t) => t.title !== '');
  if (titles.length) m.titles = titles;
  const creators = arr(work.author).map((a) => toPerson(a as Json));
  if (creators.length) m.creators = creators;
  const editors: Contributor[] = arr(work.editor).map((e) => ({ ...toPerson(e as Json), contributorType: 'Editor' as const }));
  if (editors.length) m.contributors = editors;
  const publisher = str(work.publisher);
  if (publisher) m.publisher = { name: publisher };
  const issued = toDate(work.issued) ?? toDate(work['published-print']) ?? toDate(work['published-online']);
  if (issued) m.publicationYear = issued.slice(0, 4);
  const dates = [
    ...(issued ? [{ date: issued, dateType: 'Issued' as const }] : []),
    ...(toDate(work.created) ? [{ date: toDate(work.created) as string, dateType: 'Created' as const }] : []),
  ];
  if (dates.length) m.dates = dates;
  if (general) m.types = { resourceTypeGeneral: general, ...(type ? { resourceType: type } : {}) };
  const subjects = strs(work.subject).map((subject) => ({ subject }));
  if (subjects.length) m.subjects = subjects;
  const abstract = str(work.abstract);
  if (abstract) m.descriptions = [{ description: toAbstractText(abstract), descriptionType: 'Abstract' }];
  const language = str(work.language) ? parseLanguage(str(work.language) as string) : undefined;
  if (language) m.language = language;
  const licences = [...new Set(arr(work.license).map((l) => str((l as Json).URL)).filter((u): u is string => u !== undefined))];
  if (licences.length) m.rightsList = licences.map((rightsUri) => ({ rightsUri }));
  const funding = toFunding(work);
  if (funding.length) m.fundingReferences = funding;
  const container = toContainer(work, general);
  if (container) m.relatedItems = [container];
  const alt = strs(work['alternative-id']).filter((a) => a.toLowerCase() !== doi);
  if (alt.length) m.alternateIdentifiers = alt.map((alternateIdentifier) => ({ alternateIdentifier, alternateIdentifierType: 'Publisher ID' }));
  return m as RecordInput;
}
