/**
 * GranaryRecord -> schema.org JSON-LD, the shape Google Dataset Search, DataCite and
 * bolognese use (compare test/fixtures/datacite-conversions/bolognese/schema_org*.json).
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { Affiliation, Creator, GeoLocation } from '../../src/records/metadata.ts';
import { toCslDate } from '../csl/dates.ts';
import { isWebUrl, toAbstract, toCleanText, toDoiUrl, toMainTitle, toOrcidUrl, toRecordUrl, toSplitName } from '../csl/record-fields.ts';
import { toSchemaOrgType } from './schemaorg-type.ts';

type Json = Record<string, unknown>;

function toOrganization(name: string, id: string | undefined): Json {
  return { '@type': 'Organization', ...(isWebUrl(id) ? { '@id': id } : {}), name };
}

function toAffiliation(a: Affiliation): Json {
  return toOrganization(toCleanText(a.name), a.affiliationIdentifier);
}

/** A creator or contributor as Person (with ORCID @id) or Organization (with ROR @id). */
export function toSchemaOrgAgent(c: Creator): Json | undefined {
  const name = toCleanText(c.name) || [c.givenName, c.familyName].filter(Boolean).join(' ');
  if (!name) return undefined;
  const affiliation = (c.affiliation ?? []).filter((a) => toCleanText(a.name)).map(toAffiliation);
  // As the CSL, BibTeX and RIS writers read it (toSplitName): an untyped "Family, Given"
  // is a person, an untyped name without a comma an organization.
  const split = c.nameType !== 'Organizational' ? toSplitName(c) : undefined;
  const isPerson = c.nameType === 'Personal' || Boolean(split?.family);
  if (!isPerson) {
    const ror = c.nameIdentifiers?.find((n) => isWebUrl(n.nameIdentifier))?.nameIdentifier;
    return toOrganization(name, ror);
  }
  const person: Json = { '@type': 'Person' };
  const orcid = toOrcidUrl(c);
  if (orcid) person['@id'] = orcid;
  person.name = c.givenName && c.familyName ? `${toCleanText(c.givenName)} ${toCleanText(c.familyName)}` : name;
  const given = c.givenName ? toCleanText(c.givenName) : split?.given;
  const family = c.familyName ? toCleanText(c.familyName) : split?.family;
  if (!(c.givenName && c.familyName) && given && family) person.name = `${given} ${family}`;
  if (given) person.givenName = given;
  if (family) person.familyName = family;
  if (affiliation.length) person.affiliation = affiliation;
  return person;
}

function toPlace(g: GeoLocation): Json | undefined {
  const place: Json = { '@type': 'Place' };
  if (g.geoLocationPlace) place.name = toCleanText(g.geoLocationPlace);
  if (g.geoLocationPoint) {
    place.geo = { '@type': 'GeoCoordinates', latitude: g.geoLocationPoint.pointLatitude, longitude: g.geoLocationPoint.pointLongitude };
  } else if (g.geoLocationBox) {
    const b = g.geoLocationBox;
    // schema.org GeoShape box: "south west north east" (two corner points, lat lon each).
    place.geo = { '@type': 'GeoShape', box: `${b.southBoundLatitude} ${b.westBoundLongitude} ${b.northBoundLatitude} ${b.eastBoundLongitude}` };
  }
  return Object.keys(place).length > 1 ? place : undefined;
}

/** An ISO 8601 date for datePublished: the Issued date when it is one, else publicationYear. */
function toDatePublished(record: GranaryRecord): string | undefined {
  const issued = record.dates?.find((d) => d.dateType === 'Issued')?.date;
  const parts = toCslDate(issued)?.['date-parts'];
  if (issued && parts?.length === 1 && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(issued.trim())) return issued.trim();
  return record.publicationYear?.trim() || undefined;
}

const list = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
/** One value stays a value, several become an array, none is dropped (schema.org convention). */
const oneOrMany = <T>(xs: T[]): T | T[] | undefined => (xs.length === 0 ? undefined : xs.length === 1 ? xs[0] : xs);

