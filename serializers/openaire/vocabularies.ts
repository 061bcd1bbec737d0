/**
 * COAR vocabularies that OpenAIRE Guidelines for Literature Repositories v4 require:
 * resource types (field "Resource Type", oaire:resourceType) and access rights (field
 * "Access Rights", datacite:rights). Only URIs enumerated in the v4.0 XSD may appear.
 */
import type { ResourceTypeGeneral } from '../../src/records/metadata.ts';
import type { AccessLevel } from '../../src/access/policy.ts';

const COAR_TYPE = 'http://purl.org/coar/resource_type/';
const COAR_ACCESS = 'http://purl.org/coar/access_right/';

type OaireGeneral = 'literature' | 'dataset' | 'software' | 'other research product';

// resourceTypeGeneral -> [COAR id, COAR label, OpenAIRE resourceTypeGeneral]
const TYPES: Partial<Record<ResourceTypeGeneral, [string, string, OaireGeneral]>> = {
  JournalArticle: ['c_6501', 'journal article', 'literature'],
  Book: ['c_2f33', 'book', 'literature'],
  BookChapter: ['c_3248', 'book part', 'literature'],
  ConferencePaper: ['c_5794', 'conference paper', 'literature'],
  ConferenceProceeding: ['c_f744', 'conference proceedings', 'literature'],
  Dissertation: ['c_db06', 'doctoral thesis', 'literature'],
  Preprint: ['c_816b', 'preprint', 'literature'],
  Report: ['c_93fc', 'report', 'literature'],
  Text: ['c_18cf', 'text', 'literature'],
  DataPaper: ['c_beb9', 'data paper', 'literature'],
  PeerReview: ['c_efa0', 'review', 'literature'],
  Journal: ['c_0640', 'journal', 'literature'],
  Standard: ['c_71bd', 'technical documentation', 'literature'],
  OutputManagementPlan: ['c_71bd', 'technical documentation', 'literature'],
  Presentation: ['c_8544', 'lecture', 'literature'],
  Poster: ['c_6670', 'conference poster', 'literature'],
  Dataset: ['c_ddb1', 'dataset', 'dataset'],
  Software: ['c_5ce6', 'software', 'software'],
  ComputationalNotebook: ['c_5ce6', 'software', 'software'],
  Image: ['c_c513', 'image', 'other research product'],
  Audiovisual: ['c_12ce', 'video', 'other research product'],
  Sound: ['c_18cc', 'sound', 'other research product'],
  Workflow: ['c_393c', 'workflow', 'other research product'],
  InteractiveResource: ['c_e9a0', 'interactive resource', 'other research product'],
};

/** The oaire:resourceType for a record type: COAR URI, label and OpenAIRE's general type. */
export function toCoarResourceType(general: ResourceTypeGeneral | undefined): { uri: string; label: string; general: OaireGeneral } {
  const [id, label, oaire] = TYPES[general ?? 'Other'] ?? ['c_1843', 'other', 'other research product'];
  return { uri: COAR_TYPE + id, label, general: oaire };
}

/** The resourceTypeGeneral for a COAR resource type URI (first match), or undefined. */
export function parseCoarResourceType(uri: string | undefined): ResourceTypeGeneral | undefined {
  const id = uri?.replace(/^https?:\/\/purl\.org\/coar\/resource_type\//, '');
  return (Object.entries(TYPES) as [ResourceTypeGeneral, [string, string, OaireGeneral]][]).find(([, v]) => v[0] === id)?.[0];
}

const ACCESS: Record<AccessLevel, [string, string]> = {
  public: ['c_abf2', 'open access'],
  embargoed: ['c_f1cf', 'embargoed access'],
  restricted: ['c_16ec', 'restricted access'],
};

/** datacite:rights for an access level: COAR access-right URI and label. */
export function toCoarAccessRight(level: AccessLevel | undefined): { uri: string; label: string } {
  const [id, label] = ACCESS[level ?? 'public'];
  return { uri: COAR_ACCESS + id, label };
}

/** The access level for a COAR access-right URI; metadata-only (c_14cb) counts as restricted. */
export function parseCoarAccessRight(uri: string | undefined): AccessLevel | undefined {
  const id = uri?.replace(/^https?:\/\/purl\.org\/coar\/access_right\//, '');
  if (id === 'c_abf2') return 'public';
  if (id === 'c_f1cf') return 'embargoed';
  if (id === 'c_16ec' || id === 'c_14cb') return 'restricted';
  return undefined;
}

// The v4.0 XSD enumerates DataCite 4.1 vocabularies; newer values must be left out or mapped.
export const OAIRE_CONTRIBUTOR_TYPES = new Set([
  'ContactPerson', 'DataCollector', 'DataCurator', 'DataManager', 'Distributor', 'Editor', 'HostingInstitution',
  'Other', 'Producer', 'ProjectLeader', 'ProjectManager', 'ProjectMember', 'RegistrationAgency',
  'RegistrationAuthority', 'RelatedPerson', 'ResearchGroup', 'RightsHolder', 'Researcher', 'Sponsor',
  'Supervisor', 'WorkPackageLeader',
]);
export const OAIRE_DATE_TYPES = new Set(['Accepted', 'Available', 'Collected', 'Copyrighted', 'Created', 'Issued', 'Submitted', 'Updated', 'Valid']);
export const OAIRE_RELATED_ID_TYPES = new Set([
  'ARK', 'arXiv', 'bibcode', 'DOI', 'EAN13', 'EISSN', 'Handle', 'IGSN', 'ISBN', 'ISSN', 'ISTC', 'LISSN', 'LSID',
  'PISSN', 'PMID', 'PURL', 'UPC', 'URL', 'URN', 'WOS',
]);
export const OAIRE_RELATION_TYPES = new Set([
  'IsCitedBy', 'Cites', 'IsSupplementTo', 'IsSupplementedBy', 'IsContinuedBy', 'Continues', 'IsDescribedBy',
  'Describes', 'HasVersion', 'IsVersionOf', 'IsNewVersionOf', 'IsPreviousVersionOf', 'IsPartOf', 'HasPart',
  'IsReferencedBy', 'References', 'IsDocumentedBy', 'Documents', 'IsCompiledBy', 'Compiles', 'IsVariantFormOf',
  'IsOriginalFormOf', 'IsIdenticalTo', 'HasMetadata', 'IsMetadataFor', 'Reviews', 'IsReviewedBy', 'IsDerivedFrom',
  'IsSourceOf', 'IsRequiredBy', 'Requires',
]);
export const OAIRE_RESOURCE_TYPES_41 = new Set([
  'Audiovisual', 'Collection', 'DataPaper', 'Dataset', 'Event', 'Image', 'InteractiveResource', 'Model',
  'PhysicalObject', 'Service', 'Software', 'Sound', 'Text', 'Workflow', 'Other',
]);
export const OAIRE_FUNDER_ID_TYPES = new Set(['ISNI', 'GRID', 'Crossref Funder ID', 'ROR', 'Other']);
