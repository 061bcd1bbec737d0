/**
 * Bulk import: validate many records in memory, then write a whole batch in one
 * transaction with set-wise SQL (unnest of arrays), so 100,000 records go in at the rate
 * of a few large statements rather than 100,000 round trips. Rejected records are reported
 * with their position and reason and never stop the batch.
 */
import { transaction, type Pool } from '../db/pool.ts';
import { DomainError, type FieldError } from '../errors.ts';
import { accessFacts } from '../access/policy.ts';
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

/** Validate and store a batch in one transaction. */
export async function importBatch(
  deps: { pool: Pool; validator: RecordValidator; hooks?: RecordWriteHooks; now?: () => Date },
  items: BulkItem[],
  opts: { strict?: boolean } = {},
): Promise<BulkResult> {
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
    const docs = batch.map((g) => JSON.stringify(g.rec));
    const schemas = batch.map((g) => g.rec.$schema);
    const facts = batch.map((g) => accessFacts(g.rec.access));
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
    await tx.query(
      `INSERT INTO records (id, json, schema, revision, created, updated, datestamp, doi, access_level, embargo_until, owners)
       SELECT t.id, t.json, t.schema, 1, $4, $4, $4, t.json->>'doi', t.level, t.embargo, ARRAY(SELECT jsonb_array_elements_text(t.owners))
         FROM unnest($1::text[], $2::jsonb[], $3::text[], $5::text[], $6::date[], $7::jsonb[]) AS t(id, json, schema, level, embargo, owners)`,
      [ids, docs, schemas, now, facts.map((f) => f.level), facts.map((f) => f.embargoUntil), facts.map((f) => JSON.stringify(f.owners))],
    );
    await deps.hooks?.afterBulkCreate?.(tx, ids, now);
    await tx.query(`INSERT INTO outbox (type, record_id, revision) SELECT 'record.created', unnest($1::text[]), 1`, [ids]);
    return { created: ids, rejected };
  });
}
