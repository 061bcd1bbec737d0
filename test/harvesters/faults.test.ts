/**
 * Fault injection: a synthetic OAI-PMH server that fails in the ways real ones do. Every
 * scenario ends with exactly the server's records stored, once.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import type { Database } from '../../src/db/pool.ts';
import { createHarness } from './support/harness.ts';
import { startTestServer, type TestServer } from './support/http-server.ts';
import { createSyntheticOai, generateSyntheticRecords, type Fault, type RequestInfo, type SyntheticOptions, type SyntheticRecord } from './support/synthetic-oai.ts';
import { listFailures } from '../../harvesters/runs.ts';

describe('harvesting through faults', () => {
  let db: Database;
  let h: ReturnType<typeof createHarness>;
  let server: TestServer | undefined;

  beforeEach(async () => {
    db = await openTestDatabase('pglite');
    h = createHarness(db);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await db.close();
  });
  afterAll(() => undefined);

  async function serve(opts: SyntheticOptions, source: Record<string, unknown> = {}) {
    server = await startTestServer(createSyntheticOai(opts));
    await h.sources.create({ id: 'synth', type: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'oai_dc', options: { retries: 6, timeoutMs: 2000 }, ...source });
    return server;
  }

  async function expectExactly(records: SyntheticRecord[]) {
    const live = await h.liveRecords('synth');
    expect([...live.keys()].sort()).toEqual(records.filter((r) => !r.deleted).map((r) => r.id).sort());
    const c = await h.counts();
    expect(c.sourcePids).toBe(records.length - records.filter((r) => r.deleted).length + (await h.tombstoned('synth')).length);
    expect(c.records).toBe(c.sourcePids);
    return live;
  }

  it('retries 503 (Retry-After in seconds and as an HTTP-date), 500s, 429, resets mid-body, truncated XML and slow answers; reads gzip and deflate', async () => {
    const records = generateSyntheticRecords(50);
    const faults: Record<number, Fault | Fault[]> = {
      2: { status: 503, retryAfter: '1' },
      4: { reset: true },
      6: { truncate: true },
      7: { status: 500 },
      8: { status: 500 },
      10: { status: 503, retryAfter: new Date(Date.now() + 1000).toUTCString() },
      12: { status: 429 },
      13: [{ delayMs: 3000 }], // longer than the 2 s timeout: retried
      15: { encoding: 'gzip' },
      16: { encoding: 'deflate' },
      17: [{ reset: true }, { encoding: 'gzip' }],
    };
    await serve({ records: () => records, pageSize: 5, fault: (r: RequestInfo) => faults[r.n] });
    const run = await h.run('synth');
    expect(run.lastError).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.pages).toBe(10);
    await expectExactly(records);
    const reasons = (run.log as { event: string; reason?: string }[]).filter((e) => e.event === 'retry').map((e) => e.reason ?? '');
    expect(reasons.filter((r) => r === 'HTTP 503')).toHaveLength(2);
    expect(reasons.filter((r) => r === 'HTTP 500')).toHaveLength(2);
    expect(reasons.some((r) => r.includes('not well-formed'))).toBe(true);
    expect(reasons.some((r) => r.includes('timed out'))).toBe(true);
    expect(reasons).toHaveLength(9);
  });

  it('gives up after its retries, then the next run resumes with the stored token', async () => {
    const records = generateSyntheticRecords(30);
    let down = false;
    await serve({ records: () => records, pageSize: 5, fault: (r) => (down && r.page >= 3 ? { status: 500 } : undefined) }, { options: { retries: 1 } });
    down = true;
    const failed = await h.run('synth');
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/gave up after 2 attempts; last: HTTP 500/);
    expect((await h.liveRecords('synth')).size).toBe(15);
    down = false;
    const before = server!.requests.length;
    const run = await h.run('synth');
    expect(run.status).toBe('succeeded');
    // The resumed list starts at the stored token of page 4, not from scratch.
    expect(server!.requests[before + 1]).toContain('resumptionToken=15');
    expect(run.created).toBe(15);
    await expectExactly(records);
  });

  it('detects a resumption token loop, keeps what it stored, and the next run finishes from the checkpoint', async () => {
    const records = generateSyntheticRecords(40);
    let loop = true;
    await serve({ records: () => records, pageSize: 5, fault: (r) => (loop && r.page === 3 ? { token: '10||' } : undefined) });
    const run = await h.run('synth');
    expect(run.status).toBe('failed');
    expect(run.lastError).toMatch(/resumptionTokenLoop/);
    expect((await h.liveRecords('synth')).size).toBe(20);
    loop = false;
    const next = await h.run('synth');
    expect(next.status).toBe('succeeded');
    // Resumed from the latest stored datestamp (inclusive), then a gap pass over
    // [start, that datestamp] (OAI-PMH does not promise datestamp order): the 20 stored
    // records and the checkpoint's own come again unchanged, nothing twice.
    expect(next.unchanged).toBe(21);
    expect(next.created).toBe(20);
    expect((next.log as { event: string }[]).some((e) => e.event === 'gap-pass')).toBe(true);
    await expectExactly(records);
  });

  it('restarts from the latest stored datestamp on badResumptionToken (an expired token)', async () => {
    const records = generateSyntheticRecords(40);
    let refused = false;
    await serve({
      records: () => records,
      pageSize: 5,
      fault: (r) => {
        if (r.token?.startsWith('20|') && !refused) {
          refused = true;
          return { oaiError: 'badResumptionToken' };
        }
        return undefined;
      },
    });
    const run = await h.run('synth');
    expect(run.lastError).toBeNull();
    expect(run.status).toBe('succeeded');
    expect((run.log as { event: string }[]).some((e) => e.event === 'restart')).toBe(true);
    expect(server!.requests.some((q) => q.includes(`from=${encodeURIComponent(records[19].datestamp)}`))).toBe(true);
    expect(run.created).toBe(40);
    await expectExactly(records);
  });

  it('loses nothing when a server that does not list in datestamp order refuses a token', async () => {
    const records = generateSyntheticRecords(40);
    // The newer half first: after page 1 the latest stored datestamp is past every record of the older half.
    const listed = [...records.slice(20), ...records.slice(0, 20)];
    let refused = false;
    await serve({
      records: () => listed,
      order: 'given',
      pageSize: 5,
      fault: (r) => {
        if (r.token?.startsWith('10|') && !refused) {
          refused = true;
          return { oaiError: 'badResumptionToken' };
        }
        return undefined;
      },
    });
    const run = await h.run('synth');
    expect(run.status).toBe('succeeded');
    await expectExactly(records);
    expect(run.created).toBe(40);
    expect((run.log as { event: string }[]).map((e) => e.event)).toEqual(expect.arrayContaining(['restart', 'gap-pass']));
  });

  it('detects fresh tokens that hand out the same page again, instead of paging forever', async () => {
    const records = generateSyntheticRecords(12);
    // Every token is new ("0||", "00||", ...) but each one names offset 0: page 1 forever.
    await serve({ records: () => records, pageSize: 5, fault: (r) => (r.verb === 'ListRecords' ? { token: `${'0'.repeat(r.n)}||` } : undefined) });
    const run = await h.run('synth');
    expect(run.status).toBe('failed');
    expect(run.lastError).toMatch(/resumptionTokenLoop.*already sent/);
    expect(server!.requests.length).toBeLessThan(10); // Identify, the first page, 5 repeats
    expect((await h.liveRecords('synth')).size).toBe(5);
  });

  it('replaces a responseDate that is no date by its own clock, so the next run still works', async () => {
    const records = generateSyntheticRecords(6);
    await serve({ records: () => records, pageSize: 5, responseDate: 'banana' });
    expect((await h.run('synth')).status).toBe('succeeded');
    const next = await h.run('synth');
    expect(next.status).toBe('succeeded');
    expect(server!.requests.some((q) => q.includes('banana'))).toBe(false);
  });

  it('ends a list on an empty token or on no token at all', async () => {
    const records = generateSyntheticRecords(12);
    await serve({ records: () => records, pageSize: 5, lastToken: 'none' });
    const run = await h.run('synth');
    expect(run.pages).toBe(3);
    await expectExactly(records);
  });

  it('strips control characters, records a record that fails with its reason, and stores the rest of the page', async () => {
    const records: SyntheticRecord[] = generateSyntheticRecords(6);
    records[1].title = 'Bell\u0007 and\u000b vertical\u001f tab';
    records[3].title = ''; // no title: not a valid record
    await serve({ records: () => records, pageSize: 10 });
    const run = await h.run('synth');
    expect(run.status).toBe('succeeded');
    expect(run.failed).toBe(1);
    const failures = await listFailures(db.pool, run.id);
    expect(failures).toEqual([expect.objectContaining({ identifier: records[3].id, reason: expect.stringContaining('/titles') })]);
    const live = await h.liveRecords('synth');
    expect(live.size).toBe(5);
    expect(live.get(records[1].id)?.titles?.[0].title).toBe('Bell and vertical tab');
  });

  it('tombstones deleted records; the next from is the server clock of the previous run', async () => {
    const records = generateSyntheticRecords(10);
    let responseDate = '2031-03-04T05:06:07Z';
    server = await startTestServer((req, res, url) => createSyntheticOai({ records: () => records, pageSize: 4, responseDate })(req, res, url));
    await h.sources.create({ id: 'synth', type: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'oai_dc' });
    expect((await h.run('synth')).created).toBe(10);
    records[2] = { ...records[2], deleted: true, datestamp: '2031-03-05T00:00:00Z' };
    records[7] = { ...records[7], title: 'A new title', datestamp: '2031-03-05T00:00:01Z' };
    responseDate = '2031-03-06T00:00:00Z';
    const run = await h.run('synth');
    expect(server.requests).toContain(`/oai?verb=ListRecords&metadataPrefix=oai_dc&from=${encodeURIComponent('2031-03-04T05:06:07Z')}`);
    expect(run).toMatchObject({ status: 'succeeded', deleted: 1, updated: 1, created: 0 });
    const live = await expectExactly(records);
    expect(live.get(records[7].id)?.titles?.[0].title).toBe('A new title');
    expect(await h.tombstoned('synth')).toEqual([records[2].id]);
    // A third run starts from the second run's server time.
    await h.run('synth');
    expect(server.requests.at(-1)).toContain(`from=${encodeURIComponent('2031-03-06T00:00:00Z')}`);
  });

  it('harvests in monthly windows a server that rejects wide ranges', async () => {
    const records = generateSyntheticRecords(30, '2030-11-20T00:00:00Z').map((r, i) => ({ ...r, datestamp: new Date(Date.parse('2030-11-20T00:00:00Z') + i * 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }));
    const wide = (r: RequestInfo) => !r.token && r.verb === 'ListRecords' && (!r.from || !r.until || Date.parse(r.until) - Date.parse(r.from) > 31 * 86_400_000);
    await serve({ records: () => records, pageSize: 4, responseDate: '2031-03-01T00:00:00Z', fault: (r) => (wide(r) ? { oaiError: 'badArgument' } : undefined) }, { from: '2030-11-01', options: { dateWindow: 'none' } });
    const refused = await h.run('synth');
    expect(refused.status).toBe('failed');
    expect(refused.lastError).toMatch(/badArgument/);
    await h.sources.replace('synth', { ...(await h.sources.get('synth')), options: { dateWindow: 'monthly' } });
    const run = await h.run('synth');
    expect(run.lastError).toBeNull();
    const windows = server!.requests.filter((q) => q.includes('until='));
    expect(windows.map((q) => new URL(q, 'http://x').searchParams.get('from'))).toEqual(['2030-11-01T00:00:00Z', '2030-12-01T00:00:00Z', '2031-01-01T00:00:00Z', '2031-02-01T00:00:00Z', '2031-03-01T00:00:00Z']);
    await expectExactly(records.filter((r) => r.datestamp <= '2031-03-01T00:00:00Z'));
  });

  it('merges records by DOI across sources: one record, two source PIDs', async () => {
    const a = generateSyntheticRecords(3, '2024-01-01T00:00:00Z', 'oai:a:').map((r, i) => ({ ...r, doi: `10.1234/shared.${i}` }));
    const b = [{ ...generateSyntheticRecords(1, '2024-02-01T00:00:00Z', 'oai:b:')[0], doi: '10.1234/SHARED.1', title: 'From B' }];
    const sa = await startTestServer(createSyntheticOai({ records: () => a, pageSize: 10 }));
    const sb = await startTestServer(createSyntheticOai({ records: () => b, pageSize: 10 }));
    try {
      await h.sources.create({ id: 'a', type: 'oai-pmh', url: `${sa.url}/oai`, metadataPrefix: 'oai_dc' });
      await h.sources.create({ id: 'b', type: 'oai-pmh', url: `${sb.url}/oai`, metadataPrefix: 'oai_dc' });
      await h.run('a');
      const run = await h.run('b');
      expect(run).toMatchObject({ created: 0, updated: 1 });
      const c = await h.counts();
      expect(c.records).toBe(3);
      expect(c.sourcePids).toBe(4);
      const fromA = (await h.liveRecords('a')).get('oai:a:1');
      const fromB = (await h.liveRecords('b')).get('oai:b:0');
      expect(fromB?.id).toBe(fromA?.id);
      expect(fromB?.titles?.[0].title).toBe('From B');
    } finally {
      await sa.close();
      await sb.close();
    }
  });
});
