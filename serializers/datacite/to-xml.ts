/**
 * Record -> DataCite XML (kernel-4 namespace), built as an xmlbuilder2 tree and encoded once.
 * Element order follows the kernel-4 XSD, whose xs:sequence parts (creator, relatedItem,
 * geoLocationPolygon) are order-sensitive. Illegal XML characters are stripped from every value.
 *
 * A record may hold what the XSD refuses (its schema keeps DataCite's field names, not every
 * facet of the XSD): a language tag that is no xs:language, a URI attribute that is no
 * xs:anyURI, an empty name where the XSD sets minLength 1, a polygon of fewer than four
 * points. Such a value, or the element that cannot stand without it, is left out, so every
 * document we serve validates against the kernel it declares.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type {
  Creator, DataCiteMetadata, GeoLocation, GeoPoint, PersonName, RelatedItem,
} from '../../src/records/metadata.ts';
import { toBuilderAttr, toBuilderValue } from '../../src/xml/sanitize.ts';
import { toXmlAnyUri, toXmlLang } from '../text/xml-chars.ts';
import { KERNEL4_NS, XSI_NS, toKernelVersion, toSchemaLocation, type KernelVersion } from './namespace.ts';

type Attrs = Record<string, string | number | undefined>;

// Attributes the kernel-4 XSD types as xs:anyURI (xml:lang, xs:language, goes through toXmlLang).
const URI_ATTRS = new Set(['schemeURI', 'valueURI', 'rightsURI', 'awardURI', 'classificationCode']);

function clean(attrs: Attrs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, raw] of Object.entries(attrs)) {
    const v = raw === undefined ? undefined : k === 'xml:lang' ? toXmlLang(String(raw)) : URI_ATTRS.has(k) ? toXmlAnyUri(String(raw)) : String(raw);
    if (v !== undefined && v !== '') out[k] = toBuilderAttr(v);
  }
  return out;
}

/** Appends <name attrs>text</name>; skipped when text is undefined. */
function leaf(parent: XMLBuilder, name: string, value: string | number | undefined, attrs: Attrs = {}): void {
  if (value === undefined) return;
  parent.ele(name, clean(attrs)).txt(toBuilderValue(String(value)));
}

/** Whether `v` has content after the characters XML forbids are taken out (the XSD's nonemptycontentStringType). */
function hasText(v: string | undefined): v is string {
  return v !== undefined && toBuilderValue(v) !== '';
}

/** Appends <wrapper> with one child per item, only when there are items. */
function list<T>(parent: XMLBuilder, wrapper: string, items: T[] | undefined, add: (w: XMLBuilder, item: T) => void): void {
  if (!items?.length) return;
  const w = parent.ele(wrapper);
  for (const item of items) add(w, item);
}

function addName(el: XMLBuilder, nameEl: string, p: PersonName): void {
  leaf(el, nameEl, p.name, { nameType: p.nameType, 'xml:lang': p.lang });
  leaf(el, 'givenName', p.givenName);
  leaf(el, 'familyName', p.familyName);
}

function addPerson(el: XMLBuilder, nameEl: string, c: Creator): void {
  addName(el, nameEl, c);
  for (const n of c.nameIdentifiers ?? []) {
    if (hasText(n.nameIdentifier)) leaf(el, 'nameIdentifier', n.nameIdentifier, { nameIdentifierScheme: n.nameIdentifierScheme, schemeURI: n.schemeUri });
  }
  for (const a of c.affiliation ?? []) {
    if (hasText(a.name)) leaf(el, 'affiliation', a.name, { affiliationIdentifier: a.affiliationIdentifier, affiliationIdentifierScheme: a.affiliationIdentifierScheme, schemeURI: a.schemeUri });
  }
}

function addPoint(parent: XMLBuilder, name: string, p: GeoPoint): void {
  const el = parent.ele(name);
  leaf(el, 'pointLongitude', p.pointLongitude);
  leaf(el, 'pointLatitude', p.pointLatitude);
}

