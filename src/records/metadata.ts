/**
 * DataCite Metadata Schema 4.6/4.7 in DataCite's JSON field names (the shape of Invenio's
 * datacite-v4.5.json, extended with the 4.6 and 4.7 additions). The JSON Schema that checks
 * it is schemas/records/record-v1.0.0.json; keep the two in step.
 */

/** DataCite 4.7 resourceTypeGeneral (4.6 added Award, Project; 4.7 added Poster, Presentation). */
export type ResourceTypeGeneral =
  | 'Audiovisual' | 'Award' | 'Book' | 'BookChapter' | 'Collection' | 'ComputationalNotebook'
  | 'ConferencePaper' | 'ConferenceProceeding' | 'DataPaper' | 'Dataset' | 'Dissertation' | 'Event'
  | 'Image' | 'Instrument' | 'InteractiveResource' | 'Journal' | 'JournalArticle' | 'Model'
  | 'OutputManagementPlan' | 'PeerReview' | 'PhysicalObject' | 'Poster' | 'Preprint' | 'Presentation'
  | 'Project' | 'Report' | 'Service' | 'Software' | 'Sound' | 'Standard' | 'StudyRegistration' | 'Text'
  | 'Workflow' | 'Other';

/** DataCite 4.7 relationType (4.6 added HasTranslation, IsTranslationOf; 4.7 added Other). */
export type RelationType =
  | 'IsCitedBy' | 'Cites' | 'IsSupplementTo' | 'IsSupplementedBy' | 'IsContinuedBy' | 'Continues'
  | 'IsNewVersionOf' | 'IsPreviousVersionOf' | 'IsPartOf' | 'HasPart' | 'IsPublishedIn' | 'IsReferencedBy'
  | 'References' | 'IsDocumentedBy' | 'Documents' | 'IsCompiledBy' | 'Compiles' | 'IsVariantFormOf'
  | 'IsOriginalFormOf' | 'IsIdenticalTo' | 'HasMetadata' | 'IsMetadataFor' | 'Reviews' | 'IsReviewedBy'
  | 'IsDerivedFrom' | 'IsSourceOf' | 'Describes' | 'IsDescribedBy' | 'HasVersion' | 'IsVersionOf'
  | 'Requires' | 'IsRequiredBy' | 'Obsoletes' | 'IsObsoletedBy' | 'Collects' | 'IsCollectedBy'
  | 'HasTranslation' | 'IsTranslationOf' | 'Other';

/** DataCite 4.7 relatedIdentifierType (4.6 added CSTR, RRID; 4.7 added RAiD, SWHID). */
export type RelatedIdentifierType =
  | 'ARK' | 'arXiv' | 'bibcode' | 'CSTR' | 'DOI' | 'EAN13' | 'EISSN' | 'Handle' | 'IGSN' | 'ISBN'
  | 'ISSN' | 'ISTC' | 'LISSN' | 'LSID' | 'PMID' | 'PURL' | 'RAiD' | 'RRID' | 'SWHID' | 'UPC' | 'URL'
  | 'URN' | 'w3id';

/** DataCite 4.7 contributorType (4.6 added Translator). */
export type ContributorType =
  | 'ContactPerson' | 'DataCollector' | 'DataCurator' | 'DataManager' | 'Distributor' | 'Editor'
  | 'HostingInstitution' | 'Other' | 'Producer' | 'ProjectLeader' | 'ProjectManager' | 'ProjectMember'
  | 'RegistrationAgency' | 'RegistrationAuthority' | 'RelatedPerson' | 'ResearchGroup' | 'RightsHolder'
  | 'Researcher' | 'Sponsor' | 'Supervisor' | 'Translator' | 'WorkPackageLeader';

/** DataCite 4.7 dateType (4.6 added Coverage). */
export type DateType =
  | 'Accepted' | 'Available' | 'Collected' | 'Copyrighted' | 'Coverage' | 'Created' | 'Issued' | 'Other'
  | 'Submitted' | 'Updated' | 'Valid' | 'Withdrawn';

export type DescriptionType = 'Abstract' | 'Methods' | 'SeriesInformation' | 'TableOfContents' | 'TechnicalInfo' | 'Other';
export type TitleType = 'AlternativeTitle' | 'Subtitle' | 'TranslatedTitle' | 'Other';
export type NameType = 'Organizational' | 'Personal';
export type FunderIdentifierType = 'ISNI' | 'GRID' | 'ROR' | 'Crossref Funder ID' | 'Other';
export type NumberType = 'Article' | 'Chapter' | 'Report' | 'Other';

/** An ORCID, ISNI, ROR... identifying a person or organisation. */
export interface NameIdentifier {
  nameIdentifier: string;
  nameIdentifierScheme: string;
  schemeUri?: string;
}

/** An affiliation; affiliationIdentifier is typically a ROR id. */
export interface Affiliation {
  name: string;
  affiliationIdentifier?: string;
  affiliationIdentifierScheme?: string;
  schemeUri?: string;
}

