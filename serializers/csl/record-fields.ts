/**
 * Small readers over a GranaryRecord shared by the citation-oriented serializers (CSL,
 * BibTeX, RIS, schema.org, the landing page): the main title, plain text, the URLs a
 * record is cited by.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { Creator, Description } from '../../src/records/metadata.ts';
import { toPlainText as htmlToPlainText } from '../text/html.ts';

/**
 * Control characters, noncharacters and lone surrogates never belong in metadata output
 * (XML 1.0 section 2.2 forbids most of them; a lone surrogate cannot be encoded as UTF-8).
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strip control characters and collapse runs of whitespace to one space. */
export function toCleanText(value: string | undefined | null): string {
  if (!value) return '';
  return value.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}

/**
 * One line of plain text from a value that may carry HTML (abstracts often do): the shared
 * HTML-to-text conversion, then control characters stripped and whitespace collapsed.
 * Not a sanitizer: output must still be escaped for its format.
 */
export function toPlainText(value: string | undefined | null): string {
  return value ? toCleanText(htmlToPlainText(value)) : '';
}

/** The main title: the first title without a titleType, else the first title. */
export function toMainTitle(record: GranaryRecord): string {
  const titles = record.titles ?? [];
  const main = titles.find((t) => !t.titleType) ?? titles[0];
  // The subtitle of the main title; a record whose only title is a subtitle has no other.
  const subtitle = titles.find((t) => t.titleType === 'Subtitle' && t !== main);
  const text = toCleanText(main?.title);
  return subtitle && main ? `${text}: ${toCleanText(subtitle.title)}` : text;
}

/** The first abstract (or, failing that, the first description) as plain text. */
export function toAbstract(record: GranaryRecord): string {
  const ds: Description[] = record.descriptions ?? [];
  const d = ds.find((x) => x.descriptionType === 'Abstract') ?? ds[0];
  return toPlainText(d?.description);
}

/** https://doi.org/<doi>, or undefined. The DOI is kept as stored (DOIs are case-insensitive). */
export function toDoiUrl(record: GranaryRecord): string | undefined {
  return record.doi ? `https://doi.org/${encodeDoiPath(record.doi)}` : undefined;
}

/** Percent-encode what cannot stand in a URL path, keeping the DOI's slashes readable. */
function encodeDoiPath(doi: string): string {
  return doi.split('/').map(encodeURIComponent).join('/');
}

/** The record's landing page in this repository. */
export function toLandingUrl(record: GranaryRecord, baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/records/${encodeURIComponent(record.id)}`;
}

/** Where to point a reader: the record's own url, else our landing page. */
export function toRecordUrl(record: GranaryRecord, baseUrl: string): string {
  return record.url ?? toLandingUrl(record, baseUrl);
}

/** Personal names with family/given; organisations (and unsplittable names) as literal. */
export interface SplitName {
  family?: string;
  given?: string;
  literal?: string;
}

/**
 * Split a DataCite creator into family/given. A name without nameType is treated as a
 * person only when it has givenName/familyName or the "Family, Given" form DataCite asks for.
 */
export function toSplitName(creator: Pick<Creator, 'name' | 'nameType' | 'givenName' | 'familyName'>): SplitName | undefined {
  const family = toCleanText(creator.familyName);
  const given = toCleanText(creator.givenName);
  const name = toCleanText(creator.name);
  if (creator.nameType === 'Organizational') return name ? { literal: name } : undefined;
  if (family) return given ? { family, given } : { family };
  const comma = name.indexOf(',');
  if (comma > 0 && creator.nameType !== undefined) {
    const f = name.slice(0, comma).trim();
    const g = name.slice(comma + 1).trim();
    return g ? { family: f, given: g } : { family: f };
  }
  if (comma > 0 && given) return { family: name.slice(0, comma).trim(), given };
  if (comma > 0 && looksLikeFamilyGiven(name)) {
    return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() };
  }
  return name ? { literal: name } : given ? { literal: given } : undefined;
}

/** "Fenner, Martin" yes; "University of Oslo, Department of Physics" no (too many words). */
function looksLikeFamilyGiven(name: string): boolean {
  const m = /^([^,]+), ([^,]+)$/.exec(name);
  if (!m) return false;
  return m[1].split(' ').length <= 3 && m[2].split(' ').length <= 4;
}

/** An absolute http(s) URL: the only kind of URL from record data that becomes a link. */
export function isWebUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\/\S+$/i.test(url);
}

/** The ORCID of a creator as an https URL, if it has one. */
export function toOrcidUrl(creator: Creator): string | undefined {
  const id = creator.nameIdentifiers?.find((n) => /orcid/i.test(n.nameIdentifierScheme ?? ''));
  if (!id) return undefined;
  const bare = toCleanText(id.nameIdentifier).replace(/^https?:\/\/(www\.)?orcid\.org\//i, '');
  return /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/i.test(bare) ? `https://orcid.org/${bare.toUpperCase()}` : undefined;
}

/** The ROR URL of an organisation creator (nameIdentifierScheme ROR), or undefined. */
export function toRorUrl(creator: Creator): string | undefined {
  const id = creator.nameIdentifiers?.find((n) => /^ror$/i.test(n.nameIdentifierScheme ?? ''));
  const bare = id?.nameIdentifier.trim().replace(/^https?:\/\/(www\.)?ror\.org\//i, '');
  // A ROR id is 0, six characters of Crockford base32, and two check digits.
  return bare && /^0[a-hj-km-np-tv-z0-9]{6}\d{2}$/i.test(bare) ? `https://ror.org/${bare.toLowerCase()}` : undefined;
}
