/**
 * DataCite dates (W3CDTF and EDTF, including intervals) to CSL date variables. CSL-JSON
 * 1.0.2 allows at most two date-parts (a range); anything we cannot read is kept as
 * `literal` so no information is lost and no invalid number is emitted.
 */
import type { GranaryRecord } from '../../src/records/types.ts';

/** A CSL date variable as csl-data.json defines it. */
export interface CslDate {
  'date-parts'?: (number | string)[][];
  literal?: string;
  circa?: boolean;
  raw?: string;
}

/** YYYY, YYYY-MM, YYYY-MM-DD with an optional time part, EDTF ?~% qualifiers and negative years. */
const POINT = /^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?([?~%]?)$/;

function toParts(text: string): { parts: number[]; approximate: boolean } | undefined {
  const m = POINT.exec(text.trim());
  if (!m) return undefined;
  const parts = [Number(m[1])];
  const month = m[2] ? Number(m[2]) : undefined;
  const day = m[3] ? Number(m[3]) : undefined;
  // EDTF seasons (21-24) and unspecified months are not calendar months: keep the year only.
  if (month !== undefined && month >= 1 && month <= 12) {
    parts.push(month);
    if (day !== undefined && day >= 1 && day <= 31) parts.push(day);
  }
  return { parts, approximate: m[4] !== '' };
}

/**
 * A CSL date from one DataCite/EDTF date string. Intervals (`2019/2020`, open `../2020`)
 * become a two-element date-parts range, or a one-element one when one end is open.
 */
export function toCslDate(value: string | undefined): CslDate | undefined {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  const ends = text.split('/');
  if (ends.length === 2) {
    const from = ends[0] === '..' || ends[0] === '' ? undefined : toParts(ends[0]);
    const to = ends[1] === '..' || ends[1] === '' ? undefined : toParts(ends[1]);
    const known = [from, to].filter((x) => x !== undefined);
    if (known.length === 0 || (from === undefined && !['..', ''].includes(ends[0])) || (to === undefined && !['..', ''].includes(ends[1]))) {
      return { literal: text };
    }
    const date: CslDate = { 'date-parts': known.map((k) => k.parts) };
    if (known.some((k) => k.approximate)) date.circa = true;
    return date;
  }
  const point = toParts(text);
  if (!point) return { literal: text };
  return point.approximate ? { 'date-parts': [point.parts], circa: true } : { 'date-parts': [point.parts] };
}

/**
 * When the record was issued: its Issued date when readable, else its publicationYear
 * (DataCite 4 requires the latter, so this is usually defined).
 */
export function toIssuedDate(record: GranaryRecord): CslDate | undefined {
  const issued = record.dates?.find((d) => d.dateType === 'Issued');
  const fromIssued = toCslDate(issued?.date);
  if (fromIssued?.['date-parts']) return fromIssued;
  const year = toCslDate(record.publicationYear);
  return year?.['date-parts'] ? year : (fromIssued ?? year);
}

/** The first year of a CSL date, for formats that only hold a year. */
export function toYear(date: CslDate | undefined): number | undefined {
  const first = date?.['date-parts']?.[0]?.[0];
  return typeof first === 'number' ? first : undefined;
}
