/**
 * One search as one SQL statement: the rows the query and the read filter allow are
 * collected once (CTE `base`, with one boolean per selected facet filter); the total, the
 * page of hits and the facets asked for are then computed from `base`. A facet's counts
 * apply all filters except its own (multi-select faceting, as in Elasticsearch's
 * post_filter plus per-facet filtered aggregations), so a user can widen a selection
 * they already made.
 *
 * Cost is per matching row (a query may match most of the repository), so `base` is read
 * as few times as possible and holds only what is read: the sort key and the facets
 * asked for. The scalar facets and the total come from one hash pass over `base` by
 * combination (`combos`, then `scalars`), each array facet from one unnest over the rows
 * it counts. Where the time goes on 100,000 generated
 * records, for 'protein OR enzyme' (85,000 matches, one backend's CPU): scan, match and
 * rank ~100 ms, writing `base` ~25 ms, type and year ~35 ms, subject (2 a record) ~50 ms,
 * creator (2.5 a record) ~60 ms. Only the first part runs in parallel workers (engine.ts);
 * the facets are counted by the leader, since GROUPING SETS and a CTE read several times
 * are not parallel. Every facet of such a query costs a pass over its values: asking only
 * for the facets a client shows (`facets`) is the cheapest saving.
 */
import { readFilterSql } from '../../access/policy.ts';
import { FACETS, FACET_SIZE, type FacetName } from '../facets.ts';
import type { ParsedSearch } from '../request.ts';
import { toRankTsquery, toSqlCondition } from './translate.ts';

interface FacetColumn {
  /** The column in `records` and in `base`. */
  column: string;
  /** text[] columns are counted per element. */
  array: boolean;
  /** The type filter values are bound as. */
  cast: string;
  /** Filter values match without regard to case (facets.ts, parseFilters). */
  anyCase?: boolean;
}

const FACET_COLUMNS: Record<FacetName, FacetColumn> = {
  type: { column: 'resource_type', array: false, cast: 'text[]', anyCase: true },
  year: { column: 'pub_year', array: false, cast: 'integer[]' },
  subject: { column: 'subjects', array: true, cast: 'text[]' },
  creator: { column: 'creator_names', array: true, cast: 'text[]' },
  language: { column: 'language', array: false, cast: 'text[]', anyCase: true },
  access: { column: 'access_level', array: false, cast: 'text[]' },
};

