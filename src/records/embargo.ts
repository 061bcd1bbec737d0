/**
 * Lifting embargoes. An embargoed record becomes readable by anyone on its `until` date
 * (src/access/policy.ts) without any write: the read policy compares the date. But an
 * OAI-PMH harvester asks for records changed since its last harvest (`from`), and a record
 * whose datestamp is older than that would never reach it. OAI-PMH 2.0 §2.7.1 defines the
 * datestamp as the date of creation, modification or deletion, and for a harvester a
 * record appearing is a change: so when an embargo ends, the record's datestamp moves to
 * the moment it became visible here, and an outbox event tells the rest of the system.
 *
 * The record itself (its JSON, revision and `updated`) is left as it is: nothing in the
 * metadata changed, and `access.embargo` stays as the record's history.
 *
 * Idempotent, so the cron schedule may run it as often as it likes and a retried job does
 * nothing twice: a record is lifted when its embargo date has come and its datestamp is
 * still older than the start of that date (UTC, like the read policy). A record written
 * since then already has a newer datestamp and needs nothing. A deleted record stays as
 * it is: its datestamp is its deletion's.
 */
import { transaction, type Pool } from '../db/pool.ts';

/** The job that lifts embargoes, and the schedule the app runs it on. */
export const LIFT_EMBARGOES_JOB = 'records.liftEmbargoes';
/** Every 15 minutes: a record appears to harvesters within 15 minutes of its embargo date. */
export const LIFT_EMBARGOES_CRON = '*/15 * * * *';

/** Move the datestamp of every record whose embargo has ended; returns their ids. */
export async function liftEmbargoes(pool: Pool, now = new Date()): Promise<string[]> {
  return transaction(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `WITH lifted AS (
         UPDATE records SET datestamp = $1
          WHERE access_level = 'embargoed' AND embargo_until <= $2::date AND deleted_at IS NULL
            AND datestamp < (embargo_until::timestamp AT TIME ZONE 'UTC')
          RETURNING id, revision)
       INSERT INTO outbox (type, record_id, revision) SELECT 'record.embargo-lifted', id, revision FROM lifted
       RETURNING record_id AS id`,
      [now.toISOString(), now.toISOString().slice(0, 10)],
    );
    return rows.map((r) => r.id).sort();
  });
}
