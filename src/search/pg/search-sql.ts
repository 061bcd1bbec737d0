/**
 * One search as one SQL statement: the rows the query and the read filter allow are
 * collected once (CTE `base`, with one boolean per selected facet filter); the total, the
 * page of hits and every facet are then computed from `base`. A facet's counts apply all
 * filters except its own (multi-select faceting, as in Elasticsearch's post_filter plus
 * per-facet filtered aggregations), so a user can widen a selection they already made.
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
}

const FACET_COLUMNS: Record<FacetName, FacetColumn> = {
  type: { column: 'resource_type', array: false, cast: 'text[]' },
  year: { column: 'pub_year', array: false, cast: 'integer[]' },
  subject: { column: 'subjects', array: true, cast: 'text[]' },
  creator: { column: 'creator_names', array: true, cast: 'text[]' },
  language: { column: 'language', array: false, cast: 'text[]' },
  access: { column: 'access_level', array: false, cast: 'text[]' },
};

function bind(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

function toFilterSql(facet: FacetName, values: string[], params: unknown[]): string {
  const { column, array, cast } = FACET_COLUMNS[facet];
  const bound = `${bind(params, facet === 'year' ? values.map(Number) : values)}::${cast}`;
  // `&&` (overlap) on arrays can use the GIN index; OR within one facet either way.
  return array ? `r.${column} && ${bound}` : `r.${column} = ANY(${bound})`;
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

function toFacetSql(facet: FacetName, where: string): string {
  const { column, array } = FACET_COLUMNS[facet];
  const from = array ? `base b CROSS JOIN unnest(b.${column}) AS u(k)` : 'base b';
  const key = array ? 'u.k' : `b.${column}::text`;
  // Ties order by key in byte order (COLLATE "C") so every server and PGlite agree.
  return `(SELECT coalesce(json_agg(json_build_array(t.k, t.c) ORDER BY t.c DESC, t.k COLLATE "C"), '[]'::json)
    FROM (SELECT ${key} AS k, count(*) AS c FROM ${from} WHERE ${where} AND ${key} IS NOT NULL
          GROUP BY 1 ORDER BY count(*) DESC, ${key} COLLATE "C" LIMIT ${FACET_SIZE}) t) AS "facet_${facet}"`;
}

/** The statement for `search`: one row with total, hits (json array) and facet_<name> columns ([key, count] pairs). */
export function toSearchStatement(search: ParsedSearch): { text: string; values: unknown[] } {
  const params: unknown[] = [];
  const access = readFilterSql(search.identity, params, 'r');
  const condition = toSqlCondition(search.query, params, 'r');
  const rankQuery = search.sort === 'bestmatch' ? toRankTsquery(search.query, params) : null;
  const active = FACETS.filter((f) => search.filters[f]);
  const flags = active.map((f) => `${toFilterSql(f, search.filters[f] as string[], params)} AS "f_${f}"`);
  const facetColumns = search.facets ? FACETS.map((f) => `r.${FACET_COLUMNS[f].column}`) : [];
  const columns = ['r.id', 'r.created', 'r.title_sort', rankQuery ? `ts_rank_cd(r.search_vector, ${rankQuery}) AS rank` : null, ...facetColumns, ...flags];
  const allFilters = active.map((f) => `b."f_${f}"`).join(' AND ') || 'TRUE';
  const limit = bind(params, search.size);
  const offset = bind(params, (search.page - 1) * search.size);
  const facets = search.facets ? FACETS.map((f) => toFacetSql(f, active.filter((o) => o !== f).map((o) => `b."f_${o}"`).join(' AND ') || 'TRUE')) : [];
  const text = `WITH base AS MATERIALIZED (
    SELECT ${columns.filter((c) => c !== null).join(', ')}
    FROM records r
    WHERE r.deleted_at IS NULL AND ${access} AND ${condition}
  )
  SELECT
    (SELECT count(*) FROM base b WHERE ${allFilters}) AS total,
    (SELECT coalesce(json_agg((SELECT r.json FROM records r WHERE r.id = p.id) ORDER BY ${toOrderSql(search, rankQuery !== null, 'p.')}), '[]'::json)
       FROM (SELECT b.* FROM base b WHERE ${allFilters} ORDER BY ${toOrderSql(search, rankQuery !== null, 'b.')} LIMIT ${limit} OFFSET ${offset}) p) AS hits
    ${facets.map((f) => `, ${f}`).join('\n    ')}`;
  return { text, values: params };
}