function bind(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** A filter as a boolean that is never NULL (a record without a type is simply not a Dataset). */
function toFilterSql(facet: FacetName, values: string[], params: unknown[]): string {
  const { column, array, cast, anyCase } = FACET_COLUMNS[facet];
  const bound = `${bind(params, facet === 'year' ? values.map(Number) : anyCase ? values.map((v) => v.toLowerCase()) : values)}::${cast}`;
  const value = anyCase ? `lower(r.${column})` : `r.${column}`;
  return `coalesce(${array ? `${value} && ${bound}` : `${value} = ANY(${bound})`}, false)`;
}

/** ORDER BY over the columns of `base` (prefixed), always ending in id so pages are stable. */
function toOrderSql(search: ParsedSearch, ranked: boolean, p: string): string {
  switch (search.sort) {
    case 'bestmatch':
      return ranked ? `${p}rank DESC, ${p}created DESC, ${p}id` : `${p}created DESC, ${p}id DESC`;
    case 'newest':
      return `${p}created DESC, ${p}id DESC`;
    case 'oldest':
      return `${p}created, ${p}id`;
    case 'title':
      return `${p}title_sort NULLS LAST, ${p}id`;
  }
}

/** The columns of `base` that toOrderSql reads. */
function sortColumns(search: ParsedSearch, ranked: boolean): string[] {
  if (search.sort === 'title') return ['id', 'title_sort'];
  return search.sort === 'bestmatch' && ranked ? ['id', 'created', 'rank'] : ['id', 'created'];
}

/** The AND of the flags of `facets` in `base` b, or TRUE. */
function allOf(facets: FacetName[]): string {
  return facets.map((f) => `b."f_${f}"`).join(' AND ') || 'TRUE';
}

/** Buckets as a json array of [key, count], top FACET_SIZE by count, ties by key in byte order (COLLATE "C", so every server and PGlite agree). */
function toBucketsSql(keyCounts: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(t.k, t.c) ORDER BY t.c DESC, t.k COLLATE "C"), '[]'::json)
    FROM (SELECT k, c FROM (${keyCounts}) kc WHERE k IS NOT NULL AND c > 0 ORDER BY c DESC, k COLLATE "C" LIMIT ${FACET_SIZE}) t)`;
}

/** The count column of `scalars` that facet `facet` reads: its own when its filter is active, else c_all. */
function countColumn(facet: FacetName, active: FacetName[]): string {
  return active.includes(facet) ? `"c_${facet}"` : 'c_all';
}

/**
 * The scalar facets asked for and the total in two steps: `combos` counts `base` by the
 * combination of those columns and every filter flag (one hash lookup per row; the
 * combinations are few), then GROUPING SETS over those few rows sums each facet (one set
 * each) and the total (the empty set). An active facet's count is a FILTER on the other
 * facets' flags; `g` (GROUPING()) tells the sets apart.
 */
function toScalarsSql(scalars: FacetName[], active: FacetName[]): string {
  const cols = scalars.map((f) => `b.${FACET_COLUMNS[f].column}`);
  const keys = [...cols, ...active.map((f) => `b."f_${f}"`)];
  const counts = active.filter((f) => scalars.includes(f)).map((f) => `sum(b.n) FILTER (WHERE ${allOf(active.filter((o) => o !== f))}) AS "c_${f}"`);
  return `combos AS (SELECT ${keys.join(', ')}, count(*) AS n FROM base b GROUP BY ${keys.join(', ')}),
  scalars AS (
    SELECT GROUPING(${cols.join(', ')}) AS g, ${cols.join(', ')}, sum(b.n) FILTER (WHERE ${allOf(active)}) AS c_all${counts.map((c) => `, ${c}`).join('')}
    FROM combos b GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(', ')}, ()))`;
}

function toFacetSql(facet: FacetName, scalars: FacetName[], active: FacetName[]): string {
  const { column, array } = FACET_COLUMNS[facet];
  if (array) {
    const rows = `SELECT unnest(b.${column}) AS k FROM base b WHERE ${allOf(active.filter((o) => o !== facet))}`;
    return `${toBucketsSql(`SELECT u.k, count(*) AS c FROM (${rows}) u GROUP BY u.k`)} AS "facet_${facet}"`;
  }
  // GROUPING() has one bit per column, the first column's the highest; set = grouped by.
  const grouping = (1 << scalars.length) - 1 - (1 << (scalars.length - 1 - scalars.indexOf(facet)));
  return `${toBucketsSql(`SELECT s.${column}::text AS k, s.${countColumn(facet, active)} AS c FROM scalars s WHERE s.g = ${grouping}`)} AS "facet_${facet}"`;
}

/** The statement for `search`: one row with total, hits (json array) and facet_<name> columns ([key, count] pairs). */
export function toSearchStatement(search: ParsedSearch): { text: string; values: unknown[] } {
  const params: unknown[] = [];
  const access = readFilterSql(search.identity, params, 'r');
  const condition = toSqlCondition(search.query, params, 'r');
  const rankQuery = search.sort === 'bestmatch' ? toRankTsquery(search.query, params) : null;
  const active = FACETS.filter((f) => search.filters[f]);
  const filters = active.map((f) => toFilterSql(f, search.filters[f] as string[], params));
  const scalars = search.facets.filter((f) => !FACET_COLUMNS[f].array);
  // A row failing two filters counts nowhere: not in hits, total, nor any facet.
  const prefilter = active.length >= 2 ? ` AND (${filters.map((f) => `${f}::int`).join(' + ')}) >= ${active.length - 1}` : '';
  const facetColumns = search.facets.map((f) => `r.${FACET_COLUMNS[f].column}`);
  // ts_rank, not ts_rank_cd: both weigh titles over creators, subjects and descriptions
  // (0002_search.sql), but cover density costs ~3 µs a row for an OR of frequent words
  // (85,000 matches: +240 ms against +25 ms). Only rows that pass every filter can be hits.
  const rank = rankQuery && `${active.length ? `CASE WHEN ${filters.join(' AND ')} THEN ` : ''}ts_rank(r.search_vector, ${rankQuery})${active.length ? ' END' : ''} AS rank`;
  const sorts = sortColumns(search, rankQuery !== null);
  const columns = [...sorts.map((c) => (c === 'rank' && rank ? rank : `r.${c}`)), ...facetColumns, ...filters.map((f, i) => `${f} AS "f_${active[i]}"`)];
  const limit = bind(params, search.size);
  const offset = bind(params, (search.page - 1) * search.size);
  const order = (p: string) => toOrderSql(search, rankQuery !== null, p);
  const total = scalars.length ? `coalesce((SELECT s.c_all FROM scalars s WHERE s.g = ${(1 << scalars.length) - 1}), 0)` : `(SELECT count(*) FROM base b WHERE ${allOf(active)})`;
  const text = `WITH base AS MATERIALIZED (
    SELECT ${columns.join(', ')}
    FROM records r
    WHERE r.deleted_at IS NULL AND ${access} AND ${condition}${prefilter}
  )${scalars.length ? `, ${toScalarsSql(scalars, active)}` : ''}
  SELECT
    ${total} AS total,
    (SELECT coalesce(json_agg((SELECT r.json FROM records r WHERE r.id = p.id) ORDER BY ${order('p.')}), '[]'::json)
       FROM (SELECT ${sorts.map((c) => `b.${c}`).join(', ')} FROM base b WHERE ${allOf(active)} ORDER BY ${order('b.')} LIMIT ${limit} OFFSET ${offset}) p) AS hits
    ${search.facets.map((f) => `, ${toFacetSql(f, scalars, active)}`).join('\n    ')}`;
  return { text, values: params };
}