/** The record as a schema.org JSON-LD object. */
export function toSchemaOrg(record: GranaryRecord, options: { baseUrl: string }): Json {
  const doiUrl = toDoiUrl(record);
  const url = toRecordUrl(record, options.baseUrl);
  const type = toSchemaOrgType(record.types?.resourceTypeGeneral);
  const out: Json = { '@context': 'https://schema.org', '@type': type, '@id': doiUrl ?? url, url };
  const ids = list([
    doiUrl ? { '@type': 'PropertyValue', propertyID: 'DOI', value: doiUrl } : undefined,
    ...(record.alternateIdentifiers ?? []).map((a) => ({ '@type': 'PropertyValue', propertyID: a.alternateIdentifierType, value: a.alternateIdentifier })),
  ]);
  const fields: [string, unknown][] = [
    ['identifier', oneOrMany(ids)],
    ['name', toMainTitle(record) || undefined],
    ['alternateName', oneOrMany((record.titles ?? []).filter((t) => t.titleType === 'AlternativeTitle').map((t) => toCleanText(t.title)))],
    ['description', toAbstract(record) || undefined],
    ['author', oneOrMany(list((record.creators ?? []).map(toSchemaOrgAgent)))],
    ['editor', oneOrMany(list((record.contributors ?? []).filter((c) => c.contributorType === 'Editor').map(toSchemaOrgAgent)))],
    ['contributor', oneOrMany(list((record.contributors ?? []).filter((c) => c.contributorType !== 'Editor').map(toSchemaOrgAgent)))],
    ['publisher', record.publisher?.name ? toOrganization(toCleanText(record.publisher.name), record.publisher.publisherIdentifier) : undefined],
    ['datePublished', toDatePublished(record)],
    ['dateCreated', record.dates?.find((d) => d.dateType === 'Created')?.date],
    ['dateModified', record.dates?.find((d) => d.dateType === 'Updated')?.date],
    ['keywords', (record.subjects ?? []).map((s) => toCleanText(s.subject)).filter(Boolean).join(', ') || undefined],
    ['inLanguage', record.language],
    ['license', oneOrMany(list((record.rightsList ?? []).map((r) => r.rightsUri)))],
    ['version', record.version],
    ['contentSize', oneOrMany(record.sizes ?? [])],
    ['encodingFormat', oneOrMany(record.formats ?? [])],
    ['spatialCoverage', oneOrMany(list((record.geoLocations ?? []).map(toPlace)))],
    ['funder', oneOrMany((record.fundingReferences ?? []).filter((f) => f.funderName).map((f) => toOrganization(toCleanText(f.funderName), f.funderIdentifier)))],
    ['citation', oneOrMany(toRelated(record, ['Cites', 'References']))],
    ['isPartOf', toIsPartOf(record)],
    ['schemaVersion', 'http://datacite.org/schema/kernel-4'],
  ];
  for (const [key, value] of fields) if (value !== undefined && value !== '') out[key] = value;
  const host = record.relatedItems?.find((i) => i.relationType === 'IsPublishedIn');
  if (host?.firstPage) out.pageStart = host.firstPage;
  if (host?.lastPage) out.pageEnd = host.lastPage;
  return out;
}

function toIdUrl(id: string, type: string): string | undefined {
  if (type === 'DOI') {
    // A related DOI comes as 10.x/y, doi:10.x/y or a doi.org URL; characters a URL may not
    // hold raw (a space, a quote) are percent-encoded, so the @id is an IRI (RFC 3987).
    const doi = id.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i, '');
    return `https://doi.org/${doi.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (c) => encodeURIComponent(c))}`;
  }
  return isWebUrl(id) ? id : undefined;
}

function toRelated(record: GranaryRecord, relations: string[]): Json[] {
  return list(
    (record.relatedIdentifiers ?? [])
      .filter((r) => relations.includes(r.relationType))
      .map((r) => toIdUrl(r.relatedIdentifier, r.relatedIdentifierType))
      .map((id) => (id ? { '@id': id } : undefined)),
  );
}

function toIsPartOf(record: GranaryRecord): Json | Json[] | undefined {
  const host = record.relatedItems?.find((i) => i.relationType === 'IsPublishedIn');
  if (host) {
    const name = toCleanText(host.titles?.[0]?.title);
    const issn = host.relatedItemIdentifier?.relatedItemIdentifierType === 'ISSN' ? host.relatedItemIdentifier.relatedItemIdentifier : undefined;
    const part: Json = { '@type': host.relatedItemType === 'Journal' ? 'Periodical' : 'CreativeWork' };
    if (name) part.name = name;
    if (issn) part.issn = issn;
    if (host.volume) part.volumeNumber = host.volume;
    return part;
  }
  return oneOrMany(toRelated(record, ['IsPartOf']));
}
