/**
 * GranaryRecord -> one RIS record, built from the CSL-JSON item. RIS is line-based
 * ("TY  - JOUR"), so every value is flattened to one line; lines end in CRLF as the RIS
 * specification (Research Information Systems, 2012) shows and as EndNote writes them.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { CslType } from '../csl/csl-type.ts';
import type { CslDate } from '../csl/dates.ts';
import { toCleanText, toPlainText } from '../csl/record-fields.ts';
import { toCsl, toPageRange } from '../csl/to-csl.ts';

const RIS_TYPE: Partial<Record<CslType, string>> = {
  'article-journal': 'JOUR',
  'article-magazine': 'MGZN',
  'article-newspaper': 'NEWS',
  article: 'UNPB',
  book: 'BOOK',
  chapter: 'CHAP',
  'paper-conference': 'CPAPER',
  thesis: 'THES',
  report: 'RPRT',
  dataset: 'DATA',
  software: 'COMP',
  graphic: 'FIGURE',
  motion_picture: 'VIDEO',
  song: 'SOUND',
  standard: 'STAND',
  speech: 'SLIDE',
  map: 'MAP',
  patent: 'PAT',
  webpage: 'ELEC',
  'post-weblog': 'BLOG',
  periodical: 'JFULL',
  manuscript: 'MANSCPT',
};

/** The RIS reference type for a CSL type; GEN (generic) when RIS has nothing closer. */
export function toRisType(record: GranaryRecord, type: CslType): string {
  if (record.types?.resourceTypeGeneral === 'ConferenceProceeding') return 'CONF';
  return RIS_TYPE[type] ?? 'GEN';
}

/** DA: YYYY/MM/DD/ with empty parts left empty (RIS date format). */
function toRisDate(date: CslDate | undefined): string | undefined {
  const parts = date?.['date-parts']?.[0];
  if (!parts) return undefined;
  const pad = (n: number | string | undefined) => (n === undefined ? '' : String(n).padStart(2, '0'));
  return `${parts[0]}/${pad(parts[1])}/${pad(parts[2])}/`;
}

/** One RIS record, ending in "ER  - ". */
export function toRis(record: GranaryRecord, options: { baseUrl: string }): string {
  const item = toCsl(record, options);
  const lines: [string, string | undefined][] = [['TY', toRisType(record, item.type)]];
  for (const n of item.author ?? []) lines.push(['AU', n.literal ?? (n.given ? `${n.family}, ${n.given}` : n.family)]);
  for (const n of item.editor ?? []) lines.push(['ED', n.literal ?? (n.given ? `${n.family}, ${n.given}` : n.family)]);
  lines.push(['TI', toPlainText(item.title)]);
  lines.push(['T2', item['container-title']]);
  const year = item.issued?.['date-parts']?.[0]?.[0];
  lines.push(['PY', year === undefined ? undefined : String(year)]);
  lines.push(['DA', toRisDate(item.issued)]);
  lines.push(['VL', item.volume], ['IS', item.issue]);
  const pages = toPageRange(item);
  lines.push(['SP', pages.first], ['EP', pages.last]);
  lines.push(['PB', item.publisher], ['ET', item.version]);
  lines.push(['SN', item.ISSN ?? item.ISBN], ['DO', item.DOI], ['UR', item.URL], ['LA', item.language]);
  lines.push(['M3', item.genre]);
  for (const s of record.subjects ?? []) lines.push(['KW', s.subject]);
  lines.push(['AB', item.abstract]);
  const body = lines
    .map(([tag, value]) => [tag, toCleanText(value)] as const)
    .filter(([, value]) => value !== '')
    .map(([tag, value]) => `${tag}  - ${value}`);
  return `${body.join('\r\n')}\r\nER  - \r\n`;
}

/** Several RIS records, separated by a blank line. */
export function toRisList(records: GranaryRecord[], options: { baseUrl: string }): string {
  return records.map((r) => toRis(r, options)).join('\r\n');
}
