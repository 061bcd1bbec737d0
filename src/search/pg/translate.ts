/**
 * The search AST (src/search/ast.ts) as PostgreSQL. Conditions read only the columns of
 * one `records` row (the search columns of migration 0002), so the same condition serves
 * searches and the OAI-PMH set check `SELECT 1 FROM records r WHERE r.id = $1 AND <cond>`
 * inside a write transaction. Every user value is a bound parameter; user text reaches
 * text search only through plainto_tsquery / phraseto_tsquery, never to_tsquery, whose
 * own syntax (& | ! :*) would let input raise errors.
 */
import type { QueryNode, TextField } from '../ast.ts';

/** The text search configuration the index was built with (see 0002_search.sql). */
export const TS_CONFIG = 'simple';

// Weights given in 0002_search.sql: titles A, creators B, subjects C, descriptions D.
const FIELD_WEIGHT: Record<TextField, string> = { title: 'A', creator: 'B', subject: 'C' };

function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

function toTsquery(node: Extract<QueryNode, { type: 'text' }>, params: unknown[]): string {
  const fn = node.phrase ? 'phraseto_tsquery' : 'plainto_tsquery';
  return `${fn}('${TS_CONFIG}', ${param(params, node.value)})`;
}

/**
 * `tsquery` with every lexeme restricted to `weight` ('glacier':A matches only title
 * positions), so one @@ tests field and words together and the GIN index still finds
 * candidates. The SQL functions build no weighted tsquery, so the weight is written into
 * the query's text form, where every lexeme is quoted with inner quotes doubled
 * (PostgreSQL 8.11.2). Same matches as `ts_filter(v, '{a}') @@ q`, without building a
 * filtered copy of each row's tsvector (~0.5 µs a row: 'title:glacier' checks 55,000 of
 * 100,000 generated records).
 */
function toWeightedTsquery(tsquery: string, weight: string): string {
  return `regexp_replace((${tsquery})::text, '(''(?:[^'']|'''')*'')', '\\1:${weight}', 'g')::tsquery`;
}

/** Free words side by side in an AND become one plainto_tsquery: one index probe instead of many. */
function mergeFreeWords(children: QueryNode[]): QueryNode[] {
  const words = children.filter((c) => c.type === 'text' && c.field === null && !c.phrase);
  if (words.length < 2) return children;
  const merged: QueryNode = { type: 'text', field: null, phrase: false, value: words.map((w) => (w as { value: string }).value).join(' ') };
  return [merged, ...children.filter((c) => !words.includes(c))];
}

/**
 * A boolean SQL expression that is true when the `records` row aliased `alias` matches
 * `node`. Values are appended to `params` and referenced as $n.
 * @example toSqlCondition(parseQuery('type:Dataset'), params, 'r') // "lower(r.resource_type) = lower($1)"
 */
export function toSqlCondition(node: QueryNode, params: unknown[], alias = 'r'): string {
  const col = (name: string) => `${alias}.${name}`;
  switch (node.type) {
    case 'all':
      return 'TRUE';
    case 'text': {
      const q = toTsquery(node, params);
      if (node.field === null) return `${col('search_vector')} @@ ${q}`;
      return `${col('search_vector')} @@ ${toWeightedTsquery(q, FIELD_WEIGHT[node.field])}`;
    }
    case 'term':
      switch (node.field) {
        case 'type':
          return `lower(${col('resource_type')}) = lower(${param(params, node.value)})`;
        case 'year':
          return `${col('pub_year')} = ${param(params, Number(node.value))}::integer`;
        case 'doi':
          return `lower(${col('json')} ->> 'doi') = ${param(params, node.value.toLowerCase())}`;
        case 'publisher':
          return `lower(${col('publisher')}) = lower(${param(params, node.value)})`;
        case 'language':
          return `${col('language')} = ${param(params, node.value.toLowerCase())}`;
      }
      break;
    case 'range': {
      const parts = [`${col('pub_year')} IS NOT NULL`];
      if (node.from) parts.push(`${col('pub_year')} ${node.from.inclusive ? '>=' : '>'} ${param(params, node.from.value)}::integer`);
      if (node.to) parts.push(`${col('pub_year')} ${node.to.inclusive ? '<=' : '<'} ${param(params, node.to.value)}::integer`);
      return `(${parts.join(' AND ')})`;
    }
    case 'and':
    case 'or': {
      const children = node.type === 'and' ? mergeFreeWords(node.children) : node.children;
      const sql = children.map((c) => toSqlCondition(c, params, alias));
      return sql.length === 1 ? sql[0] : `(${sql.join(node.type === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      // IS NOT TRUE, not NOT: a record with no type is "not a Dataset"; NOT NULL would drop it.
      return `((${toSqlCondition(node.child, params, alias)}) IS NOT TRUE)`;
  }
  throw new Error(`Unknown query node ${JSON.stringify(node)}`);
}

function positiveText(node: QueryNode, out: Extract<QueryNode, { type: 'text' }>[]): void {
  if (node.type === 'text') out.push(node);
  if (node.type === 'and' || node.type === 'or') node.children.forEach((c) => positiveText(c, out));
}

/**
 * The tsquery that best match ranks by: every text term not under a NOT, ORed, or null
 * when the query has no free text (then best match falls back to newest).
 */
export function toRankTsquery(node: QueryNode, params: unknown[]): string | null {
  const texts: Extract<QueryNode, { type: 'text' }>[] = [];
  positiveText(node, texts);
  if (texts.length === 0) return null;
  return texts.map((t) => toTsquery(t, params)).join(' || ');
}
