/**
 * The PostgreSQL search engine: full-text search and facets in the records database
 * itself, on PostgreSQL or PGlite alike. The search columns are kept by the trigger of
 * migration 0002 inside each writing transaction, so `index` and `remove` have nothing to
 * do: a record is searchable (or gone from search) the moment its write commits.
 */
import { transaction, type Pool } from '../../db/pool.ts';
import type { GranaryRecord } from '../../records/types.ts';
import type { FacetBucket, SearchEngine, SearchRequest, SearchResult } from '../engine.ts';
import { parseSearchRequest } from '../request.ts';
import { toSearchStatement } from './search-sql.ts';

/** Options for the PostgreSQL engine. */
export interface PostgresSearchOptions {
  /** Largest page size a search may ask for (Config.maxPageSize). */
  maxPageSize?: number;
  /** Records recomputed per transaction by reindexAll. */
  reindexBatchSize?: number;
}

/**
 * Per search, transaction-local: `base` of a broad query (tens of thousands of rows) fits
 * in memory instead of spilling to temp files at the default 4 MB, and JIT compilation
 * (which starts at plan costs these statements reach) costs more than it saves here.
 * The parallel costs let a broad query's `base` be scanned, matched and ranked by
 * parallel workers (the default parallel_tuple_cost prices sending its rows to the leader
 * above scanning them alone, so `base` was never parallel): 'protein OR enzyme' (85,000
 * matches) went from ~300 to ~215 ms with 2 workers on a loaded 2-core machine. Narrow
 * queries keep their bitmap scans. PGlite has no workers; there the settings do nothing.
 */
const SEARCH_SETTINGS = `SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
  set_config('parallel_tuple_cost', '0.01', true), set_config('parallel_setup_cost', '100', true)`;

interface SearchRow {
  total: number;
  hits: GranaryRecord[];
  [facet: `facet_${string}`]: [string, number][];
}

/** A SearchEngine over the `records` table of `pool`. */
export function createPostgresSearchEngine(pool: Pool, options: PostgresSearchOptions = {}): SearchEngine {
  const maxPageSize = options.maxPageSize ?? 1000;
  const batchSize = options.reindexBatchSize ?? 1000;

  return {
    async search(req: SearchRequest): Promise<SearchResult> {
      const parsed = parseSearchRequest(req, maxPageSize);
      const { rows } = await transaction(pool, async (tx) => {
        await tx.query(SEARCH_SETTINGS);
        return tx.query<SearchRow>(toSearchStatement(parsed));
      });
      const row = rows[0];
      const facets: Record<string, { buckets: FacetBucket[] }> = {};
      for (const f of parsed.facets) facets[f] = { buckets: row[`facet_${f}`].map(([key, n]) => ({ key, doc_count: Number(n) })) };
      return { total: Number(row.total), hits: row.hits, facets };
    },

    // The trigger of 0002_search.sql already did the work in the writing transaction.
    async index(): Promise<void> {},
    // Searches skip rows whose deleted_at is set; there is no separate index to purge.
    async remove(): Promise<void> {},

    async reindexAll(onProgress?: (done: number, total: number) => void): Promise<number> {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM records');
      const total = Number(rows[0].n);
      let done = 0;
      let after = '';
      for (;;) {
        const batch = await transaction(pool, async (tx) => {
          // Tells the trigger to recompute although the JSON is unchanged (see 0002_search.sql).
          await tx.query(`SET LOCAL granary.search_reindex = 'on'`);
          // max(id) in SQL, not in JS: the next batch must continue in the database's collation.
          const res = await tx.query<{ n: number; last: string | null }>(
            `WITH u AS (
               UPDATE records r SET json = r.json
               WHERE r.id IN (SELECT id FROM records WHERE id > $1 ORDER BY id LIMIT $2)
               RETURNING r.id)
             SELECT count(*) AS n, max(id) AS last FROM u`,
            [after, batchSize],
          );
          return res.rows[0];
        });
        if (Number(batch.n) === 0 || batch.last === null) break;
        done += Number(batch.n);
        after = batch.last;
        onProgress?.(done, Math.max(total, done));
      }
      return done;
    },
  };
}
