/**
 * Storing one harvested page: creates, updates, tombstones and no-ops decided for the whole
 * page, then written set-wise (a few unnest() statements) inside the caller's transaction.
 * Records are matched by their source PID (`<sourceId>:<identifier>`), then by DOI, so the
 * same work harvested twice, or from two sources, is one record. A record that cannot be
 * stored is reported with its reason; the page's other records still land. When the
 * set-wise write hits a database error (say a DOI registered by a concurrent writer), the
 * page is replayed one record per SAVEPOINT to isolate the culprit.
 */
import type { Client } from '../src/db/pool.ts';
import { DomainError } from '../src/errors.ts';
import { accessFacts } from '../src/access/policy.ts';
import { mintRecid } from '../src/pids/recid.ts';
import { toStoredRecord } from '../src/records/normalize.ts';
import type { RecordWriteHooks } from '../src/records/hooks.ts';
import type { RecordValidator } from '../src/records/store.ts';
import type { GranaryRecord, RecordInput } from '../src/records/types.ts';

/** One harvested item: a record to store, a deletion, or a document the loader could not read. */
export interface HarvestItem {
  /** The source PID value, `<sourceId>:<identifier>`. */
  sourcePid: string;
  /** The identifier at the source (for failure reports). */
  identifier: string;
  deleted: boolean;
  input?: RecordInput;
  /** The input normalized and validated ahead of storing (prepareHarvestItems); its system fields are placeholders. */
  record?: GranaryRecord;
  /** Why the item could not be loaded; it is reported as failed. */
  error?: string;
}

export interface ItemFailure {
  identifier: string;
  reason: string;
}

export interface UpsertResult {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: number;
  failed: ItemFailure[];
}

export interface UpsertDeps {
  validator: RecordValidator;
  hooks?: RecordWriteHooks;
}

interface Existing {
  id: string;
  revision: number;
  created: string;
  deleted: boolean;
  deletionReason: string | null;
  json: GranaryRecord;
  hasSourcePid: boolean;
}

/** A planned write; `sourcePids` are the source PIDs to register for the record. */
type Write =
  | { kind: 'create'; item: HarvestItem; rec: GranaryRecord; sourcePids: string[] }
  | { kind: 'update'; item: HarvestItem; rec: GranaryRecord; old: Existing; sourcePids: string[] }
  | { kind: 'delete'; item: HarvestItem; old: Existing; sourcePids: string[] };

/** The deletion reason of a record its harvest source deleted: only such a record comes back when the source publishes it again. */
const HARVEST_DELETION_REASON = 'deleted at the harvest source';

const SYSTEM_KEYS = new Set(['id', 'created', 'updated', 'revision', '$schema']);

/** JSON with sorted keys, so jsonb's key order does not make equal documents differ. */
function toStableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(toStableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${toStableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The part of a record a harvest can change: everything but system fields and the harvest time. */
function toComparable(rec: GranaryRecord): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!SYSTEM_KEYS.has(k)) out[k] = v;
  if (rec.provenance) out.provenance = { ...rec.provenance, harvestDate: undefined };
  return toStableJson(out);
}

function toReason(err: unknown): string {
  if (err instanceof DomainError && err.details.length) return `${err.message} ${err.details.map((d) => `${d.pointer || '/'}: ${d.message}`).join('; ')}`;
  return (err as Error).message;
}

/** Records with their access facts (accessFacts) as one JSON array of `{r, l, e, o}` rows for jsonb_to_recordset. */
function toRowsJson(recs: GranaryRecord[]): string {
  return `[${recs
    .map((rec) => {
      const f = accessFacts(rec.access);
      return `{"r":${JSON.stringify(rec)},"l":${JSON.stringify(f.level)},"e":${JSON.stringify(f.embargoUntil)},"o":${JSON.stringify(f.owners)}}`;
    })
    .join(',')}]`;
}

