/**
 * The `pids` table: recid, doi, oai and harvest-source identifiers, each registered (R),
 * deleted (D, a tombstone answering 410) or merged/redirected (M, answering 301).
 */
import { Conflict, Gone, Moved, NotFound } from '../errors.ts';
import type { Queryable } from '../db/pool.ts';
import { unstorableText } from '../text.ts';

export type PidScheme = 'recid' | 'doi' | 'source';
export type PidStatus = 'R' | 'D' | 'M';

export interface PidRow {
  scheme: string;
  value: string;
  record_id: string;
  status: PidStatus;
  redirect_to: string | null;
}

/** Register a PID for a record; a value already taken (by any record, in any status) is a Conflict. */
export async function registerPid(db: Queryable, scheme: PidScheme, value: string, recordId: string): Promise<void> {
  const res = await db.query(
    `INSERT INTO pids (scheme, value, record_id) VALUES ($1, $2, $3) ON CONFLICT (scheme, value) DO NOTHING`,
    [scheme, value, recordId],
  );
  if (res.rowCount === 0) {
    const pointer = scheme === 'doi' ? '/doi' : '/id';
    throw new Conflict(`The ${scheme} ${value} is already taken.`, [{ pointer, message: `${scheme} "${value}" is already registered to another record` }]);
  }
}

export async function findPid(db: Queryable, scheme: PidScheme, value: string): Promise<PidRow | null> {
  const { rows } = await db.query<PidRow>(`SELECT scheme, value, record_id, status, redirect_to FROM pids WHERE scheme = $1 AND value = $2`, [scheme, value]);
  return rows[0] ?? null;
}

/**
 * Resolve a PID to the id of a live record. A tombstoned PID throws Gone (with the
 * deletion time and reason of its record), a redirected one Moved.
 */
export async function resolvePid(db: Queryable, scheme: PidScheme, value: string): Promise<string> {
  // No stored PID holds U+0000; asking PostgreSQL would fail (SQLSTATE 22021), so answer here.
  if (unstorableText(value)) throw new NotFound(`No record has the ${scheme} ${JSON.stringify(value)}.`);
  const { rows } = await db.query<PidRow & { deleted_at: string | null; deletion_reason: string | null }>(
    `SELECT p.record_id, p.status, p.redirect_to, r.deleted_at, r.deletion_reason
       FROM pids p LEFT JOIN records r ON r.id = p.record_id
      WHERE p.scheme = $1 AND p.value = $2`,
    [scheme, value],
  );
  const pid = rows[0];
  if (!pid) throw new NotFound(`No record has the ${scheme} ${value}.`);
  if (pid.status === 'M' && pid.redirect_to) throw new Moved(`The ${scheme} ${value} now points to record ${pid.redirect_to}.`, pid.redirect_to);
  if (pid.status === 'D' || pid.deleted_at) {
    throw new Gone(`The record with ${scheme} ${value} was deleted.`, pid.deleted_at ?? '', pid.deletion_reason);
  }
  return pid.record_id;
}

/** Tombstone every PID of a record. */
export async function tombstonePids(db: Queryable, recordId: string): Promise<void> {
  await db.query(`UPDATE pids SET status = 'D', updated = now() WHERE record_id = $1 AND status = 'R'`, [recordId]);
}

/** Redirect a record's PIDs to another record (merge): they answer 301 from now on. */
export async function redirectPids(db: Queryable, fromRecordId: string, toRecordId: string): Promise<void> {
  await db.query(`UPDATE pids SET status = 'M', redirect_to = $2, updated = now() WHERE record_id = $1 AND scheme <> 'source'`, [fromRecordId, toRecordId]);
  await db.query(`UPDATE pids SET record_id = $2, updated = now() WHERE record_id = $1 AND scheme = 'source'`, [fromRecordId, toRecordId]);
}
