/**
 * The record as a flat list of the fifteen Dublin Core elements, following DataCite's
 * DC mapping (DataCite Metadata Schema 4.x, Appendix "Mapping to Dublin Core") and the
 * DRIVER 2.0 / OpenAIRE 3.0 Literature Guidelines for oai_dc. Both the oai_dc and the
 * REST Dublin Core documents are built from this list.
 */
import type { SerializeOptions } from '../format.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { toPlainText } from '../text/html.ts';
import { toInvertedName } from '../text/names.ts';
import { toXmlLang, toXmlValue } from '../text/xml-chars.ts';
import { toEuRepoAccess, toEuRepoEmbargoEnd, toEuRepoType } from './eu-repo.ts';

export type DcElementName =
  | 'title' | 'creator' | 'subject' | 'description' | 'publisher' | 'contributor' | 'date' | 'type'
  | 'format' | 'identifier' | 'source' | 'language' | 'relation' | 'coverage' | 'rights';

/** One DC statement: element name, text, and optional xml:lang. */
export interface DcElement {
  name: DcElementName;
  value: string;
  lang?: string;
}

/** A related identifier as a resolvable URI where one exists, else "scheme:value". */
export function toIdentifierUri(value: string, type: string): string {
  if (/^https?:\/\//i.test(value)) return value;
  switch (type.toUpperCase()) {
    case 'DOI':
      return `https://doi.org/${value.replace(/^doi:/i, '')}`;
    case 'HANDLE':
      return `https://hdl.handle.net/${value}`;
    case 'ARXIV':
      return `https://arxiv.org/abs/${value.replace(/^arxiv:/i, '')}`;
    case 'PMID':
      return `https://pubmed.ncbi.nlm.nih.gov/${value}`;
    default:
      return `${type.toLowerCase()}:${value}`;
  }
}

function dates(record: GranaryRecord): string[] {
  const issued = record.dates?.find((d) => d.dateType === 'Issued')?.date;
  const out = [issued ?? record.publicationYear ?? ''];
  for (const d of record.dates ?? []) out.push(d.date);
  const embargoEnd = toEuRepoEmbargoEnd(record);
  if (embargoEnd) out.push(embargoEnd);
  return out;
}

function coverage(record: GranaryRecord): string[] {
  const out: string[] = [];
  for (const geo of record.geoLocations ?? []) {
    if (geo.geoLocationPlace) out.push(geo.geoLocationPlace);
    // DCMI Point encoding scheme (dublincore.org/documents/dcmi-point/).
    if (geo.geoLocationPoint) out.push(`north=${geo.geoLocationPoint.pointLatitude}; east=${geo.geoLocationPoint.pointLongitude}`);
  }
  for (const d of record.dates ?? []) if (d.dateType === 'Coverage') out.push(d.date);
  return out;
}

/**
 * The record's Dublin Core statements, in element order, empty and duplicate values dropped:
 * a date or identifier that two properties give is stated once. Creators and contributors
 * are people, so two of the same name are two statements (two authors called "Wang, Wei"),
 * and a value in another language is another statement (a title and its translation).
 */
export function toDcElements(record: GranaryRecord, options: SerializeOptions): DcElement[] {
  const out: DcElement[] = [];
  const add = (name: DcElementName, raw: string | undefined, lang?: string) => {
    const value = toXmlValue(raw);
    if (value === undefined) return;
    const tag = lang === undefined ? undefined : toXmlLang(lang);
    if (name !== 'creator' && name !== 'contributor') {
      // A record has a few dozen statements: a scan beats building a key string per value.
      for (let i = 0; i < out.length; i++) if (out[i].value === value && out[i].name === name && out[i].lang === tag) return;
    }
    out.push(tag ? { name, value, lang: tag } : { name, value });
  };

  for (const t of record.titles ?? []) add('title', t.title, t.lang);
  for (const c of record.creators ?? []) add('creator', toInvertedName(c), c.lang);
  for (const c of record.contributors ?? []) add('contributor', toInvertedName(c), c.lang);
  for (const s of record.subjects ?? []) add('subject', s.subject, s.lang);
  for (const d of record.descriptions ?? []) add('description', toPlainText(d.description), d.lang);
  add('publisher', record.publisher?.name, record.publisher?.lang);
  for (const d of dates(record)) add('date', d);
  add('type', toEuRepoType(record.types?.resourceTypeGeneral));
  add('type', record.types?.resourceTypeGeneral);
  add('type', record.types?.resourceType);
  for (const f of record.formats ?? []) add('format', f);
  for (const s of record.sizes ?? []) add('format', s);
  if (record.doi) add('identifier', toIdentifierUri(record.doi, 'DOI'));
  for (const i of record.identifiers ?? []) add('identifier', toIdentifierUri(i.identifier, i.identifierType));
  add('identifier', `${options.baseUrl.replace(/\/+$/, '')}/records/${encodeURIComponent(record.id)}`);
  for (const a of record.alternateIdentifiers ?? []) add('identifier', toIdentifierUri(a.alternateIdentifier, a.alternateIdentifierType));
  add('language', record.language);
  for (const r of record.relatedIdentifiers ?? []) add('relation', toIdentifierUri(r.relatedIdentifier, r.relatedIdentifierType));
  for (const c of coverage(record)) add('coverage', c);
  add('rights', toEuRepoAccess(record));
  for (const r of record.rightsList ?? []) {
    add('rights', r.rights, r.lang);
    add('rights', r.rightsUri);
  }
  return out;
}
