/**
 * Checks a SearchRequest once, for every engine: the query parsed to its AST, filters,
 * sort and paging validated, defaults filled in. Errors are BadRequest naming the
 * parameter (/q, /sort, /page, /size, /facets, /<filter>).
 */
import { BadRequest } from '../errors.ts';
import type { Identity } from '../access/identity.ts';
import type { QueryNode } from './ast.ts';
import type { SearchRequest, SearchSort } from './engine.ts';
import { parseFacetSelection, parseFilters, type FacetName } from './facets.ts';
import { parseQuery } from './query-parser.ts';

/** Deepest hit a search may page to, as Elasticsearch's default index.max_result_window. */
export const MAX_RESULT_WINDOW = 10_000;
/** Page size when none is asked for. */
export const DEFAULT_PAGE_SIZE = 10;
const SORTS: readonly SearchSort[] = ['bestmatch', 'newest', 'oldest', 'title'];

/** A validated search request. */
export interface ParsedSearch {
  query: QueryNode;
  filters: Partial<Record<FacetName, string[]>>;
  sort: SearchSort;
  page: number;
  size: number;
  identity: Identity;
  /** The facets to compute, in FACETS order; empty for none. */
  facets: FacetName[];
}

function invalid(name: string, message: string): BadRequest {
  return new BadRequest(`Invalid ${name}: ${message}`, [{ pointer: `/${name}`, message }]);
}

/** Validate `req`; `maxPageSize` is Config.maxPageSize. */
export function parseSearchRequest(req: SearchRequest, maxPageSize: number): ParsedSearch {
  const sort = req.sort ?? 'bestmatch';
  if (!SORTS.includes(sort)) throw invalid('sort', `"${String(sort)}" is not one of ${SORTS.join(', ')}.`);
  const page = req.page ?? 1;
  if (!Number.isInteger(page) || page < 1) throw invalid('page', 'a whole number from 1.');
  const size = req.size ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) throw invalid('size', `a whole number from 0 to ${maxPageSize}.`);
  if ((page - 1) * size + size > MAX_RESULT_WINDOW) {
    throw invalid('page', `results beyond the first ${MAX_RESULT_WINDOW} cannot be paged to; narrow the query or use OAI-PMH to list everything.`);
  }
  return { query: parseQuery(req.q), filters: parseFilters(req.filters), sort, page, size, identity: req.identity, facets: parseFacetSelection(req.facets) };
}
