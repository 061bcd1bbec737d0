/**
 * The query syntax, parsed once into the AST of ast.ts:
 *
 *   climate "sea level"            words and phrases; terms side by side are ANDed
 *   title:ocean  creator:"Smith, J" a field prefix: title, creator, subject, type, year,
 *                                   doi, publisher, language; `title:(a OR b)` applies the
 *                                   field to a group
 *   a AND b, a OR b, NOT a, -a      boolean operators (upper case, as in Lucene), grouped
 *                                   with ( ); precedence NOT > AND > OR
 *   year:[2000 TO 2010]             ranges on year: [ ] inclusive, { } exclusive, * open
 *
 * Errors are BadRequest with pointer /q and a message naming the offset and what is
 * allowed. Nothing here builds SQL: values stay data until an engine parameterizes them.
 */
import type { QueryNode, RangeBound, TermField, TextField } from './ast.ts';
import { toQueryError, toQueryTokens, type Token } from './query-lexer.ts';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 2000;
const MAX_DEPTH = 20;
const MAX_CLAUSES = 200;
const TEXT_FIELDS: readonly string[] = ['title', 'creator', 'subject'];
// The analyzer splits on everything else; a word with no letter or digit searches nothing.
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i;

type Field = TextField | TermField;

class Parser {
  private pos = 0;
  private depth = 0;
  private clauses = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): QueryNode {
    if (this.tokens.length === 0) return { type: 'all' };
    const node = this.parseOr(null);
    const extra = this.tokens[this.pos];
    if (extra) {
      throw toQueryError(extra.offset, extra.kind === 'rparen' ? 'this ")" has no matching "(".' : 'unexpected text.');
    }
    return node ?? { type: 'all' };
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private where(): number {
    return this.peek()?.offset ?? this.length;
  }

  private parseOr(field: Field | null): QueryNode | null {
    const children = [this.parseAnd(field)];
    while (this.peek()?.kind === 'or') {
      const op = this.tokens[this.pos++];
      this.requireOperand(op, 'OR');
      children.push(this.parseAnd(field));
    }
    return combine('or', children);
  }

  private parseAnd(field: Field | null): QueryNode | null {
    const children = [this.parseUnary(field)];
    for (;;) {
      const next = this.peek();
      if (next?.kind === 'and') {
        this.pos++;
        this.requireOperand(next, 'AND');
      } else if (!next || next.kind === 'or' || next.kind === 'rparen') {
        break;
      }
      children.push(this.parseUnary(field));
    }
    return combine('and', children);
  }

  private parseUnary(field: Field | null): QueryNode | null {
    // NOT NOT a is a: a run of negations is counted, not nested. Nested, each one deepened
    // the SQL by a level, and a few hundred in a 1 kB query made PGlite fail the statement.
    let negations = 0;
    for (let t = this.peek(); t?.kind === 'not' || t?.kind === 'minus'; t = this.peek()) {
      this.pos++;
      this.requireOperand(t, t.kind === 'not' ? 'NOT' : '-');
      negations++;
    }
    const child = this.parsePrimary(field);
    return child && negations % 2 === 1 ? { type: 'not', child } : child;
  }

  private requireOperand(op: Token, name: string): void {
    const next = this.peek();
    if (!next || next.kind === 'rparen' || next.kind === 'and' || next.kind === 'or') {
      throw toQueryError(op.offset, `${name} needs a term on each side, e.g. "ocean ${name === '-' ? '-ice' : `${name} ice`}".`);
    }
  }

  private parsePrimary(field: Field | null): QueryNode | null {
    const t = this.tokens[this.pos++];
    if (!t) throw toQueryError(this.length, 'the query ends where a term was expected.');
    if (++this.clauses > MAX_CLAUSES) throw toQueryError(t.offset, `a query may have at most ${MAX_CLAUSES} terms.`);
    switch (t.kind) {
      case 'lparen':
        return this.parseGroup(t, field);
      case 'field':
        return this.parseFieldValue(t.name, t.offset);
      case 'range':
        return toRangeNode(t);
      case 'word':
      case 'phrase':
        return toValueNode(field, t.value, t.kind === 'phrase', t.offset);
      case 'rparen':
        throw toQueryError(t.offset, 'this ")" has no matching "(".');
      default:
        throw toQueryError(t.offset, `${t.kind.toUpperCase()} needs a term on each side, e.g. "ocean ${t.kind.toUpperCase()} ice".`);
    }
  }

  private parseGroup(open: Token, field: Field | null): QueryNode | null {
    if (++this.depth > MAX_DEPTH) throw toQueryError(open.offset, `parentheses may nest at most ${MAX_DEPTH} deep.`);
    if (this.peek()?.kind === 'rparen') throw toQueryError(open.offset, 'empty parentheses; put a term inside or remove them.');
    const node = this.parseOr(field);
    if (this.peek()?.kind !== 'rparen') {
      throw toQueryError(open.offset, `this "(" is never closed; add ")" (found ${this.peek() ? 'more text' : 'the end of the query'} at offset ${this.where()}).`);
    }
    this.pos++;
    this.depth--;
    return node;
  }

  private parseFieldValue(name: Field, offset: number): QueryNode | null {
    const v = this.peek();
    if (v?.kind === 'lparen') {
      this.pos++;
      return this.parseGroup(v, name);
    }
    if (v?.kind !== 'word' && v?.kind !== 'phrase') {
      throw toQueryError(offset, `${name}: needs a value right after the colon, e.g. ${name}:value or ${name}:"two words".`);
    }
    this.pos++;
    return toValueNode(name, v.value, v.kind === 'phrase', v.offset);
  }
}

