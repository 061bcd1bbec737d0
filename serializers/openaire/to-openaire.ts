/**
 * oai_openaire: OpenAIRE Guidelines for Literature Repositories v4, valid against
 * https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd. Field numbers in comments are
 * the guidelines' field list.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { SerializeOptions } from '../format.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import type { Creator } from '../../src/records/metadata.ts';
import { toPlainText } from '../text/html.ts';
import { toIso6393Language } from '../text/languages.ts';
import { toInvertedName } from '../text/names.ts';
import { toBuilderAttr, toBuilderValue } from '../../src/xml/sanitize.ts';
import { toXmlAnyUri, toXmlLang, toXmlValue } from '../text/xml-chars.ts';
import { toXmlString } from '../text/xml-output.ts';
import {
  OAIRE_CONTRIBUTOR_TYPES, OAIRE_DATE_TYPES, OAIRE_FUNDER_ID_TYPES, OAIRE_RELATED_ID_TYPES, OAIRE_RELATION_TYPES,
  OAIRE_RESOURCE_TYPES_41, toCoarAccessRight, toCoarResourceType,
} from './vocabularies.ts';

export const OAIRE_NAMESPACE = 'http://namespace.openaire.eu/schema/oaire/';
export const OAIRE_SCHEMA = 'https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd';
const DC = 'http://purl.org/dc/elements/1.1/';
const DATACITE = 'http://datacite.org/schema/kernel-4';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XMLNS = 'http://www.w3.org/2000/xmlns/';

type Attrs = Record<string, string | undefined>;

// Attributes the OpenAIRE 4 schema types as xs:anyURI: a value that is none is left out.
const URI_ATTRS = new Set(['schemeURI', 'valueURI', 'awardURI']);

/** Append a text element when the text survives cleaning; attributes with no value are left out. */
function text(parent: XMLBuilder, ns: string, name: string, value: string | number | undefined, attrs: Attrs = {}): void {
  const clean = toXmlValue(value);
  if (clean === undefined) return;
  const el = parent.ele(ns, name);
  for (const [k, v] of Object.entries(attrs)) {
    const a = k === 'xml:lang' ? toXmlLang(v) : URI_ATTRS.has(k) ? toXmlAnyUri(v) : toXmlValue(v);
    if (a !== undefined) el.att(k, toBuilderAttr(a));
  }
  el.txt(toBuilderValue(clean));
}

function wrapper<T>(parent: XMLBuilder, name: string, items: T[], each: (w: XMLBuilder, item: T) => void): void {
  if (items.length === 0) return;
  const w = parent.ele(DATACITE, name);
  for (const item of items) each(w, item);
  if (!w.node.hasChildNodes()) w.remove();
}

function person(w: XMLBuilder, el: string, c: Creator, attrs: Attrs = {}): void {
  if (!toXmlValue(c.name)) return;
  const node = w.ele(DATACITE, `datacite:${el}`);
  for (const [k, v] of Object.entries(attrs)) if (v) node.att(k, toBuilderAttr(v));
  text(node, DATACITE, `datacite:${el}Name`, toInvertedName(c), { nameType: c.nameType });
  text(node, DATACITE, 'datacite:givenName', c.givenName);
  text(node, DATACITE, 'datacite:familyName', c.familyName);
  for (const n of c.nameIdentifiers ?? []) text(node, DATACITE, 'datacite:nameIdentifier', n.nameIdentifier, { nameIdentifierScheme: n.nameIdentifierScheme, schemeURI: n.schemeUri });
  for (const a of c.affiliation ?? []) text(node, DATACITE, 'datacite:affiliation', a.name);
}

function dates(record: GranaryRecord): { date: string; dateType: string; info?: string }[] {
  const out: { date: string; dateType: string; info?: string }[] = (record.dates ?? []).filter((d) => OAIRE_DATE_TYPES.has(d.dateType)).map((d) => ({ date: d.date, dateType: d.dateType, info: d.dateInformation }));
  if (!out.some((d) => d.dateType === 'Issued') && record.publicationYear) out.push({ date: record.publicationYear, dateType: 'Issued' });
  // Guidelines field 7: for embargoed items, "Available" is the embargo end date.
  const until = record.access?.record === 'embargoed' ? record.access.embargo?.until : undefined;
  if (until && !out.some((d) => d.dateType === 'Available')) out.push({ date: until, dateType: 'Available' });
  return out;
}

