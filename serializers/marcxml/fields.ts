/**
 * The record as MARC 21 bibliographic fields (a plain list), before any XML is built.
 * Field choices follow the MARC 21 Bibliographic format and the DataCite-to-MARC practice
 * of InvenioRDM/Zenodo's MARCXML export.
 */
import type { SerializeOptions } from '../format.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import type { Creator, Contributor } from '../../src/records/metadata.ts';
import { toPlainText } from '../text/html.ts';
import { toMarcLanguage } from '../text/languages.ts';
import { toInvertedName } from '../text/names.ts';
import { toXmlValue } from '../text/xml-chars.ts';
import { toYear } from './fixed-fields.ts';

/** A data field: tag, two indicators, and subfields in order. */
export interface DataField {
  tag: string;
  ind1: string;
  ind2: string;
  subfields: [code: string, value: string][];
}

function field(tag: string, ind1: string, ind2: string, subfields: [string, string | undefined][]): DataField | undefined {
  const clean = subfields
    .map(([code, v]) => [code, toXmlValue(v)] as [string, string | undefined])
    .filter((s): s is [string, string] => s[1] !== undefined);
  return clean.length ? { tag, ind1, ind2, subfields: clean } : undefined;
}

function isOrganization(c: Creator): boolean {
  return c.nameType === 'Organizational';
}

function toNameField(c: Creator | Contributor, main: boolean): DataField | undefined {
  const role = 'contributorType' in c ? c.contributorType.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : undefined;
  const ids: [string, string][] = (c.nameIdentifiers ?? []).map((n) => ['0', n.nameIdentifier]);
  const affiliation = (c.affiliation ?? []).map((a) => a.name).join('; ') || undefined;
  if (isOrganization(c)) {
    // 110/710 first indicator 2: name in direct order.
    return field(main ? '110' : '710', '2', ' ', [['a', c.name], ['e', role], ...ids]);
  }
  const name = toInvertedName(c);
  // First indicator: 1 surname first ("Family, Given"), 0 forename or a single name.
  const ind1 = name.includes(',') ? '1' : '0';
  return field(main ? '100' : '700', ind1, ' ', [['a', name], ['e', role], ['u', affiliation], ...ids]);
}

function titles(record: GranaryRecord, hasMainEntry: boolean): DataField[] {
  const all = record.titles ?? [];
  const main = all.find((t) => !t.titleType) ?? all[0];
  // A record whose only title is a subtitle has that one title, in $a alone.
  const subtitle = all.find((t) => t.titleType === 'Subtitle' && t !== main);
  const out: (DataField | undefined)[] = [
    // 245 first indicator: 1 when a 1XX main entry exists; second: nonfiling characters (0, not computed).
    field('245', hasMainEntry ? '1' : '0', '0', [['a', main?.title], ['b', subtitle?.title]]),
  ];
  for (const t of all) {
    if (t === main || t === subtitle) continue;
    // 246 ind1 3 = no note, added entry; ind2 1 = parallel title (a translation).
    out.push(field('246', '3', t.titleType === 'TranslatedTitle' ? '1' : ' ', [['a', t.title]]));
  }
  return out.filter((f): f is DataField => f !== undefined);
}

function subjects(record: GranaryRecord): DataField[] {
  return (record.subjects ?? []).flatMap((s) => {
    const f = s.subjectScheme
      ? field('650', ' ', '7', [['a', s.subject], ['0', s.valueUri], ['2', s.subjectScheme]])
      : field('653', ' ', ' ', [['a', s.subject]]);
    return f ? [f] : [];
  });
}

/** The record's data fields in tag order. */
export function toDataFields(record: GranaryRecord, options: SerializeOptions): DataField[] {
  const creators = record.creators ?? [];
  const [first, ...others] = creators;
  const mainEntry = first ? toNameField(first, true) : undefined;
  const landing = `${options.baseUrl.replace(/\/+$/, '')}/records/${encodeURIComponent(record.id)}`;
  const fields: (DataField | undefined)[] = [
    record.doi ? field('024', '7', ' ', [['a', record.doi], ['2', 'doi']]) : undefined,
    ...(record.alternateIdentifiers ?? []).map((a) => field('024', '8', ' ', [['a', a.alternateIdentifier], ['q', a.alternateIdentifierType]])),
    field('041', ' ', ' ', [['a', toMarcLanguage(record.language)]]),
    mainEntry,
    ...titles(record, mainEntry !== undefined),
    field('250', ' ', ' ', [['a', record.version]]),
    // 264 second indicator 1: publication.
    field('264', ' ', '1', [['b', record.publisher?.name], ['c', toYear(record)]]),
    ...(record.sizes ?? []).map((s) => field('300', ' ', ' ', [['a', s]])),
    ...(record.descriptions ?? []).map((d) =>
      d.descriptionType === 'TableOfContents'
        ? field('505', '0', ' ', [['a', toPlainText(d.description)]])
        : field('520', d.descriptionType === 'Abstract' ? '3' : ' ', ' ', [['a', toPlainText(d.description)]]),
    ),
    // 506 first indicator: 0 no restrictions, 1 restrictions apply.
    record.access?.record === 'public' || !record.access
      ? field('506', '0', ' ', [['a', 'Open access']])
      : field('506', '1', ' ', [['a', record.access.record === 'embargoed' ? 'Embargoed access' : 'Restricted access'], ['g', record.access.embargo?.until]]),
    ...(record.fundingReferences ?? []).map((f) => field('536', ' ', ' ', [['a', f.funderName], ['c', f.awardNumber], ['o', f.awardTitle]])),
    ...(record.rightsList ?? []).map((r) => field('540', ' ', ' ', [['a', r.rights], ['u', r.rightsUri], ['f', r.rightsIdentifier]])),
    ...subjects(record),
    ...(record.geoLocations ?? []).map((g) => field('651', ' ', '4', [['a', g.geoLocationPlace]])),
    ...others.map((c) => toNameField(c, false)),
    ...(record.contributors ?? []).map((c) => toNameField(c, false)),
    // 856 40: HTTP access to the resource itself.
    record.doi ? field('856', '4', '0', [['u', `https://doi.org/${record.doi}`]]) : undefined,
    field('856', '4', '0', [['u', landing]]),
  ];
  return fields.filter((f): f is DataField => f !== undefined).sort((a, b) => a.tag.localeCompare(b.tag));
}