function combine(type: 'and' | 'or', nodes: (QueryNode | null)[]): QueryNode | null {
  const children = nodes.filter((n): n is QueryNode => n !== null);
  if (children.length <= 1) return children[0] ?? null;
  return { type, children };
}

function toValueNode(field: Field | null, raw: string, phrase: boolean, offset: number): QueryNode | null {
  const value = raw.trim();
  if (field === null || TEXT_FIELDS.includes(field)) {
    if (!HAS_WORD_CHAR.test(value)) return null;
    return { type: 'text', field: field as TextField | null, value, phrase };
  }
  if (value === '') throw toQueryError(offset, `${field}: needs a value.`);
  switch (field) {
    case 'year':
      return { type: 'term', field, value: String(toYear(value, offset)) };
    case 'doi':
      return { type: 'term', field, value: value.replace(DOI_PREFIX, '').toLowerCase() };
    default:
      return { type: 'term', field: field as TermField, value };
  }
}

function toYear(raw: string, offset: number): number {
  if (!/^-?\d{1,6}$/.test(raw)) {
    throw toQueryError(offset, `year takes a whole number such as year:2014, or a range such as year:[2000 TO 2010].`);
  }
  return Number(raw);
}

function toBound(raw: string, inclusive: boolean, offset: number): RangeBound | null {
  return raw === '*' ? null : { value: toYear(raw, offset), inclusive };
}

function toRangeNode(t: Extract<Token, { kind: 'range' }>): QueryNode {
  if (t.name !== 'year') {
    throw toQueryError(t.offset, `ranges are allowed on year only, e.g. year:[2000 TO 2010]; ${t.name} takes a word or a "phrase".`);
  }
  return { type: 'range', field: 'year', from: toBound(t.lower, t.lowerInclusive, t.offset), to: toBound(t.upper, t.upperInclusive, t.offset) };
}

/**
 * Parse a user's query string into the search AST. Throws BadRequest (pointer /q) on
 * syntax it cannot read.
 * @example parseQuery('title:ocean AND year:[2000 TO *]')
 */
export function parseQuery(q: string | undefined): QueryNode {
  const text = (q ?? '').normalize('NFC');
  if (text.length > MAX_QUERY_LENGTH) {
    throw toQueryError(MAX_QUERY_LENGTH, `a query may be at most ${MAX_QUERY_LENGTH} characters long.`);
  }
  return new Parser(toQueryTokens(text), text.length).parse();
}
