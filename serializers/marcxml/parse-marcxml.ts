/**
 * Loader for MARCXML bibliographic records (best effort): the fields toMarcXml writes, plus
 * the common catalogue fields (020/022, 260, 650 subdivisions) seen in library exports.
 */
import type { RecordInput } from '../../src/records/types.ts';
import type { Creator, Subject } from '../../src/records/metadata.ts';
import { parseIdentifier } from '../dublin-core/parse-identifier.ts';
import { parseLanguage } from '../text/languages.ts';
import { parseInvertedName } from '../text/names.ts';
import { childNamed, childrenNamed, descendantsNamed, parseXmlElement, textContent, toLoaderElement } from '../text/xml-input.ts';
import type { XmlElement } from '../text/xml-input.ts';
import type { XmlElement as ParsedXmlElement } from '../../src/xml/parse.ts';
import { parseTypeOfRecord } from './fixed-fields.ts';
import { MARC_NAMESPACE } from './to-marcxml.ts';

interface Field {
  tag: string;
  ind1: string;
  ind2: string;
  sub: (code: string) => string[];
}

function toFields(record: XmlElement): Field[] {
  return childrenNamed(record, 'datafield').map((df) => {
    const subfields = childrenNamed(df, 'subfield').map((s) => [s.attributes.code ?? '', textContent(s)] as const);
    return {
      tag: df.attributes.tag ?? '',
      ind1: df.attributes.ind1 ?? ' ',
      ind2: df.attributes.ind2 ?? ' ',
      sub: (code: string) => subfields.filter(([c, v]) => c === code && v !== '').map(([, v]) => v),
    };
  });
}

/** ISBD punctuation that ends a MARC subfield (" /", " :", " ;", ",", trailing "."). */
function trimIsbd(text: string): string {
  return text.replace(/\s*[/:;,=]\s*$/, '').replace(/([^.A-Z])\.$/, '$1').trim();
}

function toCreator(f: Field): Creator {
  const nameIdentifiers = f.sub('0').map((id) => ({
    nameIdentifier: id,
    nameIdentifierScheme: /orcid/i.test(id) ? 'ORCID' : /ror\.org/.test(id) ? 'ROR' : 'Other',
  }));
  const affiliation = f.sub('u').map((name) => ({ name }));
  const raw = trimIsbd(f.sub('a')[0] ?? '');
  const base: Creator = f.tag.endsWith('10') || f.tag.endsWith('11')
    ? { name: raw, nameType: 'Organizational' }
    : (() => {
        const parts = parseInvertedName(raw);
        return parts.familyName ? { ...parts, nameType: 'Personal' as const } : { name: parts.name };
      })();
  return { ...base, ...(nameIdentifiers.length ? { nameIdentifiers } : {}), ...(affiliation.length ? { affiliation } : {}) };
}

function toSubject(f: Field): Subject {
  const subject = [...f.sub('a'), ...f.sub('x'), ...f.sub('y'), ...f.sub('z')].map(trimIsbd).join(' -- ');
  const scheme = f.sub('2')[0] ?? (f.tag.startsWith('6') && f.ind2 === '0' ? 'LCSH' : undefined);
  return { subject, ...(scheme ? { subjectScheme: scheme } : {}), ...(f.sub('0')[0] ? { valueUri: f.sub('0')[0] } : {}) };
}

