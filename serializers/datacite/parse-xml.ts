/**
 * DataCite XML (kernel-4, any 4.x) -> record input, keeping every element and attribute of
 * 4.6/4.7. Namespace prefixes do not matter (elements are matched by namespace + local
 * name); text is trimmed; empty wrappers and empty elements carry no information and are dropped.
 */
import type {
  Affiliation, Contributor, Creator, DataCiteMetadata, FundingReference, GeoLocation, GeoPoint, GeoPolygonEntry,
  NameIdentifier, PersonName, RelatedItem, Title,
} from '../../src/records/metadata.ts';
import type { RecordInput } from '../../src/records/types.ts';
import { RECORD_SCHEMA_ID } from '../../src/records/types.ts';
import { parseXmlSafely, type XmlElement } from '../../src/xml/parse.ts';
import { XmlRejected } from '../../src/xml/limits.ts';
import { attribute, childElements, firstChild, textContent } from '../../src/xml/tree.ts';
import { KERNEL4_NS } from './namespace.ts';

type Obj = Record<string, unknown>;

const kids = (el: XmlElement | undefined, local: string): XmlElement[] => (el ? childElements(el, local, KERNEL4_NS) : []);
const kid = (el: XmlElement | undefined, local: string): XmlElement | undefined => (el ? firstChild(el, local, KERNEL4_NS) : undefined);
const text = (el: XmlElement | undefined): string | undefined => {
  const t = el ? textContent(el).trim() : '';
  return t === '' ? undefined : t;
};

/** Copies attributes (XML name -> JSON name) that are present and non-empty. */
function attrs(el: XmlElement, names: Record<string, string>, into: Obj = {}): Obj {
  for (const [xmlName, jsonName] of Object.entries(names)) {
    const v = attribute(el, xmlName)?.trim();
    if (v) into[jsonName] = v;
  }
  return into;
}

/** Leaves out undefined values and empty arrays, so the record has no empty properties. */
function compact<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return o;
}

const LANG = { 'xml:lang': 'lang' };

function toTitles(wrapper: XmlElement | undefined): Title[] {
  return kids(wrapper, 'title').flatMap((t) => {
    const title = text(t);
    return title ? [attrs(t, { titleType: 'titleType', ...LANG }, { title }) as unknown as Title] : [];
  });
}

function toPersonName(el: XmlElement, nameEl: XmlElement | undefined): PersonName {
  const p = compact({ name: text(nameEl) ?? '', givenName: text(kid(el, 'givenName')), familyName: text(kid(el, 'familyName')) });
  if (nameEl) attrs(nameEl, { nameType: 'nameType', ...LANG }, p);
  return p as PersonName;
}

function toCreator(el: XmlElement, nameLocal: string): Creator {
  const c = toPersonName(el, kid(el, nameLocal)) as Creator;
  const ids = kids(el, 'nameIdentifier').flatMap((n) => {
    const id = text(n);
    return id ? [attrs(n, { nameIdentifierScheme: 'nameIdentifierScheme', schemeURI: 'schemeUri' }, { nameIdentifier: id }) as unknown as NameIdentifier] : [];
  });
  const affs = kids(el, 'affiliation').flatMap((a) => {
    const name = text(a);
    const ids = { affiliationIdentifier: 'affiliationIdentifier', affiliationIdentifierScheme: 'affiliationIdentifierScheme', schemeURI: 'schemeUri' };
    return name ? [attrs(a, ids, { name }) as unknown as Affiliation] : [];
  });
  return compact(Object.assign(c, { nameIdentifiers: ids, affiliation: affs }) as unknown as Obj) as unknown as Creator;
}

function toNumber(el: XmlElement | undefined): number | undefined {
  const t = text(el);
  return t === undefined || Number.isNaN(Number(t)) ? undefined : Number(t);
}

function toPoint(el: XmlElement | undefined): GeoPoint | undefined {
  const pointLongitude = toNumber(kid(el, 'pointLongitude'));
  const pointLatitude = toNumber(kid(el, 'pointLatitude'));
  return pointLongitude === undefined || pointLatitude === undefined ? undefined : { pointLongitude, pointLatitude };
}

