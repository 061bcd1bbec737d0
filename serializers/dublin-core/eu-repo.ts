/**
 * The info:eu-repo vocabularies that the DRIVER 2.0 and OpenAIRE 3.0 Literature Guidelines
 * ask for in oai_dc: publication types (dc:type), access rights (dc:rights) and the
 * embargo end date (dc:date). Aggregators filter on these exact strings.
 */
import type { GranaryRecord } from '../../src/records/types.ts';

const SEMANTICS = 'info:eu-repo/semantics/';

// DataCite resourceTypeGeneral -> DRIVER/OpenAIRE publication type. The DRIVER list has no
// term for data or software; OpenAIRE (and Zenodo) use "other" for them.
const EU_REPO_TYPE: Record<string, string> = {
  Book: 'book',
  BookChapter: 'bookPart',
  ConferencePaper: 'conferenceObject',
  ConferenceProceeding: 'conferenceObject',
  Dissertation: 'doctoralThesis',
  JournalArticle: 'article',
  DataPaper: 'article',
  Preprint: 'preprint',
  Report: 'report',
  PeerReview: 'review',
  Presentation: 'lecture',
  Poster: 'conferenceObject',
  Journal: 'contributionToPeriodical',
  Standard: 'report',
};

/** info:eu-repo/semantics/<type> for the record's resourceTypeGeneral (other when unmapped). */
export function toEuRepoType(resourceTypeGeneral: string | undefined): string {
  return SEMANTICS + (EU_REPO_TYPE[resourceTypeGeneral ?? ''] ?? 'other');
}

/** The resourceTypeGeneral a DRIVER type most likely came from (inverse of toEuRepoType, first match). */
export function parseEuRepoType(term: string): string | undefined {
  if (!term.startsWith(SEMANTICS)) return undefined;
  const type = term.slice(SEMANTICS.length);
  const thesis = ['bachelorThesis', 'masterThesis', 'doctoralThesis'];
  if (thesis.includes(type)) return 'Dissertation';
  if (type === 'workingPaper' || type === 'annotation' || type === 'patent') return 'Text';
  if (type === 'other') return undefined;
  return Object.entries(EU_REPO_TYPE).find(([, v]) => v === type)?.[0];
}

/** The access-rights term for the record's access (OpenAIRE Literature Guidelines 3.0, field "Access Level"). */
export function toEuRepoAccess(record: Pick<GranaryRecord, 'access'>): string {
  switch (record.access?.record) {
    case 'embargoed':
      return `${SEMANTICS}embargoedAccess`;
    case 'restricted':
      return `${SEMANTICS}restrictedAccess`;
    default:
      return `${SEMANTICS}openAccess`;
  }
}

/** The embargo end date term, when the record is under embargo. */
export function toEuRepoEmbargoEnd(record: Pick<GranaryRecord, 'access'>): string | undefined {
  const until = record.access?.record === 'embargoed' ? record.access.embargo?.until : undefined;
  return until ? `info:eu-repo/date/embargoEnd/${until.slice(0, 10)}` : undefined;
}
