/**
 * UTC datestamps (OAI-PMH 2.0 section 3.3): the repository declares seconds granularity,
 * YYYY-MM-DDThh:mm:ssZ, and accepts from/until in that form or as a day, YYYY-MM-DD.
 */

/** A from/until value read from a request. */
export interface OaiDate {
  granularity: 'day' | 'seconds';
  /** The first instant the value covers. */
  start: Date;
  /**
   * The first instant after the value: a bound is inclusive (section 3.3.1), and an until
   * of 2024-05-01 covers the whole day, of 12:00:05 the whole second. Datestamps are
   * stored with microseconds, so `datestamp < end` is the inclusive upper bound.
   */
  end: Date;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
// Same shapes with fractions of a second, or minutes only: finer or other granularities.
const OTHER_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** Parse a from/until value; a string describing the problem when it is not acceptable. */
export function parseOaiDate(value: string): OaiDate | string {
  let m = DAY.exec(value);
  if (m) {
    const start = toUtc(+m[1], +m[2], +m[3], 0, 0, 0);
    if (!start) return `"${value}" is not a calendar date`;
    return { granularity: 'day', start, end: new Date(start.getTime() + 86_400_000) };
  }
  m = SECONDS.exec(value);
  if (m) {
    const start = toUtc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
    if (!start) return `"${value}" is not a valid date and time`;
    return { granularity: 'seconds', start, end: new Date(start.getTime() + 1000) };
  }
  if (OTHER_UTC.test(value)) {
    // Section 3.3.2: a granularity the repository does not support is a badArgument.
    return `"${value}" has a granularity this repository does not support; use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`;
  }
  return `"${value}" is not a UTC date (YYYY-MM-DD) or date and time (YYYY-MM-DDThh:mm:ssZ)`;
}

function toUtc(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | null {
  // OAI-PMH.xsd's UTCdatetimeType is xs:date or xs:dateTime of XML Schema 1.0, which has no
  // year 0000 (section 3.2.7: "'0000' is not a valid year"); PostgreSQL has none either.
  if (y < 1) return null;
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  t.setUTCFullYear(y); // years 0000-0099 are not 1900-1999
  const ok = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
  return ok ? t : null;
}

/**
 * The bound as an ISO timestamp for SQL, or null when it lies past year 9999: PostgreSQL
 * cannot read "+010000-01-01T00:00:00.000Z" (an until of 9999-12-31 ends there), and no
 * datestamp can reach it, so such an until bounds nothing.
 */
export function toSqlBound(d: Date): string | null {
  return d.getUTCFullYear() <= 9999 ? d.toISOString() : null;
}

/** A Date as an OAI datestamp at seconds granularity: 2024-05-01T12:00:05Z. */
export function toOaiDatestamp(d: Date): string {
  return d.toISOString().slice(0, 19) + 'Z';
}