async function lookup(tx: Client, sourcePids: string[], dois: string[]) {
  const bySource = new Map<string, Existing>();
  const byDoi = new Map<string, Existing>();
  if (!sourcePids.length && !dois.length) return { bySource, byDoi };
  const cols = `r.id, r.revision, r.created, r.deleted_at IS NOT NULL AS deleted, r.deletion_reason AS "deletionReason", r.json`;
  // Both lookups in one round trip, each planned as on its own. A DOI moved off a record
  // (status M) still leads to the record it redirects to.
  const { rows } = await tx.query<Existing & { value: string }>(
    `WITH by_source AS (
       SELECT p.value, ${cols}, true AS "hasSourcePid" FROM pids p JOIN records r ON r.id = p.record_id
        WHERE p.scheme = 'source' AND p.value = ANY($1::text[]) FOR UPDATE OF r),
     by_doi AS (
       SELECT p.value, ${cols}, false AS "hasSourcePid" FROM pids p JOIN records r ON r.id = COALESCE(p.redirect_to, p.record_id)
        WHERE p.scheme = 'doi' AND p.value = ANY($2::text[]) FOR UPDATE OF r)
     SELECT * FROM by_source UNION ALL SELECT * FROM by_doi`,
    [sourcePids, dois],
  );
  for (const r of rows) (r.hasSourcePid ? bySource : byDoi).set(r.value, r);
  return { bySource, byDoi };
}

/** Decide each item's write. Items must be prepared (validated) already. */
function planWrites(items: { item: HarvestItem; rec?: GranaryRecord }[], found: Awaited<ReturnType<typeof lookup>>, now: string, failed: ItemFailure[]) {
  const writes: Write[] = [];
  let unchanged = 0;
  // Items of one page that land on one record (same DOI): the later item wins the metadata
  // and every item's source PID points at the record (merge by DOI).
  const byRecord = new Map<string, Write & { kind: 'create' | 'update' }>();
  const newByDoi = new Map<string, string>();
  for (const { item, rec } of items) {
    const existing = found.bySource.get(item.sourcePid) ?? (rec?.doi ? found.byDoi.get(rec.doi) : undefined);
    if (item.deleted) {
      if (existing && !existing.deleted && existing.hasSourcePid) writes.push({ kind: 'delete', item, old: existing, sourcePids: [] });
      else unchanged++;
      continue;
    }
    if (!rec) continue;
    const byDoi = rec.doi ? found.byDoi.get(rec.doi) : undefined;
    if (existing?.deleted && !(existing.hasSourcePid && existing.deletionReason === HARVEST_DELETION_REASON)) {
      // A harvest brings back what its source deleted and publishes again (OAI-PMH 2.5.1),
      // never a record deleted or merged here, nor one it only shares a DOI with.
      failed.push({ identifier: item.identifier, reason: `record ${existing.id} was deleted in this repository (${existing.deletionReason ?? 'no reason given'}); a harvest does not restore it` });
      continue;
    }
    if (existing && byDoi && byDoi.id !== existing.id) {
      failed.push({ identifier: item.identifier, reason: `DOI ${rec.doi} is registered to record ${byDoi.id}, not to ${existing.id} which holds ${item.sourcePid}` });
      continue;
    }
    const recordId = existing?.id ?? (rec.doi ? newByDoi.get(rec.doi) : undefined);
    const twin = recordId ? byRecord.get(recordId) : undefined;
    if (twin) {
      twin.sourcePids.push(...(existing?.hasSourcePid ? [] : [item.sourcePid]));
      twin.item = item;
      twin.rec = { ...rec, id: twin.rec.id, created: twin.rec.created, updated: twin.rec.updated, revision: twin.rec.revision };
      continue;
    }
    if (existing) {
      const next = { ...rec, id: existing.id, created: existing.created, updated: now, revision: existing.revision + 1 };
      if (!existing.deleted && existing.hasSourcePid && toComparable(existing.json) === toComparable(next)) {
        unchanged++;
        continue;
      }
      const w = { kind: 'update' as const, item, rec: next, old: existing, sourcePids: existing.hasSourcePid ? [] : [item.sourcePid] };
      byRecord.set(existing.id, w);
      writes.push(w);
      continue;
    }
    // A prepared record carries placeholder times: a record is created when its page is stored.
    const w = { kind: 'create' as const, item, rec: { ...rec, id: mintRecid(), created: now, updated: now }, sourcePids: [item.sourcePid] };
    if (rec.doi) newByDoi.set(rec.doi, w.rec.id);
    byRecord.set(w.rec.id, w);
    writes.push(w);
  }
  return { writes, unchanged };
}

