/**
 * DataCite resourceTypeGeneral -> CSL 1.0.2 item type. Every value here is in the type enum
 * of csl-data.json: InvenioRDM emits "journal" and bolognese "" for some types, and both
 * make citeproc-js fall back or fail, so the mapping never returns anything else.
 */
import type { ResourceTypeGeneral, Types } from '../../src/records/metadata.ts';

/** The CSL 1.0.2 item types (csl-data.json `type` enum) that this mapping emits. */
export type CslType =
  | 'article' | 'article-journal' | 'book' | 'chapter' | 'collection' | 'dataset' | 'document'
  | 'event' | 'graphic' | 'manuscript' | 'motion_picture' | 'paper-conference' | 'periodical'
  | 'post-weblog' | 'report' | 'review' | 'software' | 'song' | 'speech' | 'standard' | 'thesis'
  | 'webpage' | 'map' | 'patent' | 'article-magazine' | 'article-newspaper' | 'interview';

const BY_GENERAL: Record<ResourceTypeGeneral, CslType> = {
  Audiovisual: 'motion_picture',
  Award: 'document',
  Book: 'book',
  BookChapter: 'chapter',
  Collection: 'collection',
  ComputationalNotebook: 'software',
  ConferencePaper: 'paper-conference',
  // CSL 1.0.2 has no proceedings type; a proceedings volume is cited as a book.
  ConferenceProceeding: 'book',
  DataPaper: 'article-journal',
  Dataset: 'dataset',
  Dissertation: 'thesis',
  Event: 'event',
  Image: 'graphic',
  Instrument: 'document',
  InteractiveResource: 'webpage',
  Journal: 'periodical',
  JournalArticle: 'article-journal',
  Model: 'document',
  OutputManagementPlan: 'document',
  PeerReview: 'review',
  PhysicalObject: 'document',
  // Posters and talks are "presented at" an event: CSL's speech type.
  Poster: 'speech',
  Preprint: 'article',
  Presentation: 'speech',
  Project: 'document',
  Report: 'report',
  Service: 'webpage',
  Software: 'software',
  Sound: 'song',
  Standard: 'standard',
  StudyRegistration: 'document',
  Text: 'document',
  Workflow: 'software',
  Other: 'document',
};

/** Free-text resourceType words that say more than resourceTypeGeneral Text/Other does. */
const BY_FREE_TEXT: [RegExp, CslType][] = [
  [/journal article|^article$|research article/i, 'article-journal'],
  [/preprint|working paper/i, 'article'],
  [/blog/i, 'post-weblog'],
  [/thesis|dissertation/i, 'thesis'],
  [/report/i, 'report'],
  [/book chapter|chapter/i, 'chapter'],
  [/^book$|monograph/i, 'book'],
  [/conference paper|proceedings paper/i, 'paper-conference'],
  [/manuscript/i, 'manuscript'],
  [/patent/i, 'patent'],
  [/^map$|cartograph/i, 'map'],
  [/magazine/i, 'article-magazine'],
  [/newspaper/i, 'article-newspaper'],
  [/interview/i, 'interview'],
  [/poster|presentation|lecture|talk/i, 'speech'],
  [/web ?page|website/i, 'webpage'],
];

/** The CSL type for a record's DataCite types; 'document' when nothing better is known. */
export function toCslType(types: Types | undefined): CslType {
  const general = types?.resourceTypeGeneral;
  const free = types?.resourceType?.trim() ?? '';
  if (general === undefined || general === 'Text' || general === 'Other') {
    const hit = BY_FREE_TEXT.find(([re]) => re.test(free));
    if (hit) return hit[1];
  }
  return (general && BY_GENERAL[general]) || 'document';
}
