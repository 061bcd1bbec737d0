/** The Accept header (RFC 9110 12.5.1) parsed into media ranges with weights and parameters. */

/** One media range: `type/subtype` (either may be `*`), its weight and its other parameters. */
export interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  /** Parameters other than q, names lower-cased, values unquoted. */
  params: Record<string, string>;
}

/** Split on a separator outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (c === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parse an Accept header. Malformed ranges are skipped rather than failing the request, as
 * RFC 9110 12.5.1 lets a server ignore what it cannot parse. A q outside the qvalue grammar
 * (12.4.2: 0 to 1, three decimals) is read for what it plainly means when it is a number
 * (".5" is 0.5, "0.0001" a small weight, "1.5" is 1); a range whose q is not a number at
 * all ("q=abc") is skipped: it must never outrank the ranges that were written correctly.
 */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return [];
  const ranges: MediaRange[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    const [mediaType, ...paramParts] = splitOutsideQuotes(part, ';');
    const [type, subtype, extra] = mediaType.trim().toLowerCase().split('/');
    if (!type || !subtype || extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) continue;
    if (type === '*' && subtype !== '*') continue;
    let q = 1;
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      let value = p.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      if (name === 'q') {
        const n = value === '' ? NaN : Number(value);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : NaN;
      } else if (name) params[name] = value;
    }
    if (Number.isNaN(q)) continue;
    ranges.push({ type, subtype, q, params });
  }
  return ranges;
}

/** How specifically a range names a media type: 3 exact, 2 type/*, 1 *\/*, 0 no match. */
export function toSpecificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  if (range.type === type && range.subtype === subtype) return 3;
  if (range.type === type && range.subtype === '*') return 2;
  if (range.type === '*' && range.subtype === '*') return 1;
  return 0;
}

/**
 * For one media type: the weight the client gives it, or undefined if no range matches. The
 * most specific matching range decides (RFC 9110 12.5.1: "text/*;q=0.1,
 * text/x-bibliography;q=0.9" gives 0.9); among equally specific ranges (one type asked for
 * twice with different style parameters) the highest q wins and lends its parameters.
 */
export function toAcceptWeight(ranges: MediaRange[], mediaType: string): { q: number; params: Record<string, string> } | undefined {
  let best: { spec: number; range: MediaRange } | undefined;
  for (const range of ranges) {
    const spec = toSpecificity(range, mediaType);
    if (spec === 0) continue;
    if (!best || spec > best.spec || (spec === best.spec && range.q > best.range.q)) best = { spec, range };
  }
  if (!best) return undefined;
  // Wildcards carry no format parameters: `*/*;style=apa` means nothing for a citation.
  return { q: best.range.q, params: best.spec === 3 ? best.range.params : {} };
}