/** XML geoLocation is a repeatable choice; the JSON shape holds one of each, so repeats start a new entry. */
function toGeoLocations(el: XmlElement): GeoLocation[] {
  const out: GeoLocation[] = [];
  let cur: GeoLocation = {};
  const put = <K extends keyof GeoLocation>(k: K, v: GeoLocation[K] | undefined): void => {
    if (v === undefined) return;
    if (cur[k] !== undefined) {
      out.push(cur);
      cur = {};
    }
    cur[k] = v;
  };
  for (const c of childElements(el, undefined, KERNEL4_NS)) {
    if (c.local === 'geoLocationPlace') put('geoLocationPlace', text(c));
    else if (c.local === 'geoLocationPoint') put('geoLocationPoint', toPoint(c));
    else if (c.local === 'geoLocationBox') {
      const [w, e, s, n] = ['westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude'].map((k) => toNumber(kid(c, k)));
      if ([w, e, s, n].every((v) => v !== undefined)) {
        put('geoLocationBox', { westBoundLongitude: w!, eastBoundLongitude: e!, southBoundLatitude: s!, northBoundLatitude: n! });
      }
    } else if (c.local === 'geoLocationPolygon') {
      const entries = childElements(c, undefined, KERNEL4_NS).flatMap((p): GeoPolygonEntry[] => {
        const pt = toPoint(p);
        if (!pt) return [];
        return p.local === 'inPolygonPoint' ? [{ inPolygonPoint: pt }] : [{ polygonPoint: pt }];
      });
      put('geoLocationPolygon', entries.length ? entries : undefined);
    }
  }
  if (Object.keys(cur).length) out.push(cur);
  return out;
}

function toFunding(el: XmlElement): FundingReference[] {
  const fid = kid(el, 'funderIdentifier');
  const award = kid(el, 'awardNumber');
  const f: Obj = compact({ funderName: text(kid(el, 'funderName')), funderIdentifier: text(fid), awardNumber: text(award), awardTitle: text(kid(el, 'awardTitle')) });
  if (fid) attrs(fid, { funderIdentifierType: 'funderIdentifierType', schemeURI: 'schemeUri' }, f);
  if (award) attrs(award, { awardURI: 'awardUri' }, f);
  if (Object.keys(f).length === 0) return [];
  // funderName is mandatory in the XSD; keep the rest of a reference that lacks it rather than lose it.
  f.funderName ??= '';
  return [f as unknown as FundingReference];
}

function toRelatedItem(el: XmlElement): RelatedItem {
  const r: Obj = attrs(el, { relatedItemType: 'relatedItemType', relationType: 'relationType', relationTypeInformation: 'relationTypeInformation' });
  const idEl = kid(el, 'relatedItemIdentifier');
  const id = text(idEl);
  if (idEl && id) {
    r.relatedItemIdentifier = attrs(idEl, { relatedItemIdentifierType: 'relatedItemIdentifierType' }, { relatedItemIdentifier: id });
    attrs(idEl, { relatedMetadataScheme: 'relatedMetadataScheme', schemeURI: 'schemeUri', schemeType: 'schemeType' }, r);
  }
  r.creators = kids(kid(el, 'creators'), 'creator').map((c) => toPersonName(c, kid(c, 'creatorName')));
  r.titles = toTitles(kid(el, 'titles'));
  for (const k of ['publicationYear', 'volume', 'issue', 'number', 'firstPage', 'lastPage', 'publisher', 'edition']) r[k] = text(kid(el, k));
  const num = kid(el, 'number');
  if (num && r.number) attrs(num, { numberType: 'numberType' }, r);
  r.contributors = kids(kid(el, 'contributors'), 'contributor').map((c) =>
    attrs(c, { contributorType: 'contributorType' }, toPersonName(c, kid(c, 'contributorName')) as unknown as Obj),
  );
  return compact(r) as unknown as RelatedItem;
}

/** Description text with `<br/>` as a newline (kernel-4 allows br inside description). */
function toDescriptionText(el: XmlElement): string {
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : c.local === 'br' ? '\n' : textContent(c);
  return s.trim();
}

/** Items whose value the schema requires to be non-empty: without text they are dropped. */
const VALUE_REQUIRED = new Set(['date', 'relatedIdentifier']);

/** Lists of simple elements whose text and attributes map one to one. */
const SIMPLE_LISTS: [string, string, string, Record<string, string>][] = [
  ['subjects', 'subject', 'subject', { subjectScheme: 'subjectScheme', schemeURI: 'schemeUri', valueURI: 'valueUri', classificationCode: 'classificationCode', ...LANG }],
  ['dates', 'date', 'date', { dateType: 'dateType', dateInformation: 'dateInformation' }],
  ['alternateIdentifiers', 'alternateIdentifier', 'alternateIdentifier', { alternateIdentifierType: 'alternateIdentifierType' }],
  ['relatedIdentifiers', 'relatedIdentifier', 'relatedIdentifier', {
    relatedIdentifierType: 'relatedIdentifierType', relationType: 'relationType', relationTypeInformation: 'relationTypeInformation',
    resourceTypeGeneral: 'resourceTypeGeneral', relatedMetadataScheme: 'relatedMetadataScheme', schemeURI: 'schemeUri', schemeType: 'schemeType',
  }],
  ['rightsList', 'rights', 'rights', { rightsURI: 'rightsUri', rightsIdentifier: 'rightsIdentifier', rightsIdentifierScheme: 'rightsIdentifierScheme', schemeURI: 'schemeUri', ...LANG }],
];

