/**
 * GranaryRecord -> CSL-JSON item (Citation Style Language 1.0.2 input data, validated in the
 * tests against csl-data.json). CSL-JSON is also the pivot for BibTeX and RIS.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { PersonName, RelatedItem } from '../../src/records/metadata.ts';
import { toCslType, type CslType } from './csl-type.ts';
import { toCslDate, toIssuedDate, type CslDate } from './dates.ts';
import { toAbstract, toCleanText, toMainTitle, toRecordUrl, toSplitName, type SplitName } from './record-fields.ts';

/** One CSL-JSON item, restricted to the variables Granary fills. */
export interface CslItem {
  id: string;
  type: CslType;
  title?: string;
  author?: SplitName[];
  editor?: SplitName[];
  'container-author'?: SplitName[];
  issued?: CslDate;
  submitted?: CslDate;
  accessed?: CslDate;
  DOI?: string;
  URL?: string;
  ISSN?: string;
  ISBN?: string;
  publisher?: string;
  version?: string;
  genre?: string;
  language?: string;
  abstract?: string;
  keyword?: string;
  'container-title'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  'page-first'?: string;
  edition?: string;
  number?: string;
}

/**
 * The first and last page of an item's `page`. Pages such as "e123-5" hold hyphens of their
 * own, so the range is split where toCsl joined it, after `page-first`, not at every hyphen.
 */
export function toPageRange(item: Pick<CslItem, 'page' | 'page-first'>): { first?: string; last?: string } {
  const { page, 'page-first': first } = item;
  if (!page) return {};
  if (first && page.startsWith(`${first}-`)) return { first, last: page.slice(first.length + 1) };
  return { first: first ?? page };
}

export interface CslOptions {
  baseUrl: string;
}

function toNames(people: PersonName[] | undefined): SplitName[] | undefined {
  const names = (people ?? []).map(toSplitName).filter((n): n is SplitName => n !== undefined);
  return names.length ? names : undefined;
}

/** The journal, book or proceedings the record was published in (DataCite 4.4 relatedItem). */
function toContainer(items: RelatedItem[] | undefined): Partial<CslItem> {
  const host = items?.find((i) => i.relationType === 'IsPublishedIn');
  if (!host) return {};
  const out: Partial<CslItem> = {};
  const title = toCleanText(host.titles?.find((t) => !t.titleType)?.title ?? host.titles?.[0]?.title);
  if (title) out['container-title'] = title;
  const set = (key: 'volume' | 'issue' | 'edition' | 'number', v: string | undefined) => {
    const clean = toCleanText(v);
    if (clean) out[key] = clean;
  };
  set('volume', host.volume);
  set('issue', host.issue);
  set('edition', host.edition);
  set('number', host.number);
  const first = toCleanText(host.firstPage);
  const last = toCleanText(host.lastPage);
  if (first) {
    out.page = last && last !== first ? `${first}-${last}` : first;
    out['page-first'] = first;
  }
  const id = host.relatedItemIdentifier;
  if (id?.relatedItemIdentifierType === 'ISSN' || id?.relatedItemIdentifierType === 'EISSN') out.ISSN = id.relatedItemIdentifier;
  if (id?.relatedItemIdentifierType === 'ISBN') out.ISBN = id.relatedItemIdentifier;
  const editors = toNames(host.contributors?.filter((c) => c.contributorType === 'Editor'));
  if (editors) out.editor = editors;
  const hostAuthors = toNames(host.creators);
  if (hostAuthors) out['container-author'] = hostAuthors;
  return out;
}

/** Types whose styles print the genre in brackets, where "[Journal article]" is only noise. */
const GENRE_IS_NOISE = new Set<CslType>(['article-journal', 'article', 'book', 'chapter', 'paper-conference', 'periodical']);

/** The free-text resourceType, when it says more than the type itself does. */
function toGenre(record: GranaryRecord, type: CslType): string | undefined {
  const free = toCleanText(record.types?.resourceType);
  const general = record.types?.resourceTypeGeneral ?? '';
  if (!free || GENRE_IS_NOISE.has(type)) return undefined;
  return free.replace(/\s+/g, '').toLowerCase() === general.toLowerCase() ? undefined : free;
}

/** A record as one CSL-JSON item. Empty values are omitted, never emitted as "". */
export function toCsl(record: GranaryRecord, options: CslOptions): CslItem {
  const item: CslItem = { id: record.id || record.doi || 'item', type: toCslType(record.types) };
  const title = toMainTitle(record);
  if (title) item.title = title;
  const author = toNames(record.creators);
  if (author) item.author = author;
  const editor = toNames(record.contributors?.filter((c) => c.contributorType === 'Editor'));
  if (editor) item.editor = editor;
  const issued = toIssuedDate(record);
  if (issued) item.issued = issued;
  const submitted = toCslDate(record.dates?.find((d) => d.dateType === 'Submitted')?.date);
  if (submitted) item.submitted = submitted;
  if (record.doi) item.DOI = record.doi;
  item.URL = toRecordUrl(record, options.baseUrl);
  const publisher = toCleanText(record.publisher?.name);
  if (publisher) item.publisher = publisher;
  const version = toCleanText(record.version);
  if (version) item.version = version;
  const genre = toGenre(record, item.type);
  if (genre) item.genre = genre;
  if (record.language) item.language = record.language;
  const abstract = toAbstract(record);
  if (abstract) item.abstract = abstract;
  const keywords = (record.subjects ?? []).map((s) => toCleanText(s.subject)).filter(Boolean);
  if (keywords.length) item.keyword = [...new Set(keywords)].join(', ');
  Object.assign(item, toContainer(record.relatedItems));
  return item;
}
