/**
 * Loader for oai_openaire (OpenAIRE Literature Guidelines v4) documents, best effort: the
 * DataCite-derived parts map one to one; COAR URIs map back through vocabularies.ts.
 */
import type { RecordInput } from '../../src/records/types.ts';
import type { Contributor, ContributorType, Creator, DateType, FunderIdentifierType, RelatedIdentifierType, RelationType, TitleType } from '../../src/records/metadata.ts';
import { parseIdentifier } from '../dublin-core/parse-identifier.ts';
import { parseLanguage } from '../text/languages.ts';
import { parseInvertedName } from '../text/names.ts';
import { childNamed, childrenNamed, descendantsNamed, parseXmlElement, textContent, toLoaderElement } from '../text/xml-input.ts';
import type { XmlElement } from '../text/xml-input.ts';
import type { XmlElement as ParsedXmlElement } from '../../src/xml/parse.ts';
import { OAIRE_NAMESPACE } from './to-openaire.ts';
import { parseCoarAccessRight, parseCoarResourceType } from './vocabularies.ts';

const opt = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value ? ({ [key]: value } as Record<K, string>) : {});

function items(root: XmlElement, wrapper: string, item: string): XmlElement[] {
  return childrenNamed(root, wrapper).flatMap((w) => childrenNamed(w, item));
}

function toPerson(el: XmlElement, nameEl: string): Creator {
  const nameNode = childNamed(el, nameEl);
  const name = textContent(nameNode);
  const givenName = textContent(childNamed(el, 'givenName')) || undefined;
  const familyName = textContent(childNamed(el, 'familyName')) || undefined;
  const nameType = nameNode?.attributes.nameType as Creator['nameType'];
  const parts = !givenName && !familyName && nameType !== 'Organizational' ? parseInvertedName(name) : { name, givenName, familyName };
  const nameIdentifiers = childrenNamed(el, 'nameIdentifier').map((n) => ({
    nameIdentifier: textContent(n),
    nameIdentifierScheme: n.attributes.nameIdentifierScheme ?? 'Other',
    ...opt('schemeUri', n.attributes.schemeURI),
  }));
  const affiliation = childrenNamed(el, 'affiliation').map((a) => ({ name: textContent(a) })).filter((a) => a.name);
  return {
    name: parts.name,
    ...(nameType ? { nameType } : parts.familyName ? { nameType: 'Personal' as const } : {}),
    ...opt('givenName', parts.givenName),
    ...opt('familyName', parts.familyName),
    ...(nameIdentifiers.length ? { nameIdentifiers } : {}),
    ...(affiliation.length ? { affiliation } : {}),
  };
}

