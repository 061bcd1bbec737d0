/**
 * Recompute a set's materialized membership after its definition changed: the handler of
 * the outbox event `set.changed` {setSpec}. Idempotent: a second run finds nothing to
 * change and bumps no datestamp.
 *
 * A parent's membership is its own definition's matches plus its children's, so a change
 * to `a:b` is recomputed for `a:b` and for `a`. Records that joined or left get a new
 * datestamp, so incremental harvesters see them again (OAI-PMH 2.0 section 2.7.1).
 * Deleted records keep the memberships they had when deleted (a tombstone's OAI view is
 * frozen), except that a set that no longer exists is removed from every record.
 *
 * Concurrency: the recompute runs at REPEATABLE READ and touches the `records` row of
 * every record it moves, so a record written concurrently makes it fail with a
 * serialization error instead of overwriting the writer's fresh membership; it is then
 * retried on a new snapshot.
 */
import { transaction, type Pool } from '../db/pool.ts';
import { toSetMatchSql, type SetRule } from './match.ts';
import { toSelfAndParentSpecs } from './spec.ts';

/** How many records joined and left each recomputed set. */
export interface RecomputeResult {
  sets: { spec: string; joined: number; left: number }[];
}

// PostgreSQL: serialization_failure, deadlock_detected.
const RETRYABLE = new Set(['40001', '40P01']);

// Records move to the end of the (datestamp, id) order, never backwards if clocks disagree.
const BUMP = `GREATEST(clock_timestamp(), r.datestamp + interval '1 microsecond')`;

async function recomputeOnce(pool: Pool, setSpec: string): Promise<RecomputeResult> {
  return transaction(pool, async (client) => {
    const { rows: rules } = await client.query<SetRule>('SELECT spec, query FROM oai_sets');
    const defined = new Map(rules.map((r) => [r.spec, r]));
    const result: RecomputeResult = { sets: [] };
    for (const spec of toSelfAndParentSpecs(setSpec)) {
      let joined = 0;
      let left: number;
      if (!defined.has(spec)) {
        // The set is gone: every record leaves it, tombstones included.
        const res = await client.query(
          `WITH del AS (DELETE FROM oai_set_records WHERE set_spec = $1 RETURNING record_id)
           UPDATE records r SET datestamp = ${BUMP} FROM del WHERE r.id = del.record_id`,
          [spec],
        );
        left = res.rowCount ?? 0;
      } else {
        const params: unknown[] = [spec];
        // The set itself and every defined descendant contribute their direct matches.
        const sources = rules
          .filter((r) => r.spec === spec || r.spec.startsWith(spec + ':'))
          .map((r) => `SELECT r.id FROM records r WHERE r.deleted_at IS NULL AND ${toSetMatchSql(r, params, 'r')}`);
        const { rows } = await client.query<{ joined: number; left: number }>(
          `WITH desired AS (${sources.join(' UNION ')}),
                current AS (SELECT s.record_id AS id FROM oai_set_records s JOIN records r ON r.id = s.record_id
                             WHERE s.set_spec = $1 AND r.deleted_at IS NULL),
                joining AS (SELECT id FROM desired EXCEPT SELECT id FROM current),
                leaving AS (SELECT id FROM current EXCEPT SELECT id FROM desired),
                ins AS (INSERT INTO oai_set_records (set_spec, record_id) SELECT $1, id FROM joining ON CONFLICT DO NOTHING RETURNING record_id),
                del AS (DELETE FROM oai_set_records s USING leaving l WHERE s.set_spec = $1 AND s.record_id = l.id RETURNING s.record_id),
                bump AS (UPDATE records r SET datestamp = ${BUMP}
                          WHERE r.id IN (SELECT record_id FROM ins UNION SELECT record_id FROM del) RETURNING r.id)
           SELECT (SELECT count(*) FROM ins) AS joined, (SELECT count(*) FROM del) AS left, (SELECT count(*) FROM bump) AS bumped`,
          params,
        );
        joined = Number(rows[0].joined);
        left = Number(rows[0].left);
      }
      result.sets.push({ spec, joined, left });
    }
    return result;
  }, { isolation: 'REPEATABLE READ' });
}

/**
 * Bring `setSpec`'s membership (and its parents') in line with the current definitions.
 * Safe to run any number of times, from any process.
 */
export async function recomputeSet(pool: Pool, setSpec: string): Promise<RecomputeResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await recomputeOnce(pool, setSpec);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= 10) throw err;
    }
  }
}
