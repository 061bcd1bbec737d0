/**
 * Splits a query string into tokens for query-parser.ts. Lenient where a user would
 * expect it: a quote with no partner is ignored (its words are searched as plain words),
 * `Re: climate` is text (a field needs a value right after its colon) and `http://x` is
 * text. Strict where guessing would change the meaning: an unknown field name and an
 * unclosed range are errors naming their offset.
 */
import { BadRequest } from '../errors.ts';
import { QUERY_FIELDS, type TermField, type TextField } from './ast.ts';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus'; offset: number }
  | { kind: 'word' | 'phrase'; value: string; offset: number }
  | { kind: 'field'; name: TextField | TermField; offset: number }
  | { kind: 'range'; name: TextField | TermField; lower: string; upper: string; lowerInclusive: boolean; upperInclusive: boolean; offset: number };

const OPERATORS: Record<string, 'and' | 'or' | 'not'> = { AND: 'and', '&&': 'and', OR: 'or', '||': 'or', NOT: 'not', '!': 'not' };
const FIELD_PREFIX = /([A-Za-z_][A-Za-z0-9_]*):(?=\S)/y;
const WORD = /[^\s()"]+/y;
const RANGE_BODY = /^\s*(\S+)\s+TO\s+(\S+)\s*$/;

/** The error every query problem becomes: 400 with a pointer to the query parameter. */
export function toQueryError(offset: number, problem: string): BadRequest {
  const message = `Invalid query at offset ${offset}: ${problem}`;
  return new BadRequest(message, [{ pointer: '/q', message }]);
}

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

/** Tokenize `q`; offsets are 0-based indexes into `q`. */
export function toQueryTokens(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', offset: i });
      i++;
    } else if (c === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) {
        i++; // a stray quote is literal text, and the analyzer drops punctuation anyway
      } else {
        tokens.push({ kind: 'phrase', value: q.slice(i + 1, end), offset: i });
        i = end + 1;
      }
    } else if ((c === '-' || c === '+' || c === '!') && !isSpace(q[i + 1]) && !'-+)'.includes(q[i + 1])) {
      // Prefix `-` and `!` are NOT (as in Lucene's syntax: `!ocean` is NOT ocean, not
      // "ocean"); prefix `+` (required) is what implicit AND already means.
      if (c === '-') tokens.push({ kind: 'minus', offset: i });
      if (c === '!') tokens.push({ kind: 'not', offset: i });
      i++;
    } else {
      i = readFieldOrWord(q, i, tokens);
    }
  }
  return tokens;
}

function readFieldOrWord(q: string, start: number, tokens: Token[]): number {
  FIELD_PREFIX.lastIndex = start;
  const m = FIELD_PREFIX.exec(q);
  if (m && !q.startsWith('//', FIELD_PREFIX.lastIndex)) {
    const name = m[1].toLowerCase() as TextField | TermField;
    if (!QUERY_FIELDS.includes(name)) {
      throw toQueryError(start, `unknown field "${m[1]}"; the fields are ${QUERY_FIELDS.join(', ')}.`);
    }
    const valueAt = FIELD_PREFIX.lastIndex;
    if (q[valueAt] === '[' || q[valueAt] === '{') {
      const close = rangeEnd(q, valueAt);
      tokens.push(toRangeToken(q, name, start, valueAt, close));
      return close + 1;
    }
    tokens.push({ kind: 'field', name, offset: start });
    return valueAt;
  }
  WORD.lastIndex = start;
  const word = (WORD.exec(q) as RegExpExecArray)[0];
  const op = OPERATORS[word];
  tokens.push(op ? { kind: op, offset: start } : { kind: 'word', value: word, offset: start });
  return start + word.length;
}

function rangeEnd(q: string, open: number): number {
  const close = q.slice(open).search(/[\]}]/);
  return close < 0 ? -1 : open + close;
}

/** `year:[2000 TO 2010]`: `[ ]` include their bound, `{ }` exclude it (Lucene syntax); `*` is open. */
function toRangeToken(q: string, name: TextField | TermField, fieldAt: number, open: number, close: number): Token {
  if (close < 0) {
    throw toQueryError(open, `the range opened here is never closed; write it as [2000 TO 2010], {2000 TO 2010} or [2000 TO *].`);
  }
  const body = RANGE_BODY.exec(q.slice(open + 1, close));
  if (!body) {
    throw toQueryError(open, `a range is written [FROM TO UNTIL], e.g. [2000 TO 2010]; use * for an open end.`);
  }
  return { kind: 'range', name, lower: body[1], upper: body[2], lowerInclusive: q[open] === '[', upperInclusive: q[close] === ']', offset: fieldAt };
}