function build(record: GranaryRecord, options: SerializeOptions): XMLBuilder {
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' })
    .ele(OAIRE_NAMESPACE, 'oaire:resource')
    .att(XMLNS, 'xmlns:dc', DC)
    .att(XMLNS, 'xmlns:datacite', DATACITE)
    .att(XMLNS, 'xmlns:xsi', XSI)
    .att(XSI, 'xsi:schemaLocation', `${OAIRE_NAMESPACE} ${OAIRE_SCHEMA}`);

  wrapper(root, 'datacite:titles', record.titles ?? [], (w, t) => text(w, DATACITE, 'datacite:title', t.title, { titleType: t.titleType, 'xml:lang': t.lang }));
  wrapper(root, 'datacite:creators', record.creators ?? [], (w, c) => person(w, 'creator', c));
  wrapper(root, 'datacite:contributors', record.contributors ?? [], (w, c) =>
    person(w, 'contributor', c, { contributorType: OAIRE_CONTRIBUTOR_TYPES.has(c.contributorType) ? c.contributorType : 'Other' }),
  );
  const funding = (record.fundingReferences ?? []).filter((f) => toXmlValue(f.funderName));
  if (funding.length) {
    const w = root.ele(OAIRE_NAMESPACE, 'oaire:fundingReferences');
    for (const f of funding) {
      const ref = w.ele(OAIRE_NAMESPACE, 'oaire:fundingReference');
      text(ref, OAIRE_NAMESPACE, 'oaire:funderName', f.funderName);
      const idType = f.funderIdentifierType && OAIRE_FUNDER_ID_TYPES.has(f.funderIdentifierType) ? f.funderIdentifierType : 'Other';
      text(ref, OAIRE_NAMESPACE, 'oaire:funderIdentifier', f.funderIdentifier, { funderIdentifierType: idType });
      text(ref, OAIRE_NAMESPACE, 'oaire:awardNumber', f.awardNumber, { awardURI: f.awardUri });
      text(ref, OAIRE_NAMESPACE, 'oaire:awardTitle', f.awardTitle);
    }
  }
  wrapper(root, 'datacite:alternateIdentifiers', record.alternateIdentifiers ?? [], (w, a) =>
    text(w, DATACITE, 'datacite:alternateIdentifier', a.alternateIdentifier, { alternateIdentifierType: toXmlValue(a.alternateIdentifierType) ?? 'Other' }),
  );
  const related = (record.relatedIdentifiers ?? []).filter((r) => OAIRE_RELATED_ID_TYPES.has(r.relatedIdentifierType) && OAIRE_RELATION_TYPES.has(r.relationType));
  wrapper(root, 'datacite:relatedIdentifiers', related, (w, r) =>
    text(w, DATACITE, 'datacite:relatedIdentifier', r.relatedIdentifier, {
      relatedIdentifierType: r.relatedIdentifierType,
      relationType: r.relationType,
      resourceTypeGeneral: r.resourceTypeGeneral && OAIRE_RESOURCE_TYPES_41.has(r.resourceTypeGeneral) ? r.resourceTypeGeneral : undefined,
    }),
  );
  wrapper(root, 'datacite:dates', dates(record), (w, d) => text(w, DATACITE, 'datacite:date', d.date, { dateType: d.dateType, dateInformation: d.info }));
  text(root, DC, 'dc:language', toIso6393Language(record.language));
  text(root, DC, 'dc:publisher', record.publisher?.name, { 'xml:lang': record.publisher?.lang });
  const type = toCoarResourceType(record.types?.resourceTypeGeneral);
  text(root, OAIRE_NAMESPACE, 'oaire:resourceType', type.label, { resourceTypeGeneral: type.general, uri: type.uri });
  for (const d of record.descriptions ?? []) text(root, DC, 'dc:description', toPlainText(d.description), { 'xml:lang': d.lang });
  for (const f of record.formats ?? []) text(root, DC, 'dc:format', f);
  const landing = `${options.baseUrl.replace(/\/+$/, '')}/records/${encodeURIComponent(record.id)}`;
  // Field 10: exactly one identifier; the DOI when there is one, else the landing page.
  if (record.doi) text(root, DATACITE, 'datacite:identifier', record.doi, { identifierType: 'DOI' });
  else text(root, DATACITE, 'datacite:identifier', landing, { identifierType: 'URL' });
  const access = toCoarAccessRight(record.access?.record);
  text(root, DATACITE, 'datacite:rights', access.label, { rightsURI: access.uri });
  const licence = (record.rightsList ?? []).find((r) => r.rightsUri);
  if (licence) {
    const startDate = record.access?.record === 'embargoed' ? record.access.embargo?.until : undefined;
    text(root, OAIRE_NAMESPACE, 'oaire:licenseCondition', licence.rights ?? licence.rightsUri, { uri: licence.rightsUri, startDate });
  }
  wrapper(root, 'datacite:subjects', record.subjects ?? [], (w, s) =>
    text(w, DATACITE, 'datacite:subject', s.subject, { subjectScheme: s.subjectScheme, schemeURI: s.schemeUri, valueURI: s.valueUri, 'xml:lang': s.lang }),
  );
  wrapper(root, 'datacite:sizes', record.sizes ?? [], (w, s) => text(w, DATACITE, 'datacite:size', s));
  text(root, OAIRE_NAMESPACE, 'oaire:version', record.version);
  const host = (record.relatedItems ?? []).find((r) => r.relationType === 'IsPublishedIn');
  if (host) {
    text(root, OAIRE_NAMESPACE, 'oaire:citationTitle', host.titles?.[0]?.title);
    text(root, OAIRE_NAMESPACE, 'oaire:citationVolume', host.volume);
    text(root, OAIRE_NAMESPACE, 'oaire:citationIssue', host.issue);
    text(root, OAIRE_NAMESPACE, 'oaire:citationStartPage', host.firstPage);
    text(root, OAIRE_NAMESPACE, 'oaire:citationEndPage', host.lastPage);
    text(root, OAIRE_NAMESPACE, 'oaire:citationEdition', host.edition);
  }
  return root;
}

/** The record as an oai_openaire document (with XML declaration). */
export function toOaiOpenaire(record: GranaryRecord, options: SerializeOptions): string {
  return toXmlString(build(record, options), false);
}

/** The `oaire:resource` element alone, for embedding in an OAI-PMH response. */
export function toOaiOpenaireFragment(record: GranaryRecord, options: SerializeOptions): string {
  return toXmlString(build(record, options), true);
}