function toRecordInput(root: XmlElement): RecordInput {
  const input: RecordInput = {
    titles: items(root, 'titles', 'title').map((t) => ({ title: textContent(t), ...opt('titleType', t.attributes.titleType), ...opt('lang', t.attributes.lang) }) as { title: string; titleType?: TitleType }),
  };
  const creators = items(root, 'creators', 'creator').map((c) => toPerson(c, 'creatorName'));
  if (creators.length) input.creators = creators;
  const contributors: Contributor[] = items(root, 'contributors', 'contributor').map((c) => ({
    ...toPerson(c, 'contributorName'),
    contributorType: (c.attributes.contributorType ?? 'Other') as ContributorType,
  }));
  if (contributors.length) input.contributors = contributors;
  const funding = items(root, 'fundingReferences', 'fundingReference').map((f) => {
    const id = childNamed(f, 'funderIdentifier');
    const award = childNamed(f, 'awardNumber');
    return {
      funderName: textContent(childNamed(f, 'funderName')),
      ...opt('funderIdentifier', textContent(id) || undefined),
      ...(textContent(id) ? { funderIdentifierType: id!.attributes.funderIdentifierType as FunderIdentifierType } : {}),
      ...opt('awardNumber', textContent(award) || undefined),
      ...opt('awardUri', award?.attributes.awardURI),
      ...opt('awardTitle', textContent(childNamed(f, 'awardTitle')) || undefined),
    };
  });
  if (funding.length) input.fundingReferences = funding;
  const alternates = items(root, 'alternateIdentifiers', 'alternateIdentifier').map((a) => ({ alternateIdentifier: textContent(a), alternateIdentifierType: a.attributes.alternateIdentifierType ?? 'Other' }));
  if (alternates.length) input.alternateIdentifiers = alternates;
  const related = items(root, 'relatedIdentifiers', 'relatedIdentifier').map((r) => ({
    relatedIdentifier: textContent(r),
    relatedIdentifierType: (r.attributes.relatedIdentifierType === 'PISSN' ? 'ISSN' : r.attributes.relatedIdentifierType) as RelatedIdentifierType,
    relationType: r.attributes.relationType as RelationType,
  }));
  if (related.length) input.relatedIdentifiers = related;
  const dates = items(root, 'dates', 'date').map((d) => ({ date: textContent(d), dateType: d.attributes.dateType as DateType }));
  if (dates.length) input.dates = dates;
  const issued = dates.find((d) => d.dateType === 'Issued')?.date;
  if (issued && /^\d{4}/.test(issued)) input.publicationYear = issued.slice(0, 4);
  const language = parseLanguage(textContent(childNamed(root, 'language')));
  if (language) input.language = language;
  const publisher = textContent(childNamed(root, 'publisher'));
  if (publisher) input.publisher = { name: publisher };
  const type = childNamed(root, 'resourceType');
  if (type) input.types = { resourceTypeGeneral: parseCoarResourceType(type.attributes.uri) ?? 'Other', ...opt('resourceType', textContent(type)) };
  const descriptions = childrenNamed(root, 'description').map((d) => ({ description: textContent(d), descriptionType: 'Abstract' as const, ...opt('lang', d.attributes.lang) }));
  if (descriptions.length) input.descriptions = descriptions;
  const formats = childrenNamed(root, 'format').map(textContent);
  if (formats.length) input.formats = formats;
  const identifier = childNamed(root, 'identifier');
  if (identifier) {
    const value = textContent(identifier);
    if (identifier.attributes.identifierType === 'DOI') input.doi = parseIdentifier(value).value;
    else input.identifiers = [{ identifier: value, identifierType: identifier.attributes.identifierType ?? 'URL' }];
  }
  const level = parseCoarAccessRight(childNamed(root, 'rights')?.attributes.rightsURI);
  const available = dates.find((d) => d.dateType === 'Available')?.date;
  if (level) input.access = level === 'embargoed' && available ? { record: level, embargo: { until: available.slice(0, 10) } } : { record: level === 'embargoed' ? 'restricted' : level };
  const licences = childrenNamed(root, 'licenseCondition').map((l) => ({ ...opt('rights', textContent(l) || undefined), ...opt('rightsUri', l.attributes.uri) }));
  if (licences.length) input.rightsList = licences;
  const subjects = items(root, 'subjects', 'subject').map((s) => ({
    subject: textContent(s),
    ...opt('subjectScheme', s.attributes.subjectScheme),
    ...opt('schemeUri', s.attributes.schemeURI),
    ...opt('valueUri', s.attributes.valueURI),
    ...opt('lang', s.attributes.lang),
  }));
  if (subjects.length) input.subjects = subjects;
  const sizes = items(root, 'sizes', 'size').map(textContent);
  if (sizes.length) input.sizes = sizes;
  const version = textContent(childNamed(root, 'version'));
  if (version) input.version = version;
  return input;
}

/** The first `oaire:resource` in the document (bare, or inside an OAI-PMH response) as a record input. */
export function parseOaiOpenaire(input: string | Buffer): RecordInput {
  return toFirstResourceInput(parseXmlElement(input));
}

function toFirstResourceInput(root: XmlElement): RecordInput {
  const [resource] = descendantsNamed(root, 'resource', OAIRE_NAMESPACE);
  if (!resource) throw new Error(`No resource element in the ${OAIRE_NAMESPACE} namespace.`);
  return toRecordInput(resource);
}

/** parseOaiOpenaire for an element already parsed (a harvested page's `<metadata>` child), without parsing it again. */
export function parseOaiOpenaireElement(el: ParsedXmlElement): RecordInput {
  return toFirstResourceInput(toLoaderElement(el));
}
