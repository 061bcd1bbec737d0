/**
 * The SQL behind the record verbs. Every query applies the anonymous read filter: OAI-PMH
 * exposes exactly what an anonymous reader may see (src/access/policy.ts).
 * Lists page by keyset over (datestamp, id) on the index records_datestamp_id, so the
 * millionth record costs what the first does.
 */
import { anonymous } from '../../src/access/identity.ts';
import { readFilterSql } from '../../src/access/policy.ts';
import type { Queryable } from '../../src/db/pool.ts';
import type { GranaryRecord } from '../../src/records/types.ts';

/** One record as the verbs need it. */
export interface OaiRow {
  id: string;
  /** The datestamp exactly as stored (for resumption tokens). */
  datestamp: string;
  /** The datestamp at seconds granularity, YYYY-MM-DDThh:mm:ssZ. */
  ds: string;
  deleted: boolean;
  /** Null when the query did not ask for it. */
  json: GranaryRecord | null;
  sets: string[];
}

/** Which records a list covers. */
export interface ListSelection {
  set: string | null;
  from: string | null;
  until: string | null;
}

function columns(withJson: boolean): string {
  return `r.id, r.datestamp, to_char(r.datestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ds,
    r.deleted_at IS NOT NULL AS deleted, ${withJson ? 'r.json' : 'NULL::jsonb AS json'},
    ARRAY(SELECT s.set_spec FROM oai_set_records s WHERE s.record_id = r.id ORDER BY 1) AS sets`;
}

function toWhere(sel: ListSelection, params: unknown[]): string {
  const where = [readFilterSql(anonymous, params, 'r')];
  if (sel.from !== null) {
    params.push(sel.from);
    where.push(`r.datestamp >= $${params.length}::timestamptz`);
  }
  if (sel.until !== null) {
    params.push(sel.until);
    where.push(`r.datestamp < $${params.length}::timestamptz`);
  }
  if (sel.set !== null) {
    params.push(sel.set);
    where.push(`EXISTS (SELECT 1 FROM oai_set_records m WHERE m.set_spec = $${params.length} AND m.record_id = r.id)`);
  }
  return where.join(' AND ');
}

/** Up to `limit` records of the selection after the (datestamp, id) pair `after`. */
export async function fetchListPage(db: Queryable, sel: ListSelection, after: { datestamp: string; id: string } | null, limit: number, withJson: boolean): Promise<OaiRow[]> {
  const params: unknown[] = [];
  let where = toWhere(sel, params);
  if (after) {
    params.push(after.datestamp, after.id);
    where += ` AND (r.datestamp, r.id) > ($${params.length - 1}::timestamptz, $${params.length})`;
  }
  params.push(limit);
  const { rows } = await db.query<OaiRow>(`SELECT ${columns(withJson)} FROM records r WHERE ${where} ORDER BY r.datestamp, r.id LIMIT $${params.length}`, params);
  return rows;
}

/** How many records the selection holds (completeListSize, counted once on the first page). */
export async function countList(db: Queryable, sel: ListSelection): Promise<number> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM records r WHERE ${toWhere(sel, params)}`, params);
  return Number(rows[0].n);
}

/** One readable record (deleted ones included), or null. */
export async function fetchRecordRow(db: Queryable, id: string): Promise<OaiRow | null> {
  const params: unknown[] = [id];
  const filter = readFilterSql(anonymous, params, 'r');
  const { rows } = await db.query<OaiRow>(`SELECT ${columns(true)} FROM records r WHERE r.id = $1 AND ${filter}`, params);
  return rows[0] ?? null;
}

/** The earliest datestamp among readable records, at seconds granularity (floored), or null when there are none. */
export async function fetchEarliestDatestamp(db: Queryable): Promise<string | null> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ ds: string | null }>(
    `SELECT to_char(min(r.datestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ds FROM records r WHERE ${readFilterSql(anonymous, params, 'r')}`,
    params,
  );
  return rows[0]?.ds ?? null;
}
