/**
 * Bulk import: validate many records in memory, then write a whole batch in one
 * transaction with set-wise SQL (unnest of arrays), so 100,000 records go in at the rate
 * of a few large statements rather than 100,000 round trips. Rejected records are reported
 * with their position and reason and never stop the batch.
 */
import { transaction, type Pool } from '../db/pool.ts';
import { DomainError, type FieldError } from '../errors.ts';
import { mintRecid } from '../pids/recid.ts';
import { toStoredRecord } from './normalize.ts';
import type { RecordValidator } from './store.ts';
import type { RecordWriteHooks } from './hooks.ts';
import type { GranaryRecord, RecordInput } from './types.ts';

export interface BulkItem {
  /** Where the record came from, for error reports (a line number, a file name). */
  position: string;
  input: RecordInput;
}

export interface Rejected {
  position: string;
  errors: FieldError[];
}

export interface BulkResult {
  created: string[];
  rejected: Rejected[];
}

export interface BulkDeps {
  pool: Pool;
  validator: RecordValidator;
  hooks?: RecordWriteHooks;
  now?: () => Date;
}

/** A validated batch, ready to write. */
export interface PreparedBatch {
  now: string;
  good: { position: string; rec: GranaryRecord }[];
  rejected: Rejected[];
}

/** Validate and store a batch in one transaction. */
export async function importBatch(deps: BulkDeps, items: BulkItem[], opts: { strict?: boolean } = {}): Promise<BulkResult> {
  return writeBatch(deps, prepareBatch(deps, items), opts);
}

/**
 * The CPU half of an import: normalize and validate, in memory. Split from writeBatch so
 * an importer can validate batch k+1 while the database writes batch k.
 */
export function prepareBatch(deps: Pick<BulkDeps, 'validator' | 'now'>, items: BulkItem[]): PreparedBatch {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const rejected: Rejected[] = [];
  const good: { position: string; rec: GranaryRecord }[] = [];
  const seenDois = new Map<string, string>();
  for (const item of items) {
    let rec: GranaryRecord;
    try {
      rec = toStoredRecord(item.input, { id: mintRecid(), created: now, updated: now, revision: 1 });
    } catch (err) {
      if (err instanceof DomainError) {
        rejected.push({ position: item.position, errors: err.details.length ? err.details : [{ pointer: '', message: err.message }] });
        continue;
      }
      throw err;
    }
    const errors = deps.validator.validate(rec);
    if (errors.length) {
      rejected.push({ position: item.position, errors });
      continue;
    }
    if (rec.doi) {
      const first = seenDois.get(rec.doi);
      if (first) {
        rejected.push({ position: item.position, errors: [{ pointer: '/doi', message: `DOI ${rec.doi} is used again (first at ${first})` }] });
        continue;
      }
      seenDois.set(rec.doi, item.position);
    }
    good.push({ position: item.position, rec });
  }
  return { now, good, rejected };
}

/** The database half: one transaction for the whole batch. */
export async function writeBatch(deps: BulkDeps, prepared: PreparedBatch, opts: { strict?: boolean } = {}): Promise<BulkResult> {
  const { now, good } = prepared;
  const rejected = [...prepared.rejected];
  // --strict: a batch with any bad record writes nothing.
  if (!good.length || (opts.strict && rejected.length)) return { created: [], rejected };

  return transaction(deps.pool, async (tx) => {
    // DOIs already registered (to any record, in any state) are rejected, not overwritten.
    const dois = good.filter((g) => g.rec.doi).map((g) => g.rec.doi as string);
    let batch = good;
    if (dois.length) {
      const { rows } = await tx.query<{ value: string }>(`SELECT value FROM pids WHERE scheme = 'doi' AND value = ANY($1::text[])`, [dois]);
      const taken = new Set(rows.map((r) => r.value));
      if (taken.size) {
        batch = [];
        for (const g of good) {
          if (g.rec.doi && taken.has(g.rec.doi)) {
            rejected.push({ position: g.position, errors: [{ pointer: '/doi', message: `DOI ${g.rec.doi} is already registered to another record` }] });
          } else batch.push(g);
        }
      }
    }
    if (!batch.length || (opts.strict && rejected.length)) return { created: [], rejected };
    const ids = batch.map((g) => g.rec.id);
    const pidSchemes: string[] = [];
    const pidValues: string[] = [];
    const pidRecords: string[] = [];
    for (const g of batch) {
      pidSchemes.push('recid');
      pidValues.push(g.rec.id);
      pidRecords.push(g.rec.id);
      if (g.rec.doi) {
        pidSchemes.push('doi');
        pidValues.push(g.rec.doi);
        pidRecords.push(g.rec.id);
      }
    }
    await tx.query(`INSERT INTO pids (scheme, value, record_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [pidSchemes, pidValues, pidRecords]);
    // The batch travels as ONE jsonb array: PostgreSQL parses it once, far faster than a
    // jsonb[] parameter whose every quote must be escaped and unescaped as an array literal.
    await tx.query(
      `INSERT INTO records (id, json, schema, revision, created, updated, datestamp, doi, access_level, embargo_until, owners)
       SELECT e->>'id', e, e->>'$schema', 1, $2, $2, $2, e->>'doi',
              coalesce(e#>>'{access,record}', 'public'),
              CASE WHEN e#>>'{access,record}' = 'embargoed' THEN (e#>>'{access,embargo,until}')::date END,
              coalesce(ARRAY(SELECT jsonb_array_elements_text(e#>'{access,owners}')), '{}')
         FROM jsonb_array_elements($1::jsonb) AS e`,
      [`[${batch.map((g) => JSON.stringify(g.rec)).join(',')}]`, now],
    );
    await deps.hooks?.afterBulkCreate?.(tx, ids, now);
    await tx.query(`INSERT INTO outbox (type, record_id, revision) SELECT 'record.created', unnest($1::text[]), 1`, [ids]);
    return { created: ids, rejected };
  });
}
