/**
 * The record store: create, read, update, JSON-Patch, delete (tombstone) and revisions.
 * Every write is one transaction holding the record row, the previous revision, the PIDs,
 * the hooks' work (set memberships) and one outbox event.
 */
import type { Operation } from 'fast-json-patch';
import { unstorableText } from '../text.ts';
import { transaction, type Client, type Pool } from '../db/pool.ts';
import { BadRequest, Forbidden, Gone, NotFound, RevisionMismatch, Unauthorized, ValidationFailed, type FieldError } from '../errors.ts';
import { accessFacts, canRead } from '../access/policy.ts';
import { canWrite, type Identity } from '../access/identity.ts';
import { mintRecid } from '../pids/recid.ts';
import { redirectPids, registerPid, resolvePid, tombstonePids, type PidScheme } from '../pids/store.ts';
import { applyJsonPatch } from './json-patch.ts';
import { toStoredRecord } from './normalize.ts';
import type { RecordWriteHooks } from './hooks.ts';
import type { GranaryRecord, RecordInput } from './types.ts';

/** Validates a full stored document; returns one FieldError per problem. */
export interface RecordValidator {
  validate(doc: unknown): FieldError[];
}

export interface RecordStoreDeps {
  pool: Pool;
  validator: RecordValidator;
  hooks?: RecordWriteHooks;
  now?: () => Date;
}

export interface RevisionSummary {
  revision: number;
  updated: string;
  current: boolean;
}

interface RecordRow {
  id: string;
  json: GranaryRecord;
  revision: number;
  deleted_at: string | null;
  deletion_reason: string | null;
  access_level: 'public' | 'restricted' | 'embargoed';
  embargo_until: string | null;
  owners: string[];
}

const COLUMNS = 'id, json, revision, deleted_at, deletion_reason, access_level, embargo_until, owners';

export interface WriteOptions {
  /** Optimistic concurrency: the revision the client last saw (If-Match). */
  ifRevision?: number;
  /**
   * Further conditions on the locked current version (the REST layer's RFC 9110 preconditions);
   * throws RevisionMismatch when the write must not happen.
   */
  precondition?: (current: { revision: number; updated: string }) => void;
}