function addGeoLocation(w: XMLBuilder, g: GeoLocation): void {
  const el = w.ele('geoLocation');
  leaf(el, 'geoLocationPlace', g.geoLocationPlace);
  if (g.geoLocationPoint) addPoint(el, 'geoLocationPoint', g.geoLocationPoint);
  if (g.geoLocationBox) {
    const b = el.ele('geoLocationBox');
    for (const k of ['westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude'] as const) leaf(b, k, g.geoLocationBox[k]);
  }
  // The XSD asks for at least four polygonPoints (a closed ring of three corners); a shorter
  // polygon is no polygon in DataCite XML and is left out.
  const polygon = g.geoLocationPolygon ?? [];
  if (polygon.filter((e) => 'polygonPoint' in e).length >= 4) {
    const poly = el.ele('geoLocationPolygon');
    // XSD sequence: every polygonPoint, then at most one inPolygonPoint.
    for (const e of polygon) if ('polygonPoint' in e) addPoint(poly, 'polygonPoint', e.polygonPoint);
    for (const e of polygon) if ('inPolygonPoint' in e) addPoint(poly, 'inPolygonPoint', e.inPolygonPoint);
  }
}

function addRelatedItem(w: XMLBuilder, r: RelatedItem): void {
  const el = w.ele('relatedItem', clean({ relatedItemType: r.relatedItemType, relationType: r.relationType, relationTypeInformation: r.relationTypeInformation }));
  const id = r.relatedItemIdentifier;
  if (id) {
    leaf(el, 'relatedItemIdentifier', id.relatedItemIdentifier, {
      relatedItemIdentifierType: id.relatedItemIdentifierType, relatedMetadataScheme: r.relatedMetadataScheme, schemeURI: r.schemeUri, schemeType: r.schemeType,
    });
  }
  list(el, 'creators', r.creators, (cw, c) => addName(cw.ele('creator'), 'creatorName', c));
  list(el, 'titles', r.titles, (tw, t) => leaf(tw, 'title', t.title, { titleType: t.titleType, 'xml:lang': t.lang }));
  leaf(el, 'publicationYear', r.publicationYear);
  leaf(el, 'volume', r.volume);
  leaf(el, 'issue', r.issue);
  leaf(el, 'number', r.number, { numberType: r.numberType });
  leaf(el, 'firstPage', r.firstPage);
  leaf(el, 'lastPage', r.lastPage);
  leaf(el, 'publisher', r.publisher);
  leaf(el, 'edition', r.edition);
  list(el, 'contributors', r.contributors, (cw, c) => addName(cw.ele('contributor', { contributorType: c.contributorType }), 'contributorName', c));
}

/** The record's primary identifier: its DOI, else its first identifier with a value. */
export function toPrimaryIdentifier(m: DataCiteMetadata): { identifier: string; identifierType: string } | undefined {
  if (m.doi) return { identifier: m.doi, identifierType: 'DOI' };
  return m.identifiers?.find((i) => hasText(i.identifier));
}

/**
 * alternateIdentifiers, preceded by the record's other `identifiers` (a Handle or an ARK beside
 * the DOI), which kernel-4 XML has no other place for: DataCite's own JSON lists them together
 * in `identifiers`. Each needs a value and its required alternateIdentifierType; the same pair
 * is written once.
 */
