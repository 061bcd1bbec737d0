/**
 * A harvesting Granary on a test database: validator, source store, and helpers that read
 * back what a harvest stored (live records by source PID, tombstones, runs).
 */
import type { Database } from '../../../src/db/pool.ts';
import { createRecordValidator } from '../../../src/records/schema.ts';
import { createHarvestSourceStore } from '../../../harvesters/source-store.ts';
import { runHarvest, type RunHarvestOptions } from '../../../harvesters/runner.ts';
import type { GranaryRecord } from '../../../src/records/types.ts';

const validator = createRecordValidator();

export function createHarness(db: Database) {
  const sources = createHarvestSourceStore({ pool: db.pool, validator });
  const deps = { pool: db.pool, validator };
  return {
    deps,
    sources,
    validator,
    run: (sourceId: string, opts: RunHarvestOptions = {}) => runHarvest(deps, sourceId, { retryBaseDelayMs: 5, ...opts }),
    /** identifier at the source -> stored record, for one source's live records. */
    async liveRecords(sourceId: string): Promise<Map<string, GranaryRecord>> {
      const { rows } = await db.pool.query<{ value: string; json: GranaryRecord }>(
        `SELECT p.value, r.json FROM pids p JOIN records r ON r.id = p.record_id
          WHERE p.scheme = 'source' AND p.value LIKE $1 AND r.deleted_at IS NULL ORDER BY p.value`,
        [`${sourceId}:%`],
      );
      return new Map(rows.map((r) => [r.value.slice(sourceId.length + 1), r.json]));
    },
    async tombstoned(sourceId: string): Promise<string[]> {
      const { rows } = await db.pool.query<{ value: string }>(
        `SELECT p.value FROM pids p JOIN records r ON r.id = p.record_id WHERE p.scheme = 'source' AND p.value LIKE $1 AND r.deleted_at IS NOT NULL ORDER BY p.value`,
        [`${sourceId}:%`],
      );
      return rows.map((r) => r.value.slice(sourceId.length + 1));
    },
    /**
     * Ids of records whose derived columns differ from what their JSON gives: the search
     * columns from granary_search_fields (the trigger's definition) and the access facts.
     */
    async derivedColumnMismatches(): Promise<string[]> {
      const { rows } = await db.pool.query<{ id: string }>(
        `SELECT r.id FROM records r CROSS JOIN LATERAL granary_search_fields(r.json) f
          WHERE (r.search_vector, r.resource_type, r.pub_year, r.subjects, r.creator_names, r.language, r.publisher, r.title_sort)
                IS DISTINCT FROM (f.search_vector, f.resource_type, f.pub_year, f.subjects, f.creator_names, f.language, f.publisher, f.title_sort)
             OR r.access_level IS DISTINCT FROM coalesce(r.json #>> '{access,record}', 'public')
             OR r.embargo_until IS DISTINCT FROM CASE WHEN r.json #>> '{access,record}' = 'embargoed' THEN (r.json #>> '{access,embargo,until}')::date END
             OR r.owners IS DISTINCT FROM coalesce(ARRAY(SELECT jsonb_array_elements_text(r.json #> '{access,owners}')), '{}')
             OR r.doi IS DISTINCT FROM r.json ->> 'doi' OR r.revision <> (r.json ->> 'revision')::int`,
      );
      return rows.map((r) => r.id);
    },
    async counts(): Promise<{ records: number; live: number; sourcePids: number; outbox: number }> {
      const { rows } = await db.pool.query<{ records: number; live: number; pids: number; outbox: number }>(
        `SELECT (SELECT count(*) FROM records)::int AS records, (SELECT count(*) FROM records WHERE deleted_at IS NULL)::int AS live,
                (SELECT count(*) FROM pids WHERE scheme = 'source')::int AS pids, (SELECT count(*) FROM outbox)::int AS outbox`,
      );
      return { records: rows[0].records, live: rows[0].live, sourcePids: rows[0].pids, outbox: rows[0].outbox };
    },
  };
}
