/**
 * GranaryRecord -> one BibTeX entry, built from the CSL-JSON item. Field values are braced
 * and LaTeX-escaped; UTF-8 is kept as is (biber and bibtex8 read it, and escaping every
 * non-ASCII letter as a TeX accent is lossy for non-Latin scripts).
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { CslType } from '../csl/csl-type.ts';
import { toYear } from '../csl/dates.ts';
import type { SplitName } from '../csl/record-fields.ts';
import { toCleanText, toPlainText } from '../csl/record-fields.ts';
import { toCsl, toPageRange, type CslItem } from '../csl/to-csl.ts';

const ENTRY_TYPE: Partial<Record<CslType, string>> = {
  'article-journal': 'article',
  'article-magazine': 'article',
  'article-newspaper': 'article',
  book: 'book',
  chapter: 'incollection',
  'paper-conference': 'inproceedings',
  report: 'techreport',
  manuscript: 'unpublished',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The BibTeX entry type: thesis by level, proceedings volumes as @proceedings, else @misc. */
export function toBibtexType(record: GranaryRecord, type: CslType): string {
  if (type === 'thesis') return /master|msc|m\.sc|magister/i.test(record.types?.resourceType ?? '') ? 'mastersthesis' : 'phdthesis';
  if (record.types?.resourceTypeGeneral === 'ConferenceProceeding') return 'proceedings';
  return ENTRY_TYPE[type] ?? 'misc';
}

/** Escape the ten characters special to (La)TeX inside a braced field value. */
export function toLatexText(value: string): string {
  return toCleanText(value).replace(/[\\{}$&%#_~^]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\textbackslash{}';
      case '~':
        return '\\textasciitilde{}';
      case '^':
        return '\\textasciicircum{}';
      default:
        return `\\${c}`;
    }
  });
}

/** "first--last" (BibTeX's en dash between pages), or the one page. */
function toBibtexPages(item: CslItem): string {
  const { first, last } = toPageRange(item);
  return last ? `${toLatexText(first ?? '')}--${toLatexText(last)}` : toLatexText(first ?? '');
}

/** Names joined by " and "; an organisation is double-braced so BibTeX does not split or invert it. */
function toBibtexNames(names: SplitName[]): string {
  return names
    .map((n) => {
      if (n.literal) return `{${toLatexText(n.literal)}}`;
      // A name part holding " and " would be read as two people (BibTeX name parsing).
      const safe = (part: string) => (/\sand\s/i.test(part) ? `{${part}}` : part);
      const family = safe(toLatexText(n.family ?? ''));
      return n.given ? `${family}, ${safe(toLatexText(n.given))}` : family;
    })
    .join(' and ');
}

/** A citation key from the first author, the year and the first title word: curie2021radioactive. */
export function toCitationKey(item: CslItem): string {
  const first = item.author?.[0];
  const who = first?.family ?? first?.literal ?? 'anon';
  const word = (item.title ?? '').split(/\s+/).find((w) => w.length > 3) ?? '';
  const ascii = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const key = `${ascii(who).slice(0, 20)}${toYear(item.issued) ?? ''}${ascii(word).slice(0, 20)}`;
  return key || ascii(item.id) || 'record';
}

/**
 * doi and url are verbatim fields in biblatex, and natbib styles wrap them in \url or
 * \doi: LaTeX escapes would end up in the link ("10.1234/x\_y"). Only braces, which
 * would unbalance the field, and the backslash, which escapes the closing brace after it
 * ("10.5555/end\" ended the entry), are percent-encoded, as they are in a URL.
 */
function toVerbatim(s: string): string {
  return s.replace(/[{}\\]/g, (c) => encodeURIComponent(c));
}

/** The fields of one entry in output order, empty ones dropped. */
function toFields(record: GranaryRecord, item: CslItem, entryType: string): [string, string][] {
  const container = item['container-title'];
  const date = item.issued?.['date-parts']?.[0];
  const month = typeof date?.[1] === 'number' ? MONTHS[date[1] - 1] : undefined;
  const fields: [string, string | undefined][] = [
    ['author', item.author ? toBibtexNames(item.author) : undefined],
    ['editor', item.editor ? toBibtexNames(item.editor) : undefined],
    ['title', item.title && `{${toLatexText(toPlainText(item.title))}}`],
    ['journal', entryType === 'article' ? container && toLatexText(container) : undefined],
    ['booktitle', ['incollection', 'inproceedings'].includes(entryType) ? container && toLatexText(container) : undefined],
    ['year', String(toYear(item.issued) ?? '') || undefined],
    ['month', month],
    ['volume', item.volume && toLatexText(item.volume)],
    ['number', item.issue && toLatexText(item.issue)],
    ['pages', item.page && toBibtexPages(item)],
    [entryType.endsWith('thesis') ? 'school' : entryType === 'techreport' ? 'institution' : 'publisher', item.publisher && toLatexText(item.publisher)],
    ['edition', item.edition && toLatexText(item.edition)],
    ['version', item.version && toLatexText(item.version)],
    ['type', item.genre && toLatexText(item.genre)],
    ['doi', item.DOI && toVerbatim(item.DOI)],
    ['url', item.URL && toVerbatim(item.URL)],
    ['issn', item.ISSN && toLatexText(item.ISSN)],
    ['isbn', item.ISBN && toLatexText(item.ISBN)],
    ['language', item.language && toLatexText(item.language)],
    ['keywords', item.keyword && toLatexText(item.keyword)],
    ['copyright', record.rightsList?.[0]?.rights && toLatexText(record.rightsList[0].rights)],
    ['abstract', item.abstract && toLatexText(item.abstract)],
  ];
  return fields.filter((f): f is [string, string] => Boolean(f[1]));
}

/** One BibTeX entry; `key` overrides the generated citation key (lists make keys unique). */
export function toBibtex(record: GranaryRecord, options: { baseUrl: string; key?: string }): string {
  const item = toCsl(record, options);
  const entryType = toBibtexType(record, item.type);
  const key = options.key ?? toCitationKey(item);
  // month is the bare macro (jan...dec), so styles print the month's name in their language.
  const body = toFields(record, item, entryType).map(([k, v]) => (k === 'month' ? `  month = ${v}` : `  ${k} = {${v}}`));
  return `@${entryType}{${key},\n${body.join(',\n')}\n}\n`;
}

/** Several entries; repeated keys get a, b, c... suffixes as BibTeX requires unique keys. */
export function toBibtexList(records: GranaryRecord[], options: { baseUrl: string }): string {
  const seen = new Map<string, number>();
  return records
    .map((record) => {
      const base = toCitationKey(toCsl(record, options));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return toBibtex(record, { ...options, key: n === 0 ? base : `${base}${toSuffix(n)}` });
    })
    .join('\n');
}

function toSuffix(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(97 + ((i - 1) % 26)) + s;
  return s;
}