async function applyWrites(tx: Client, deps: UpsertDeps, writes: Write[], now: string): Promise<void> {
  const creates = writes.filter((w): w is Write & { kind: 'create' } => w.kind === 'create');
  const updates = writes.filter((w): w is Write & { kind: 'update' } => w.kind === 'update');
  const deletes = writes.filter((w): w is Write & { kind: 'delete' } => w.kind === 'delete');
  const pidRows: [string, string, string][] = [];

  for (const w of creates) {
    pidRows.push(['recid', w.rec.id, w.rec.id]);
    for (const sp of w.sourcePids) pidRows.push(['source', sp, w.rec.id]);
    if (w.rec.doi) pidRows.push(['doi', w.rec.doi, w.rec.id]);
  }
  for (const w of updates) {
    for (const sp of w.sourcePids) pidRows.push(['source', sp, w.rec.id]);
    if (w.rec.doi && w.rec.doi !== w.old.json.doi) pidRows.push(['doi', w.rec.doi, w.rec.id]);
  }

  const touched = [...updates.map((w) => w.old.id), ...deletes.map((w) => w.old.id)];
  if (touched.length) {
    await tx.query(`INSERT INTO record_revisions (record_id, revision, json, created) SELECT id, revision, json, updated FROM records WHERE id = ANY($1::text[])`, [touched]);
  }
  const resurrected = updates.filter((w) => w.old.deleted).map((w) => w.old.id);
  if (resurrected.length) {
    // The source publishes the record again: its PIDs resolve again (OAI-PMH 2.5.1 allows a deleted item to return).
    await tx.query(`UPDATE pids SET status = 'R', updated = now() WHERE record_id = ANY($1::text[]) AND status = 'D'`, [resurrected]);
  }
  const movedDois = updates.filter((w) => w.old.json.doi && w.old.json.doi !== w.rec.doi);
  if (movedDois.length) {
    // As in the record store: a replaced DOI stays with its record as a redirect, never reused.
    await tx.query(`UPDATE pids SET status = 'M', redirect_to = t.id, updated = now() FROM unnest($1::text[], $2::text[]) AS t(doi, id) WHERE scheme = 'doi' AND value = t.doi`, [
      movedDois.map((w) => w.old.json.doi as string),
      movedDois.map((w) => w.old.id),
    ]);
  }
  const pidsInserted = pidRows.length
    ? tx.query(`INSERT INTO pids (scheme, value, record_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
        pidRows.map((r) => r[0]),
        pidRows.map((r) => r[1]),
        pidRows.map((r) => r[2]),
      ])
    : undefined;
  // The new records' JSON (a megabyte for a page of 500) is built while the database inserts their PIDs.
  pidsInserted?.catch(() => undefined);
  const createdRows = creates.length ? toRowsJson(creates.map((w) => w.rec)) : '';
  await pidsInserted;
  if (creates.length) {
    // As in the bulk import (src/records/bulk.ts): the rows travel as ONE jsonb array, which
    // PostgreSQL parses once (a jsonb[] parameter escapes and unescapes every quote as an
    // array literal), and the search columns are computed set-wise here by the trigger's own
    // SQL function, with the transaction-local flag telling the trigger (0002_search.sql) to
    // skip these rows. The flag is cleared right after, so hooks and later writes are not
    // affected; a failed INSERT rolls it back with the savepoint.
    await tx.query(`SELECT set_config('granary.search_fields_supplied', 'on', true)`);
    await tx.query(
      `INSERT INTO records (id, json, schema, revision, created, updated, datestamp, doi, access_level, embargo_until, owners,
                           search_vector, resource_type, pub_year, subjects, creator_names, language, publisher, title_sort)
       SELECT t.r->>'id', t.r, t.r->>'$schema', 1, $2, $2, $2, t.r->>'doi', t.l, t.e, ARRAY(SELECT jsonb_array_elements_text(t.o)),
              s.search_vector, s.resource_type, s.pub_year, s.subjects, s.creator_names, s.language, s.publisher, s.title_sort
         FROM jsonb_to_recordset($1::jsonb) AS t(r jsonb, l text, e date, o jsonb)
        CROSS JOIN LATERAL granary_search_fields(t.r) AS s`,
      [createdRows, now],
    );
    await tx.query(`SELECT set_config('granary.search_fields_supplied', 'off', true)`);
    await deps.hooks?.afterBulkCreate?.(tx, creates.map((w) => w.rec.id), now);
  }
  if (updates.length) {
    // The trigger computes the search columns of an UPDATE (the flag is for INSERTs only).
    await tx.query(
      `UPDATE records r SET json = t.r, schema = t.r->>'$schema', revision = (t.r->>'revision')::int, updated = $2, datestamp = $2, doi = t.r->>'doi',
              access_level = t.l, embargo_until = t.e, owners = ARRAY(SELECT jsonb_array_elements_text(t.o)),
              deleted_at = NULL, deletion_reason = NULL
         FROM jsonb_to_recordset($1::jsonb) AS t(r jsonb, l text, e date, o jsonb)
        WHERE r.id = t.r->>'id'`,
      [toRowsJson(updates.map((w) => w.rec)), now],
    );
  }
  const deleted: GranaryRecord[] = deletes.map((w) => ({ ...w.old.json, revision: w.old.revision + 1, updated: now }));
  if (deletes.length) {
    await tx.query(
      `UPDATE records r SET json = t.json, revision = r.revision + 1, updated = $3, datestamp = $3, deleted_at = $3, deletion_reason = $4
         FROM unnest($1::text[], $2::jsonb[]) AS t(id, json) WHERE r.id = t.id`,
      [deleted.map((r) => r.id), deleted.map((r) => JSON.stringify(r)), now, HARVEST_DELETION_REASON],
    );
    await tx.query(`UPDATE pids SET status = 'D', updated = now() WHERE record_id = ANY($1::text[]) AND status = 'R'`, [deleted.map((r) => r.id)]);
  }
  if (deps.hooks?.afterWrite) {
    for (const w of updates) await deps.hooks.afterWrite({ tx, id: w.rec.id, record: w.rec, deleted: false, now });
    for (const rec of deleted) await deps.hooks.afterWrite({ tx, id: rec.id, record: rec, deleted: true, now });
  }
  const events = [
    ...creates.map((w) => ['record.created', w.rec.id, 1] as const),
    ...updates.map((w) => ['record.updated', w.rec.id, w.rec.revision] as const),
    ...deleted.map((r) => ['record.deleted', r.id, r.revision] as const),
  ];
  if (events.length) {
    await tx.query(`INSERT INTO outbox (type, record_id, revision) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`, [
      events.map((e) => e[0]),
      events.map((e) => e[1]),
      events.map((e) => e[2]),
    ]);
  }
}

/** The record to store for `input` (system fields as placeholders, `now` for the times), validated; or why it cannot be stored. */
function toValidRecord(input: RecordInput, now: string, validator: RecordValidator): GranaryRecord | string {
  try {
    const rec = toStoredRecord(input, { id: 'pending', created: now, updated: now, revision: 1 });
    const errors = validator.validate(rec);
    return errors.length ? `not a valid record: ${errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; ')}` : rec;
  } catch (err) {
    return toReason(err);
  }
}

/**
 * Normalize and validate a page's items before the page is stored (while the previous page is
 * being written, not inside this page's transaction): each gets its `record`, or its `error`.
 * upsertPage does the same for items that were not prepared, with the same outcome; the
 * placeholder times are replaced when the page is stored.
 */
export function prepareHarvestItems(items: HarvestItem[], validator: RecordValidator): HarvestItem[] {
  const now = new Date().toISOString();
  return items.map((item) => {
    if (item.error !== undefined || item.deleted || !item.input || item.record) return item;
    const rec = toValidRecord(item.input, now, validator);
    return typeof rec === 'string' ? { ...item, error: rec } : { ...item, record: rec };
  });
}

/**
 * Store one page of harvested items inside `tx` (the caller's transaction, which also holds
 * the harvest checkpoint). Never throws for a bad record; throws only for database failures
 * that are not about one record.
 */
/** A database error writing one item, as its failure report. */
function toStoreFailure(item: HarvestItem, err: unknown): ItemFailure {
  const detail = (err as { detail?: string }).detail;
  return { identifier: item.identifier, reason: `could not be stored: ${(err as Error).message}${detail ? ` (${detail})` : ''}` };
}

/** Apply `writes` under a savepoint; on failure roll back to it and return the error, else null. */
async function applyUnderSavepoint(tx: Client, deps: UpsertDeps, writes: Write[], now: string, name: string): Promise<{ error: unknown } | null> {
  await tx.query(`SAVEPOINT ${name}`);
  try {
    await applyWrites(tx, deps, writes, now);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return null;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    return { error };
  }
}

/** One item planned and written again after a unique violation; the write, 'unchanged', or null when it failed (reported). */
async function replanItem(tx: Client, deps: UpsertDeps, w: Write & { kind: 'create' }, now: string, failed: ItemFailure[]): Promise<Write | 'unchanged' | null> {
  const found = await lookup(tx, [w.item.sourcePid], w.rec.doi ? [w.rec.doi] : []);
  const plan = planWrites([{ item: w.item, rec: w.rec }], found, now, failed);
  if (plan.unchanged) return 'unchanged';
  const next = plan.writes[0];
  if (!next) return null; // planWrites reported why
  const failure = await applyUnderSavepoint(tx, deps, [next], now, 'harvest_item');
  if (!failure) return next;
  failed.push(toStoreFailure(w.item, failure.error));
  return null;
}

export async function upsertPage(tx: Client, deps: UpsertDeps, items: HarvestItem[], now: string): Promise<UpsertResult> {
  const failed: ItemFailure[] = [];
  // A source that lists one identifier twice in a page: the later entry is the current one.
  const last = new Map<string, HarvestItem>();
  for (const item of items) {
    last.delete(item.sourcePid);
    last.set(item.sourcePid, item);
  }
  const prepared: { item: HarvestItem; rec?: GranaryRecord }[] = [];
  for (const item of last.values()) {
    if (item.error !== undefined) {
      failed.push({ identifier: item.identifier, reason: item.error });
      continue;
    }
    if (item.deleted) {
      prepared.push({ item });
      continue;
    }
    if (!item.input) {
      failed.push({ identifier: item.identifier, reason: 'no metadata' });
      continue;
    }
    const rec = item.record ?? toValidRecord(item.input, now, deps.validator);
    if (typeof rec === 'string') failed.push({ identifier: item.identifier, reason: rec });
    else prepared.push({ item, rec });
  }
  const found = await lookup(
    tx,
    prepared.map((p) => p.item.sourcePid),
    [...new Set(prepared.map((p) => p.rec?.doi).filter((d): d is string => Boolean(d)))],
  );
  const { writes, unchanged: unchangedAtFirst } = planWrites(prepared, found, now, failed);
  let unchanged = unchangedAtFirst;
  const ok: Write[] = [];
  if (!(await applyUnderSavepoint(tx, deps, writes, now, 'harvest_page'))) ok.push(...writes);
  else {
    for (const w of writes) {
      const failure = await applyUnderSavepoint(tx, deps, [w], now, 'harvest_item');
      if (!failure) ok.push(w);
      else if (w.kind === 'create' && (failure.error as { code?: string }).code === '23505') {
        // A concurrent writer (a bulk import, another source, the REST API) registered this
        // DOI or source PID after the lookup: plan the item again against what is stored now,
        // so it is merged into that record instead of failing.
        const again = await replanItem(tx, deps, w, now, failed);
        if (again === 'unchanged') unchanged++;
        else if (again) ok.push(again);
      } else failed.push(toStoreFailure(w.item, failure.error));
    }
  }
  return {
    created: ok.filter((w) => w.kind === 'create').map((w) => w.rec.id),
    updated: ok.filter((w) => w.kind === 'update').map((w) => w.rec.id),
    deleted: ok.filter((w) => w.kind === 'delete').map((w) => w.old.id),
    unchanged,
    failed,
  };
}