/** Reads a kernel-4 `<resource>` element into DataCite metadata. */
export function toMetadataFromResource(root: XmlElement): DataCiteMetadata {
  if (root.local !== 'resource' || root.ns !== KERNEL4_NS) {
    throw new XmlRejected(`Not DataCite XML: the root element is {${root.ns}}${root.local}, expected {${KERNEL4_NS}}resource.`);
  }
  const m: Obj = {};
  const idEl = kid(root, 'identifier');
  const id = text(idEl);
  const idType = idEl ? attribute(idEl, 'identifierType')?.trim() : undefined;
  if (id && (idType === undefined || idType.toUpperCase() === 'DOI')) m.doi = id;
  else if (id) m.identifiers = [{ identifier: id, identifierType: idType }];
  m.creators = kids(kid(root, 'creators'), 'creator').map((c) => toCreator(c, 'creatorName'));
  m.titles = toTitles(kid(root, 'titles'));
  const pub = kid(root, 'publisher');
  const pubName = text(pub);
  if (pub) {
    const p = attrs(pub, { publisherIdentifier: 'publisherIdentifier', publisherIdentifierScheme: 'publisherIdentifierScheme', schemeURI: 'schemeUri', ...LANG });
    // A blank publisher with an identifier is kept (name '') so the identifier is not lost; supports() declines it.
    if (pubName || Object.keys(p).length) m.publisher = { name: pubName ?? '', ...p };
  }
  m.publicationYear = text(kid(root, 'publicationYear'));
  const rt = kid(root, 'resourceType');
  if (rt) {
    const types = compact(attrs(rt, { resourceTypeGeneral: 'resourceTypeGeneral' }, { resourceType: text(rt) }));
    if (Object.keys(types).length) m.types = types;
  }
  m.contributors = kids(kid(root, 'contributors'), 'contributor').map((c) => attrs(c, { contributorType: 'contributorType' }, toCreator(c, 'contributorName') as unknown as Obj) as unknown as Contributor);
  m.language = text(kid(root, 'language'));
  for (const [wrapper, item, key, names] of SIMPLE_LISTS) {
    m[wrapper] = kids(kid(root, wrapper), item).flatMap((e) => {
      const v = text(e);
      if (v === undefined && VALUE_REQUIRED.has(key)) return [];
      const o = attrs(e, names, compact({ [key]: v }));
      // An element with attributes but no text still says something (lossless); keep it with ''.
      if (Object.keys(o).length && key !== 'rights') o[key] ??= '';
      return Object.keys(o).length ? [o] : [];
    });
  }
  m.sizes = kids(kid(root, 'sizes'), 'size').map(text).filter((s) => s !== undefined);
  m.formats = kids(kid(root, 'formats'), 'format').map(text).filter((s) => s !== undefined);
  m.version = text(kid(root, 'version'));
  m.descriptions = kids(kid(root, 'descriptions'), 'description').flatMap((d) => {
    const o = attrs(d, { descriptionType: 'descriptionType', ...LANG }, { description: toDescriptionText(d) });
    return o.description || o.descriptionType ? [o] : [];
  });
  m.geoLocations = kids(kid(root, 'geoLocations'), 'geoLocation').flatMap(toGeoLocations);
  m.fundingReferences = kids(kid(root, 'fundingReferences'), 'fundingReference').flatMap(toFunding);
  m.relatedItems = kids(kid(root, 'relatedItems'), 'relatedItem').map(toRelatedItem);
  return compact(m) as unknown as DataCiteMetadata;
}

/** Parses a DataCite XML document (text or bytes, any encoding) into a record input. Throws XmlRejected. */
export function parseDataCiteXml(input: string | Buffer): RecordInput {
  return parseDataCiteElement(parseXmlSafely(input));
}

/** parseDataCiteXml for a `<resource>` element already parsed (inside a harvested oai_datacite page), without parsing it again. */
export function parseDataCiteElement(el: XmlElement): RecordInput {
  return { $schema: RECORD_SCHEMA_ID, ...toMetadataFromResource(el) };
}