/** The name part shared by creators and contributors (also of related items). */
export interface PersonName {
  name: string;
  nameType?: NameType;
  givenName?: string;
  familyName?: string;
  /** xml:lang of the name. */
  lang?: string;
}

export interface Creator extends PersonName {
  nameIdentifiers?: NameIdentifier[];
  affiliation?: Affiliation[];
}

export interface Contributor extends Creator {
  contributorType: ContributorType;
}

export interface Title {
  title: string;
  titleType?: TitleType;
  lang?: string;
}

/** Publisher is an object since DataCite 4.5. */
export interface Publisher {
  name: string;
  publisherIdentifier?: string;
  publisherIdentifierScheme?: string;
  schemeUri?: string;
  lang?: string;
}

export interface Types {
  resourceTypeGeneral?: ResourceTypeGeneral;
  resourceType?: string;
}

export interface Subject {
  subject: string;
  subjectScheme?: string;
  schemeUri?: string;
  valueUri?: string;
  classificationCode?: string;
  lang?: string;
}

export interface DateEntry {
  date: string;
  dateType: DateType;
  dateInformation?: string;
}

export interface Identifier {
  identifier: string;
  identifierType: string;
}

export interface AlternateIdentifier {
  alternateIdentifier: string;
  alternateIdentifierType: string;
}

export interface RelatedIdentifier {
  relatedIdentifier: string;
  relatedIdentifierType: RelatedIdentifierType;
  relationType: RelationType;
  /** DataCite 4.7. */
  relationTypeInformation?: string;
  resourceTypeGeneral?: ResourceTypeGeneral;
  relatedMetadataScheme?: string;
  schemeUri?: string;
  schemeType?: string;
}

export interface RelatedItemContributor extends PersonName {
  contributorType: ContributorType;
}

export interface RelatedItem {
  relatedItemType: ResourceTypeGeneral;
  relationType: RelationType;
  /** DataCite 4.7. */
  relationTypeInformation?: string;
  relatedItemIdentifier?: { relatedItemIdentifier: string; relatedItemIdentifierType?: RelatedIdentifierType };
  /** Attributes of relatedItemIdentifier in the XML. */
  relatedMetadataScheme?: string;
  schemeUri?: string;
  schemeType?: string;
  creators?: PersonName[];
  contributors?: RelatedItemContributor[];
  titles?: Title[];
  publicationYear?: string;
  volume?: string;
  issue?: string;
  number?: string;
  numberType?: NumberType;
  firstPage?: string;
  lastPage?: string;
  publisher?: string;
  edition?: string;
}

export interface RightsEntry {
  rights?: string;
  rightsUri?: string;
  rightsIdentifier?: string;
  rightsIdentifierScheme?: string;
  schemeUri?: string;
  lang?: string;
}

export interface Description {
  /** Plain text; a `<br/>` in DataCite XML is a newline here. */
  description: string;
  descriptionType: DescriptionType;
  lang?: string;
}

export interface GeoPoint {
  pointLongitude: number;
  pointLatitude: number;
}

export interface GeoBox {
  westBoundLongitude: number;
  eastBoundLongitude: number;
  southBoundLatitude: number;
  northBoundLatitude: number;
}

/** One entry of a polygon: a vertex, or the optional point inside it. */
export type GeoPolygonEntry = { polygonPoint: GeoPoint } | { inPolygonPoint: GeoPoint };

export interface GeoLocation {
  geoLocationPlace?: string;
  geoLocationPoint?: GeoPoint;
  geoLocationBox?: GeoBox;
  /** One polygon (DataCite JSON shape); an XML geoLocation with several polygons becomes several geoLocations. */
  geoLocationPolygon?: GeoPolygonEntry[];
}

export interface FundingReference {
  funderName: string;
  funderIdentifier?: string;
  funderIdentifierType?: FunderIdentifierType;
  /** schemeURI of funderIdentifier. */
  schemeUri?: string;
  awardNumber?: string;
  awardUri?: string;
  awardTitle?: string;
}

/** DataCite 4.x metadata in DataCite's JSON field names. Only `titles` is always present. */
export interface DataCiteMetadata {
  /** Bare DOI, e.g. 10.5281/zenodo.48440. */
  doi?: string;
  /** The primary identifier when it is not a DOI. */
  identifiers?: Identifier[];
  /** Landing page URL. */
  url?: string;
  types?: Types;
  creators?: Creator[];
  titles: Title[];
  publisher?: Publisher;
  /** YYYY. */
  publicationYear?: string;
  subjects?: Subject[];
  contributors?: Contributor[];
  dates?: DateEntry[];
  language?: string;
  alternateIdentifiers?: AlternateIdentifier[];
  relatedIdentifiers?: RelatedIdentifier[];
  relatedItems?: RelatedItem[];
  sizes?: string[];
  formats?: string[];
  version?: string;
  rightsList?: RightsEntry[];
  descriptions?: Description[];
  geoLocations?: GeoLocation[];
  fundingReferences?: FundingReference[];
}