function toAlternateIdentifiers(m: DataCiteMetadata): { alternateIdentifier: string; alternateIdentifierType: string }[] {
  const primary = toPrimaryIdentifier(m);
  const out: { alternateIdentifier: string; alternateIdentifierType: string }[] = [];
  const seen = new Set<string>();
  // DOIs compare without case (DOI Handbook 2.4), like the stored, lower-cased `doi`.
  const isPrimary = (id: string, type: string) =>
    primary !== undefined && type.toUpperCase() === primary.identifierType.toUpperCase() && (primary.identifierType === 'DOI' ? id.toLowerCase() === primary.identifier.toLowerCase() : id === primary.identifier);
  const candidates = [
    ...(m.identifiers ?? []).map((i) => ({ alternateIdentifier: i.identifier, alternateIdentifierType: i.identifierType })),
    ...(m.alternateIdentifiers ?? []),
  ];
  for (const a of candidates) {
    if (!hasText(a.alternateIdentifier) || !hasText(a.alternateIdentifierType)) continue;
    if (isPrimary(a.alternateIdentifier, a.alternateIdentifierType)) continue;
    const key = `${a.alternateIdentifierType}\u0000${a.alternateIdentifier}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

function addDescription(w: XMLBuilder, text: string, attrs: Attrs): void {
  // Newlines stay text; kernel-4 also allows <br/>, which the parser reads as a newline.
  w.ele('description', clean(attrs)).txt(toBuilderValue(text));
}

/** Appends the kernel-4 `<resource>` for `m` to `parent` (a document or an OAI envelope). */
export function appendDataCiteResource(parent: XMLBuilder, m: DataCiteMetadata, version: KernelVersion = toKernelVersion(m)): XMLBuilder {
  const root = parent.ele(KERNEL4_NS, 'resource', { 'xmlns:xsi': XSI_NS, 'xsi:schemaLocation': toSchemaLocation(version) });
  const primary = toPrimaryIdentifier(m);
  if (primary) leaf(root, 'identifier', primary.identifier, { identifierType: primary.identifierType });
  list(root, 'creators', m.creators, (w, c) => addPerson(w.ele('creator'), 'creatorName', c));
  list(root, 'titles', m.titles, (w, t) => leaf(w, 'title', t.title, { titleType: t.titleType, 'xml:lang': t.lang }));
  if (m.publisher) {
    const p = m.publisher;
    leaf(root, 'publisher', p.name, { publisherIdentifier: p.publisherIdentifier, publisherIdentifierScheme: p.publisherIdentifierScheme, schemeURI: p.schemeUri, 'xml:lang': p.lang });
  }
  leaf(root, 'publicationYear', m.publicationYear);
  if (m.types) leaf(root, 'resourceType', m.types.resourceType ?? '', { resourceTypeGeneral: m.types.resourceTypeGeneral });
  list(root, 'subjects', m.subjects, (w, s) =>
    leaf(w, 'subject', s.subject, { subjectScheme: s.subjectScheme, schemeURI: s.schemeUri, valueURI: s.valueUri, classificationCode: s.classificationCode, 'xml:lang': s.lang }),
  );
  // contributorName and funderName are nonemptycontentStringType: an entry without one is left out.
  const contributors = m.contributors?.filter((c) => hasText(c.name));
  list(root, 'contributors', contributors, (w, c) => addPerson(w.ele('contributor', clean({ contributorType: c.contributorType })), 'contributorName', c));
  list(root, 'dates', m.dates, (w, d) => leaf(w, 'date', d.date, { dateType: d.dateType, dateInformation: d.dateInformation }));
  leaf(root, 'language', toXmlLang(m.language));
  list(root, 'alternateIdentifiers', toAlternateIdentifiers(m), (w, a) => leaf(w, 'alternateIdentifier', a.alternateIdentifier, { alternateIdentifierType: a.alternateIdentifierType }));
  list(root, 'relatedIdentifiers', m.relatedIdentifiers, (w, r) =>
    leaf(w, 'relatedIdentifier', r.relatedIdentifier, {
      relatedIdentifierType: r.relatedIdentifierType, relationType: r.relationType, relationTypeInformation: r.relationTypeInformation,
      resourceTypeGeneral: r.resourceTypeGeneral, relatedMetadataScheme: r.relatedMetadataScheme, schemeURI: r.schemeUri, schemeType: r.schemeType,
    }),
  );
  list(root, 'sizes', m.sizes, (w, s) => leaf(w, 'size', s));
  list(root, 'formats', m.formats, (w, f) => leaf(w, 'format', f));
  leaf(root, 'version', m.version);
  list(root, 'rightsList', m.rightsList, (w, r) =>
    leaf(w, 'rights', r.rights ?? '', { rightsURI: r.rightsUri, rightsIdentifier: r.rightsIdentifier, rightsIdentifierScheme: r.rightsIdentifierScheme, schemeURI: r.schemeUri, 'xml:lang': r.lang }),
  );
  list(root, 'descriptions', m.descriptions, (w, d) => addDescription(w, d.description, { descriptionType: d.descriptionType, 'xml:lang': d.lang }));
  list(root, 'geoLocations', m.geoLocations, addGeoLocation);
  list(root, 'fundingReferences', m.fundingReferences?.filter((f) => hasText(f.funderName)), (w, f) => {
    const el = w.ele('fundingReference');
    leaf(el, 'funderName', f.funderName);
    leaf(el, 'funderIdentifier', f.funderIdentifier, { funderIdentifierType: f.funderIdentifierType, schemeURI: f.schemeUri });
    leaf(el, 'awardNumber', f.awardNumber, { awardURI: f.awardUri });
    leaf(el, 'awardTitle', f.awardTitle);
  });
  list(root, 'relatedItems', m.relatedItems, addRelatedItem);
  return root;
}

/** DataCite XML document (with XML declaration), schemaLocation 4.6 or 4.7 as toKernelVersion decides. */
export function toDataCiteXml(m: DataCiteMetadata): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  appendDataCiteResource(doc, m);
  return doc.end({ prettyPrint: true });
}

/** The `<resource>` element alone, no XML declaration, for embedding in OAI-PMH responses. */
export function toDataCiteFragment(m: DataCiteMetadata): string {
  const doc = create();
  appendDataCiteResource(doc, m);
  return doc.end({ headless: true });
}