export function createRecordStore(deps: RecordStoreDeps) {
  const { pool, validator, hooks = {} } = deps;
  const clock = deps.now ?? (() => new Date());

  function requireWriter(identity: Identity): void {
    if (identity.id === null) throw new Unauthorized('Writing records needs a curator or admin token (Authorization: Bearer <token>).');
    if (!canWrite(identity)) throw new Forbidden('Writing records needs a curator or admin token.');
  }

  /**
   * Every write is one transaction, run again (up to 3 times) when PostgreSQL picks it as a
   * deadlock victim or serialization failure: a record write and a set recompute lock the
   * same rows from opposite ends, and the loser must not become a 500. Safe because all
   * of a write's effects are in the transaction (recids are minted before it).
   */
  const write = <T>(fn: (tx: Client) => Promise<T>) => transaction(pool, fn, { retries: 3 });

  function validateOrThrow(doc: GranaryRecord): void {
    const errors = validator.validate(doc);
    if (errors.length) throw new ValidationFailed('The record does not match its schema.', errors);
  }

  /** A record the identity may not read is NotFound, so its existence does not leak. */
  async function checkReadable(db: Pool | Client, identity: Identity, row: RecordRow): Promise<void> {
    const facts = { level: row.access_level, embargoUntil: row.embargo_until, owners: row.owners };
    if (!canRead(identity, facts, clock())) throw new NotFound(`No record with id ${row.id}.`);
    if (row.deleted_at) {
      // A merged record's recid redirects (301); a deleted one is a tombstone (410).
      await resolvePid(db, 'recid', row.id);
      throw new Gone(`Record ${row.id} was deleted.`, row.deleted_at, row.deletion_reason);
    }
  }

  async function loadRow(db: Pool | Client, id: string, lock = false): Promise<RecordRow> {
    // No stored id holds U+0000; asking PostgreSQL would fail (SQLSTATE 22021), so answer here.
    if (unstorableText(id)) throw new NotFound(`No record with id ${JSON.stringify(id)}.`);
    const { rows } = await db.query<RecordRow>(`SELECT ${COLUMNS} FROM records WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!rows[0]) {
      // A merged record's recid answers 301 (resolvePid throws Moved); otherwise 404.
      await resolvePid(db, 'recid', id);
      throw new NotFound(`No record with id ${id}.`);
    }
    return rows[0];
  }

  /** Lock a record for a write, check it is readable (not deleted) and at the revision the client saw. */
  async function loadForWrite(tx: Client, identity: Identity, id: string, opts: WriteOptions): Promise<RecordRow> {
    const row = await loadRow(tx, id, true);
    await checkReadable(tx, identity, row);
    if (opts.ifRevision !== undefined && opts.ifRevision !== row.revision) throw new RevisionMismatch(opts.ifRevision, row.revision);
    opts.precondition?.({ revision: row.revision, updated: row.json.updated });
    return row;
  }

  async function insertRow(tx: Client, rec: GranaryRecord, now: string): Promise<void> {
    const f = accessFacts(rec.access);
    await tx.query(
      `INSERT INTO records (id, json, schema, revision, created, updated, datestamp, doi, access_level, embargo_until, owners)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [rec.id, rec, rec.$schema, rec.revision, rec.created, rec.updated, now, rec.doi ?? null, f.level, f.embargoUntil, f.owners],
    );
  }

  async function emit(tx: Client, type: string, rec: GranaryRecord): Promise<void> {
    await tx.query(`INSERT INTO outbox (type, record_id, revision) VALUES ($1, $2, $3)`, [type, rec.id, rec.revision]);
  }

  /** Create a record; returns it with its minted recid. */
  async function create(identity: Identity, input: RecordInput, opts: { sourcePid?: string } = {}): Promise<GranaryRecord> {
    requireWriter(identity);
    const now = clock().toISOString();
    const id = mintRecid();
    const rec = toStoredRecord(input, { id, created: now, updated: now, revision: 1 });
    validateOrThrow(rec);
    return write(async (tx) => {
      await registerPid(tx, 'recid', id, id);
      if (rec.doi) await registerPid(tx, 'doi', rec.doi, id);
      if (opts.sourcePid) await registerPid(tx, 'source', opts.sourcePid, id);
      await insertRow(tx, rec, now);
      await hooks.afterWrite?.({ tx, id, record: rec, deleted: false, now });
      await emit(tx, 'record.created', rec);
      return rec;
    });
  }

  async function get(identity: Identity, id: string): Promise<GranaryRecord> {
    const row = await loadRow(pool, id);
    await checkReadable(pool, identity, row);
    return row.json;
  }

  /**
   * Replace a record's metadata (PUT), keeping the previous version as a revision. A body
   * without `access` keeps the record's access rather than taking the default (public): a
   * client that sends only metadata (as most DataCite tools do) must not publish a
   * restricted or embargoed record by omission.
   */
  async function update(identity: Identity, id: string, input: RecordInput, opts: WriteOptions = {}): Promise<GranaryRecord> {
    return updateWith(identity, id, (current) => (input.access === undefined ? { ...input, access: current.access } : input), opts);
  }

  /**
   * Update with the input computed from the locked current row, inside the transaction: a
   * PATCH applies to the version it replaces, so concurrent PATCHes without If-Match all
   * apply (one after another) instead of failing a precondition nobody sent.
   */
  async function updateWith(identity: Identity, id: string, toInput: (current: GranaryRecord) => RecordInput, opts: WriteOptions = {}): Promise<GranaryRecord> {
    requireWriter(identity);
    return write(async (tx) => {
      const row = await loadForWrite(tx, identity, id, opts);
      const input = toInput(row.json);
      const now = clock().toISOString();
      const rec = toStoredRecord(input, { id, created: row.json.created, updated: now, revision: row.revision + 1 });
      validateOrThrow(rec);
      await tx.query(`INSERT INTO record_revisions (record_id, revision, json, created) VALUES ($1, $2, $3, $4)`, [id, row.revision, row.json, row.json.updated]);
      const oldDoi = row.json.doi;
      if (rec.doi !== oldDoi) {
        // The old DOI stays with this record as a redirect, so it is never reused.
        if (oldDoi) await tx.query(`UPDATE pids SET status = 'M', redirect_to = $2, updated = now() WHERE scheme = 'doi' AND value = $1`, [oldDoi, id]);
        if (rec.doi) {
          // A DOI this record had before (kept as its own redirect, status M) comes back to it:
          // a PUT restoring an old revision must not be refused as "registered to another record".
          const back = await tx.query(
            `UPDATE pids SET status = 'R', redirect_to = NULL, updated = now() WHERE scheme = 'doi' AND value = $1 AND record_id = $2 AND redirect_to = $2 AND status = 'M'`,
            [rec.doi, id],
          );
          if (!back.rowCount) await registerPid(tx, 'doi', rec.doi, id);
        }
      }
      const f = accessFacts(rec.access);
      await tx.query(
        `UPDATE records SET json = $2, schema = $3, revision = $4, updated = $5, datestamp = $5, doi = $6,
                access_level = $7, embargo_until = $8, owners = $9 WHERE id = $1`,
        [id, rec, rec.$schema, rec.revision, now, rec.doi ?? null, f.level, f.embargoUntil, f.owners],
      );
      await hooks.afterWrite?.({ tx, id, record: rec, deleted: false, now });
      await emit(tx, 'record.updated', rec);
      return rec;
    });
  }

  /** Apply an RFC 6902 JSON Patch to the record's current version (locked), then update. */
  async function patch(identity: Identity, id: string, ops: Operation[], opts: WriteOptions = {}): Promise<GranaryRecord> {
    return updateWith(
      identity,
      id,
      (current) => applyJsonPatch(current, ops),
      opts,
    );
  }

  /** Delete: the record stays as a tombstone (410) and its PIDs are never reused. */
  async function remove(identity: Identity, id: string, opts: WriteOptions & { reason?: string } = {}): Promise<{ deletedAt: string }> {
    requireWriter(identity);
    return write(async (tx) => {
      const row = await loadForWrite(tx, identity, id, opts);
      const now = clock().toISOString();
      const reason = opts.reason ?? null;
      await tx.query(`INSERT INTO record_revisions (record_id, revision, json, created) VALUES ($1, $2, $3, $4)`, [id, row.revision, row.json, row.json.updated]);
      const rec = { ...row.json, revision: row.revision + 1, updated: now };
      await tx.query(
        `UPDATE records SET json = $2, revision = $3, updated = $4, datestamp = $4, deleted_at = $4, deletion_reason = $5 WHERE id = $1`,
        [id, rec, rec.revision, now, reason],
      );
      await tombstonePids(tx, id);
      await hooks.afterWrite?.({ tx, id, record: rec, deleted: true, now });
      await emit(tx, 'record.deleted', rec);
      return { deletedAt: now };
    });
  }

  async function revisions(identity: Identity, id: string): Promise<RevisionSummary[]> {
    const row = await loadRow(pool, id);
    await checkReadable(pool, identity, row);
    const { rows } = await pool.query<{ revision: number; created: string }>(
      `SELECT revision, created FROM record_revisions WHERE record_id = $1 ORDER BY revision`,
      [id],
    );
    return [...rows.map((r) => ({ revision: r.revision, updated: r.created, current: false })), { revision: row.revision, updated: row.json.updated, current: true }];
  }

  async function revision(identity: Identity, id: string, n: number): Promise<GranaryRecord> {
    const row = await loadRow(pool, id);
    await checkReadable(pool, identity, row);
    if (n === row.revision) return row.json;
    const { rows } = await pool.query<{ json: GranaryRecord }>(`SELECT json FROM record_revisions WHERE record_id = $1 AND revision = $2`, [id, n]);
    if (!rows[0]) throw new NotFound(`Record ${id} has no revision ${n}.`);
    return rows[0].json;
  }

  /** Resolve a PID to a readable record (404 for records the identity may not read). */
  async function resolve(identity: Identity, scheme: PidScheme, value: string): Promise<GranaryRecord> {
    const id = await resolvePid(pool, scheme, value);
    try {
      return await get(identity, id);
    } catch (err) {
      // A record the caller may not read answers as an unknown PID: its id must not show.
      if (err instanceof NotFound) throw new NotFound(`No record has the ${scheme} ${value}.`);
      throw err;
    }
  }

  /** Merge: `fromId` becomes a redirect to `intoId` (its PIDs answer 301) and is tombstoned. */
  async function merge(identity: Identity, fromId: string, intoId: string): Promise<void> {
    requireWriter(identity);
    if (fromId === intoId) throw new BadRequest(`A record cannot be merged into itself (${fromId}).`);
    await write(async (tx) => {
      // Both rows locked, in id order, so merge(A, B) and merge(B, A) at once cannot both
      // pass their checks (one waits, then finds its target merged) nor deadlock.
      const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
      const rows = new Map<string, RecordRow>();
      for (const id of [first, second]) {
        const row = await loadRow(tx, id, true);
        await checkReadable(tx, identity, row); // a deleted or merged record: 410 or 301, never a merge
        rows.set(id, row);
      }
      const from = rows.get(fromId)!;
      const now = clock().toISOString();
      // Like any change: the previous version is kept, and the stored JSON carries the new revision.
      await tx.query(`INSERT INTO record_revisions (record_id, revision, json, created) VALUES ($1, $2, $3, $4)`, [fromId, from.revision, from.json, from.json.updated]);
      const rec = { ...from.json, revision: from.revision + 1, updated: now };
      await tx.query(`UPDATE records SET json = $2, revision = $3, updated = $4, datestamp = $4, deleted_at = $4, deletion_reason = $5 WHERE id = $1`, [
        fromId,
        rec,
        rec.revision,
        now,
        `merged into ${intoId}`,
      ]);
      await redirectPids(tx, fromId, intoId);
      await hooks.afterWrite?.({ tx, id: fromId, record: rec, deleted: true, now });
      await emit(tx, 'record.deleted', rec);
    });
  }

  return { create, get, update, patch, remove, revisions, revision, resolve, merge };
}

export type RecordStore = ReturnType<typeof createRecordStore>;
