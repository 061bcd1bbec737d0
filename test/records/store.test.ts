/** Contract suite for the record store, run against PGlite and a real PostgreSQL server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase } from '../support/db.ts';
import { sampleRecord } from '../support/records.ts';
import type { Database } from '../../src/db/pool.ts';
import { createRecordStore, type RecordStore } from '../../src/records/store.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import { importBatch } from '../../src/records/bulk.ts';
import { anonymous, system, type Identity } from '../../src/access/identity.ts';
import { BadRequest, Conflict, Forbidden, Gone, Moved, NotFound, RevisionMismatch, Unauthorized, ValidationFailed } from '../../src/errors.ts';
import { isRecid } from '../../src/pids/recid.ts';

const validator = createRecordValidator();
const curator: Identity = { id: 'alice', roles: ['curator'] };

describe.each(DATABASE_KINDS)('record store on %s', (kind) => {
  let db: Database;
  let store: RecordStore;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = createRecordStore({ pool: db.pool, validator });
  });
  afterAll(async () => db?.close());

  const count = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('creates a record with a minted recid, system fields and an outbox event', async () => {
    const before = await count('outbox');
    const rec = await store.create(curator, sampleRecord(1, { doi: 'https://doi.org/10.1234/ABC.1' } as never));
    expect(isRecid(rec.id)).toBe(true);
    expect(rec.revision).toBe(1);
    expect(rec.doi).toBe('10.1234/abc.1');
    expect(rec.$schema).toBe('local://records/record-v1.0.0.json');
    expect(await count('outbox')).toBe(before + 1);
    expect(await store.get(anonymous, rec.id)).toEqual(rec);
    expect((await store.resolve(anonymous, 'doi', '10.1234/abc.1')).id).toBe(rec.id);
  });

  it('rejects writes without a writer identity, and writes nothing', async () => {
    const before = await count('records');
    await expect(store.create(anonymous, sampleRecord(2))).rejects.toBeInstanceOf(Unauthorized);
    await expect(store.create({ id: 'bob', roles: [] }, sampleRecord(2))).rejects.toBeInstanceOf(Forbidden);
    expect(await count('records')).toBe(before);
  });

  it('rejects unknown properties with the JSON pointer, and writes nothing', async () => {
    const before = await count('records');
    const bad = { ...sampleRecord(3), titles: [{ title: 'x', colour: 'red' }] };
    const err = await store.create(curator, bad as never).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    expect(err.details.map((d: { pointer: string }) => d.pointer)).toContain('/titles/0/colour');
    expect(await count('records')).toBe(before);
  });

  it('rejects invalid and duplicate DOIs', async () => {
    await expect(store.create(curator, sampleRecord(4, { doi: 'not-a-doi' } as never))).rejects.toBeInstanceOf(ValidationFailed);
    await store.create(curator, sampleRecord(5, { doi: '10.1234/dup' } as never));
    const before = await count('records');
    await expect(store.create(curator, sampleRecord(6, { doi: '10.1234/DUP' } as never))).rejects.toBeInstanceOf(Conflict);
    expect(await count('records')).toBe(before);
  });

  it('keeps every previous version as a revision and checks If-Match', async () => {
    const rec = await store.create(curator, sampleRecord(7));
    const v2 = await store.update(curator, rec.id, sampleRecord(8), { ifRevision: 1 });
    expect(v2.revision).toBe(2);
    expect(v2.created).toBe(rec.created);
    await expect(store.update(curator, rec.id, sampleRecord(9), { ifRevision: 1 })).rejects.toBeInstanceOf(RevisionMismatch);
    const v3 = await store.patch(curator, rec.id, [{ op: 'replace', path: '/titles/0/title', value: 'Patched' }]);
    expect(v3.titles?.[0].title).toBe('Patched');
    const revs = await store.revisions(anonymous, rec.id);
    expect(revs.map((r) => r.revision)).toEqual([1, 2, 3]);
    expect((await store.revision(anonymous, rec.id, 1)).titles?.[0].title).toBe('Sample dataset 7');
    expect((await store.revision(anonymous, rec.id, 2)).titles?.[0].title).toBe('Sample dataset 8');
  });

  it('refuses a patch that breaks the schema or cannot apply', async () => {
    const rec = await store.create(curator, sampleRecord(10));
    await expect(store.patch(curator, rec.id, [{ op: 'add', path: '/nonsense', value: 1 }])).rejects.toBeInstanceOf(ValidationFailed);
    await expect(store.patch(curator, rec.id, [{ op: 'remove', path: '/titles/5' }])).rejects.toThrow(/cannot be applied/);
    expect((await store.get(anonymous, rec.id)).revision).toBe(1);
  });

  it('deletes to a tombstone: 410 with time and reason, PIDs never reused', async () => {
    const rec = await store.create(curator, sampleRecord(11, { doi: '10.1234/gone' } as never));
    await store.remove(curator, rec.id, { reason: 'spam' });
    const err = await store.get(anonymous, rec.id).catch((e) => e);
    expect(err).toBeInstanceOf(Gone);
    expect(err.reason).toBe('spam');
    expect(err.deletedAt).toMatch(/^\d{4}-/);
    await expect(store.resolve(anonymous, 'doi', '10.1234/gone')).rejects.toBeInstanceOf(Gone);
    await expect(store.create(curator, sampleRecord(12, { doi: '10.1234/gone' } as never))).rejects.toBeInstanceOf(Conflict);
  });

  it('answers Moved for a merged record', async () => {
    const a = await store.create(curator, sampleRecord(13));
    const b = await store.create(curator, sampleRecord(14));
    await store.merge(curator, a.id, b.id);
    const err = await store.get(anonymous, a.id).catch((e) => e);
    expect(err).toBeInstanceOf(Moved);
    expect(err.targetId).toBe(b.id);
  });

  it('merges only live, distinct records, keeping the revision history like any change', async () => {
    const a = await store.create(curator, sampleRecord(31));
    const b = await store.create(curator, sampleRecord(32));
    await expect(store.merge(curator, a.id, a.id)).rejects.toBeInstanceOf(BadRequest);
    // merge(A, B) and merge(B, A) at once: exactly one happens, and the other record stays live.
    const both = await Promise.allSettled([store.merge(curator, a.id, b.id), store.merge(curator, b.id, a.id)]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { rows } = await db.pool.query<{ id: string; deleted: boolean; revision: number; json_revision: number; kept: number }>(
      `SELECT r.id, r.deleted_at IS NOT NULL AS deleted, r.revision, (r.json->>'revision')::int AS json_revision,
              (SELECT count(*)::int FROM record_revisions v WHERE v.record_id = r.id) AS kept
         FROM records r WHERE r.id = ANY($1::text[]) ORDER BY r.deleted_at NULLS FIRST`,
      [[a.id, b.id]],
    );
    expect(rows.map((r) => r.deleted)).toEqual([false, true]);
    for (const r of rows) {
      expect(r.json_revision).toBe(r.revision);
      expect(r.kept).toBe(r.revision - 1);
    }
    const [live, merged] = rows;
    // Into a deleted (merged) record, or from one: refused, the tombstone untouched.
    const c = await store.create(curator, sampleRecord(33));
    await expect(store.merge(curator, c.id, merged!.id)).rejects.toBeInstanceOf(Moved);
    await expect(store.merge(curator, merged!.id, c.id)).rejects.toBeInstanceOf(Moved);
    expect((await store.get(curator, c.id)).revision).toBe(1);
    expect(live!.id).not.toBe(merged!.id);
  });

  it('applies concurrent PATCHes without If-Match one after another, none refused', async () => {
    const rec = await store.create(curator, sampleRecord(34, { subjects: [{ subject: 'first' }] }));
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => store.patch(curator, rec.id, [{ op: 'add', path: '/subjects/-', value: { subject: `s${i}` } }])),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const after = await store.get(curator, rec.id);
    expect(after.revision).toBe(13);
    expect((after.subjects ?? []).map((x) => x.subject).sort()).toEqual(['first', ...Array.from({ length: 12 }, (_, i) => `s${i}`)].sort());
    // With If-Match, a stale revision is still a RevisionMismatch.
    await expect(store.patch(curator, rec.id, [{ op: 'remove', path: '/subjects/0' }], { ifRevision: 1 })).rejects.toBeInstanceOf(RevisionMismatch);
  });

  it('hides restricted records from those who may not read them', async () => {
    const rec = await store.create(curator, sampleRecord(15, { access: { record: 'restricted', owners: ['alice'] } }));
    await expect(store.get(anonymous, rec.id)).rejects.toBeInstanceOf(NotFound);
    await expect(store.get({ id: 'bob', roles: ['curator'] }, rec.id)).rejects.toBeInstanceOf(NotFound);
    expect((await store.get(curator, rec.id)).id).toBe(rec.id);
    expect((await store.get(system, rec.id)).id).toBe(rec.id);
    const embargoed = await store.create(curator, sampleRecord(16, { access: { record: 'embargoed', embargo: { until: '2999-01-01' } } }));
    await expect(store.get(anonymous, embargoed.id)).rejects.toBeInstanceOf(NotFound);
    const lifted = await store.create(curator, sampleRecord(17, { access: { record: 'embargoed', embargo: { until: '2001-01-01' } } }));
    expect((await store.get(anonymous, lifted.id)).id).toBe(lifted.id);
  });

  it('bulk-imports a batch, reporting bad records by position without stopping', async () => {
    const items = [
      { position: 'l1', input: sampleRecord(20, { doi: '10.1234/bulk.1' } as never) },
      { position: 'l2', input: { titles: [{ title: 'x' }], bogus: true } as never },
      { position: 'l3', input: sampleRecord(21, { doi: '10.1234/bulk.1' } as never) },
      { position: 'l4', input: sampleRecord(22, { doi: '10.1234/dup' } as never) },
      { position: 'l5', input: sampleRecord(23) },
    ];
    const res = await importBatch({ pool: db.pool, validator }, items);
    expect(res.created).toHaveLength(2);
    expect(res.rejected.map((r) => r.position).sort()).toEqual(['l2', 'l3', 'l4']);
    expect(res.rejected.find((r) => r.position === 'l2')?.errors[0].pointer).toBe('/bogus');
    for (const id of res.created) expect((await store.get(anonymous, id)).revision).toBe(1);
    const strict = await importBatch({ pool: db.pool, validator }, items.slice(1), { strict: true });
    expect(strict.created).toHaveLength(0);
  });
});
