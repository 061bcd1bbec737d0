/**
 * Round trip through our own OAI-PMH provider: one Granary harvests another over HTTP,
 * then harvests again after updates and deletions. Every record arrives once with its
 * metadata, and every deletion arrives as a tombstone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import type { Database } from '../../src/db/pool.ts';
import { system } from '../../src/access/identity.ts';
import { importBatch } from '../../src/records/bulk.ts';
import { createRecordStore } from '../../src/records/store.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import { toDataCiteJson } from '../../serializers/datacite/json.ts';
import { generateRecord } from '../../bench/generate.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { createHarness } from './support/harness.ts';
import { startOwnOaiServer, type OwnServer } from './support/own-server.ts';

const N = 37;

describe('harvesting our own OAI-PMH provider', () => {
  let peer: Database;
  let target: Database;
  let server: OwnServer;
  let h: ReturnType<typeof createHarness>;
  const validator = createRecordValidator();

  beforeAll(async () => {
    peer = await openTestDatabase('pglite');
    target = await openTestDatabase('postgres');
    const items = Array.from({ length: N }, (_, i) => ({ position: String(i), input: generateRecord(i) }));
    const res = await importBatch({ pool: peer.pool, validator }, items);
    expect(res.rejected).toEqual([]);
    server = await startOwnOaiServer(peer, 5);
    h = createHarness(target);
  });
  afterAll(async () => {
    await server?.close();
    await peer?.close();
    await target?.close();
  });

  async function peerRecords(): Promise<Map<string, { json: GranaryRecord; deleted: boolean }>> {
    const { rows } = await peer.pool.query<{ id: string; json: GranaryRecord; deleted: boolean }>(`SELECT id, json, deleted_at IS NOT NULL AS deleted FROM records`);
    return new Map(rows.map((r) => [`oai:peer.example.org:${r.id}`, { json: r.json, deleted: r.deleted }]));
  }

  async function expectRoundTrip(sourceId: string, exact: boolean) {
    const want = await peerRecords();
    const live = await h.liveRecords(sourceId);
    const tombs = await h.tombstoned(sourceId);
    expect([...live.keys()].sort()).toEqual([...want].filter(([, r]) => !r.deleted).map(([k]) => k).sort());
    for (const [identifier, rec] of live) {
      const src = want.get(identifier)!.json;
      expect(rec.doi).toBe(src.doi);
      expect(rec.titles).toEqual(src.titles);
      if (exact) expect(toDataCiteJson(rec)).toEqual(toDataCiteJson(src));
      expect(rec.provenance).toMatchObject({ identifier, baseURL: server.url, sourceId });
    }
    return tombs;
  }

  it('oai_datacite and oai_dc: every record, then updates and deletions incrementally', async () => {
    await h.sources.create({ id: 'peer-datacite', type: 'oai-pmh', url: server.url, metadataPrefix: 'oai_datacite' });
    const first = await h.run('peer-datacite');
    expect(first.lastError).toBeNull();
    expect(first).toMatchObject({ status: 'succeeded', created: N, pages: Math.ceil(N / 5), failed: 0 });
    await expectRoundTrip('peer-datacite', true);
    // Created set-wise with the search columns supplied (the trigger skipped): as the trigger would compute them.
    expect(await h.derivedColumnMismatches()).toEqual([]);

    // Change the peer: delete three, retitle two; the provider bumps their datestamps.
    const store = createRecordStore({ pool: peer.pool, validator });
    const { rows } = await peer.pool.query<{ id: string }>(`SELECT id FROM records ORDER BY id LIMIT 5`);
    for (const r of rows.slice(0, 3)) await store.remove(system, r.id, { reason: 'withdrawn' });
    for (const r of rows.slice(3)) {
      const rec = await store.get(system, r.id);
      await store.update(system, r.id, { ...rec, titles: [{ title: `Retitled ${r.id}` }] });
    }
    // No wait needed: `from` is inclusive (OAI-PMH 3.3.1), so edits in the same second as the first run's responseDate are listed.
    const second = await h.run('peer-datacite');
    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: 2, deleted: 3 });
    // Whatever else the incremental list holds (records of the first run's second: `from` is inclusive) is unchanged.
    expect(second.unchanged).toBe(second.records - 5);
    const tombs = await expectRoundTrip('peer-datacite', true);
    expect(tombs.sort()).toEqual(rows.slice(0, 3).map((r) => `oai:peer.example.org:${r.id}`).sort());
    expect(await h.derivedColumnMismatches()).toEqual([]);

    // oai_dc of the same peer into the same store: merged by DOI, nothing duplicated.
    const before = await h.counts();
    await h.sources.create({ id: 'peer-dc', type: 'oai-pmh', url: server.url, metadataPrefix: 'oai_dc' });
    const dc = await h.run('peer-dc');
    expect(dc.status).toBe('succeeded');
    expect(dc.created).toBe(0);
    const after = await h.counts();
    expect(after.records).toBe(before.records);
    expect(after.sourcePids).toBe(before.sourcePids + N - 3);
  });
});
