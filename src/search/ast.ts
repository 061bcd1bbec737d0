/**
 * The search query AST: what `parseQuery` (query-parser.ts) produces from a user's query
 * string, and what every search engine translates (src/search/pg/translate.ts to SQL; an
 * OpenSearch engine to its query DSL). Engines must give the same meaning to each node:
 *
 * - `all`: matches every record. The parse of an empty query (or one with no words).
 * - `text`: full-text match. `field` null searches titles, creators, subjects and
 *   descriptions; `title` / `creator` / `subject` search only that part. `phrase` false:
 *   every word of `value` must occur (in any order); true: the words must occur in this
 *   order, adjacent. Words are split and lower-cased the way the engine's analyzer does
 *   ('simple': no stemming, no stop words).
 * - `term`: exact, case-insensitive match of a keyword field: `type` is DataCite
 *   `types.resourceTypeGeneral`, `doi` the record's DOI (without a resolver prefix),
 *   `publisher` the whole publisher name, `language` the language code. For `year`,
 *   `value` is a whole number as a string and matches `publicationYear`.
 * - `range`: `year` between `from` and `to`; a missing bound is open; `inclusive` says
 *   whether that bound itself matches. Records without a year never match.
 * - `and` / `or`: every / at least one child matches (two or more children).
 * - `not`: the child does not match.
 */

/** Fields searched by full-text matching. */
export type TextField = 'title' | 'creator' | 'subject';
/** Fields matched as whole keywords. */
export type TermField = 'type' | 'year' | 'doi' | 'publisher' | 'language';
/** Fields that take a range. */
export type RangeField = 'year';

/** Every field name the query syntax accepts before a colon. */
export const QUERY_FIELDS: readonly (TextField | TermField)[] = ['title', 'creator', 'subject', 'type', 'year', 'doi', 'publisher', 'language'];

/** One end of a range. */
export interface RangeBound {
  value: number;
  inclusive: boolean;
}

/** A parsed search query; see the file comment for each node's meaning. */
export type QueryNode =
  | { type: 'all' }
  | { type: 'text'; field: TextField | null; value: string; phrase: boolean }
  | { type: 'term'; field: TermField; value: string }
  | { type: 'range'; field: RangeField; from: RangeBound | null; to: RangeBound | null }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };
