/** DataCite resourceTypeGeneral -> schema.org type (close to DataCite's own and bolognese's mapping). */
import type { ResourceTypeGeneral } from '../../src/records/metadata.ts';

const BY_GENERAL: Partial<Record<ResourceTypeGeneral, string>> = {
  Audiovisual: 'VideoObject',
  Book: 'Book',
  BookChapter: 'Chapter',
  Collection: 'Collection',
  ComputationalNotebook: 'SoftwareSourceCode',
  ConferencePaper: 'ScholarlyArticle',
  ConferenceProceeding: 'Book',
  DataPaper: 'ScholarlyArticle',
  Dataset: 'Dataset',
  Dissertation: 'Thesis',
  Event: 'Event',
  Image: 'ImageObject',
  InteractiveResource: 'WebSite',
  Journal: 'Periodical',
  JournalArticle: 'ScholarlyArticle',
  PeerReview: 'Review',
  Poster: 'PresentationDigitalDocument',
  Preprint: 'ScholarlyArticle',
  Presentation: 'PresentationDigitalDocument',
  Report: 'Report',
  Service: 'Service',
  Software: 'SoftwareSourceCode',
  Sound: 'AudioObject',
  Text: 'ScholarlyArticle',
  Workflow: 'SoftwareSourceCode',
};

/** The schema.org type name (without the https://schema.org/ prefix); CreativeWork when unknown. */
export function toSchemaOrgType(general: ResourceTypeGeneral | undefined): string {
  return (general && BY_GENERAL[general]) || 'CreativeWork';
}
