/**
 * The SQL behind the record verbs. Every query applies the anonymous read filter: OAI-PMH
 * exposes exactly what an anonymous reader may see (src/access/policy.ts), plus, as
 * deleted headers without metadata, the records anonymous readers saw once and may no
 * longer see (`withdrawn`, migration 0008: withdrawn records are deletions to a harvester).
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

/** Records OAI-PMH lists: readable now, or withdrawn from anonymous readers after they saw them. */
function listedSql(params: unknown[]): string {
  return `(${readFilterSql(anonymous, params, 'r')} OR r.withdrawn)`;
}

/** The columns; a withdrawn record is deleted to OAI-PMH, and its metadata is never read. */
function columns(withJson: boolean, params: unknown[]): string {
  const readable = readFilterSql(anonymous, params, 'r');
  return `r.id, r.datestamp, to_char(r.datestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ds,
    (r.deleted_at IS NOT NULL OR NOT ${readable}) AS deleted, ${withJson ? `CASE WHEN ${readable} THEN r.json END AS json` : 'NULL::jsonb AS json'},
    ARRAY(SELECT s.set_spec FROM oai_set_records s WHERE s.record_id = r.id ORDER BY 1) AS sets`;
}

function toWhere(sel: ListSelection, params: unknown[]): string {
  const where = [listedSql(params)];
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
  const cols = columns(withJson, params);
  let where = toWhere(sel, params);
  if (after) {
    params.push(after.datestamp, after.id);
    where += ` AND (r.datestamp, r.id) > ($${params.length - 1}::timestamptz, $${params.length})`;
  }
  params.push(limit);
  const { rows } = await db.query<OaiRow>(`SELECT ${cols} FROM records r WHERE ${where} ORDER BY r.datestamp, r.id LIMIT $${params.length}`, params);
  return rows;
}

/** How many records the selection holds (completeListSize, counted once on the first page). */
export async function countList(db: Queryable, sel: ListSelection): Promise<number> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM records r WHERE ${toWhere(sel, params)}`, params);
  return Number(rows[0].n);
}

/** One listed record (deleted and withdrawn ones included), or null. */
export async function fetchRecordRow(db: Queryable, id: string): Promise<OaiRow | null> {
  const params: unknown[] = [id];
  const cols = columns(true, params);
  const { rows } = await db.query<OaiRow>(`SELECT ${cols} FROM records r WHERE r.id = $1 AND ${listedSql(params)}`, params);
  return rows[0] ?? null;
}

/** The earliest datestamp among listed records, at seconds granularity (floored), or null when there are none. */
export async function fetchEarliestDatestamp(db: Queryable): Promise<string | null> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ ds: string | null }>(
    `SELECT to_char(min(r.datestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ds FROM records r WHERE ${listedSql(params)}`,
    params,
  );
  return rows[0]?.ds ?? null;
}