function toRecordInput(record: XmlElement): RecordInput {
  const fields = toFields(record);
  const all = (...tags: string[]) => fields.filter((f) => tags.includes(f.tag));
  const leader = textContent(childNamed(record, 'leader')).padEnd(24);
  const f008 = childrenNamed(record, 'controlfield').find((c) => c.attributes.tag === '008');
  const fixed = f008 ? f008.text : '';
  const t245 = all('245')[0];
  const input: RecordInput = {
    titles: t245 ? [{ title: trimIsbd([t245.sub('a')[0], t245.sub('b')[0]].filter(Boolean).map((s) => trimIsbd(s!)).join(': ')) }] : [],
    types: parseTypeOfRecord(leader),
  };
  for (const f of all('246', '240', '130')) input.titles.push({ title: trimIsbd(f.sub('a')[0] ?? ''), titleType: f.ind2 === '1' ? 'TranslatedTitle' : 'AlternativeTitle' });
  input.titles = input.titles.filter((t) => t.title !== '');
  const creators = all('100', '110', '700', '710').map(toCreator).filter((c) => c.name !== '');
  if (creators.length) input.creators = creators;
  for (const f of all('024')) {
    const value = f.sub('a')[0];
    if (!value) continue;
    if ((f.sub('2')[0] ?? '').toLowerCase() === 'doi' && !input.doi) input.doi = parseIdentifier(value).value;
    else (input.alternateIdentifiers ??= []).push({ alternateIdentifier: value, alternateIdentifierType: f.sub('2')[0] ?? f.sub('q')[0] ?? 'Other' });
  }
  for (const [tag, type] of [['020', 'ISBN'], ['022', 'ISSN']] as const) {
    for (const f of all(tag)) for (const v of f.sub('a')) (input.alternateIdentifiers ??= []).push({ alternateIdentifier: v.split(' ')[0], alternateIdentifierType: type });
  }
  const publication = all('264', '260')[0];
  const publisher = publication?.sub('b')[0];
  if (publisher) input.publisher = { name: trimIsbd(publisher) };
  const year = /\d{4}/.exec(publication?.sub('c')[0] ?? '')?.[0] ?? (/^\d{4}$/.test(fixed.slice(7, 11)) ? fixed.slice(7, 11) : undefined);
  if (year) input.publicationYear = year;
  const language = parseLanguage(all('041')[0]?.sub('a')[0] ?? fixed.slice(35, 38));
  if (language && language !== 'und') input.language = language;
  const version = all('250')[0]?.sub('a')[0];
  if (version) input.version = trimIsbd(version);
  const descriptions = all('520', '505').map((f) => ({
    description: f.sub('a').join(' '),
    descriptionType: f.tag === '505' ? ('TableOfContents' as const) : f.ind1 === '3' ? ('Abstract' as const) : ('Other' as const),
  }));
  if (descriptions.some((d) => d.description)) input.descriptions = descriptions.filter((d) => d.description);
  const rights = all('540').map((f) => ({ ...(f.sub('a')[0] ? { rights: f.sub('a')[0] } : {}), ...(f.sub('u')[0] ? { rightsUri: f.sub('u')[0] } : {}) }));
  if (rights.length) input.rightsList = rights;
  const subjects = all('650', '651', '653', '600', '610').map(toSubject).filter((s) => s.subject !== '');
  if (subjects.length) input.subjects = subjects;
  for (const f of all('856')) {
    for (const u of f.sub('u')) {
      const id = parseIdentifier(u);
      if (id.type === 'DOI' && !input.doi) input.doi = id.value;
    }
  }
  return input;
}

/** Every MARC record in the document (a `record` or a `collection`, prefixed or not). */
export function parseMarcXmlRecords(input: string | Buffer): RecordInput[] {
  return descendantsNamed(parseXmlElement(input), 'record', MARC_NAMESPACE).map(toRecordInput);
}

function toFirstRecordInput(root: XmlElement): RecordInput {
  const [first] = descendantsNamed(root, 'record', MARC_NAMESPACE);
  if (!first) throw new Error('No MARC 21 record element in the document.');
  return toRecordInput(first);
}

/** The first MARC record in the document as a record input (best effort). */
export function parseMarcXml(input: string | Buffer): RecordInput {
  return toFirstRecordInput(parseXmlElement(input));
}

/** parseMarcXml for an element already parsed (a harvested page's `record`), without parsing it again. */
export function parseMarcXmlElement(el: ParsedXmlElement): RecordInput {
  return toFirstRecordInput(toLoaderElement(el));
}
