/**
 * How a set's own definition selects records, as SQL over one `records` row: a query set
 * through the search core's translation, a static set through its member list.
 */
import { parseQuery } from '../search/query-parser.ts';
import { toSqlCondition } from '../search/pg/translate.ts';
import type { QueryNode } from '../search/ast.ts';

/** A set as the membership code needs it. */
export interface SetRule {
  spec: string;
  /** The query string of a query set; null for a static set. */
  query: string | null;
}

// Parsing is pure, so the AST of each query string is kept (bounded: definitions are few).
const parsed = new Map<string, QueryNode>();

function toQueryNode(query: string): QueryNode {
  let node = parsed.get(query);
  if (!node) {
    node = parseQuery(query);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(query, node);
  }
  return node;
}

/**
 * A boolean SQL expression: does the row aliased `alias` match the set's own definition
 * (not its children's)? Values are appended to `params`.
 */
export function toSetMatchSql(rule: SetRule, params: unknown[], alias = 'r'): string {
  if (rule.query !== null) return `(${toSqlCondition(toQueryNode(rule.query), params, alias)})`;
  params.push(rule.spec);
  return `EXISTS (SELECT 1 FROM oai_set_static_members m WHERE m.set_spec = $${params.length} AND m.record_id = ${alias}.id)`;
}
