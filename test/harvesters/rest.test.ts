/**
 * /api/harvest/sources through the REST API: validation as problem+json with pointers,
 * CRUD, run now (in-process), a second run while one is going (409), status and history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.ts';
import type { Database } from '../../src/db/pool.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import { createRecordStore } from '../../src/records/store.ts';
import { createPostgresSearchEngine } from '../../src/search/pg/engine.ts';
import { system, type Identity } from '../../src/access/identity.ts';
import { createRestApi } from '../../protocols/rest/index.ts';
import { createHarvestSourcesRoute } from '../../protocols/rest/harvest.ts';
import { startTestServer, type TestServer } from './support/http-server.ts';
import { createSyntheticOai, generateSyntheticRecords } from './support/synthetic-oai.ts';

describe('REST /api/harvest/sources', () => {
  let db: Database;
  let server: TestServer;
  let api: ReturnType<typeof createRestApi>;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const records = generateSyntheticRecords(12);

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    const validator = createRecordValidator();
    server = await startTestServer(async (req, res, url) => {
      if (url.searchParams.get('verb') === 'ListRecords') await gate;
      return createSyntheticOai({ records: () => records, pageSize: 5 })(req, res, url);
    });
    const tokens: Record<string, Identity> = { admin: system, reader: { id: 'reader', roles: [] } };
    api = createRestApi({
      baseUrl: 'http://granary.test',
      store: createRecordStore({ pool: db.pool, validator }),
      search: createPostgresSearchEngine(db.pool),
      resolveToken: async (t) => tokens[t] ?? null,
      maxBodyBytes: 1e6,
      maxPageSize: 100,
      mounts: [{ path: '/harvest/sources', app: createHarvestSourcesRoute({ pool: db.pool, validator, baseUrl: 'http://granary.test' }) }],
    });
  });
  afterAll(async () => {
    release();
    await server?.close();
    await db?.close();
  });

  const call = (method: string, path: string, body?: unknown, token = 'admin') =>
    api.request(`/harvest/sources${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('needs a curator or admin token', async () => {
    expect((await call('GET', '', undefined, '')).status).toBe(401);
    expect((await call('GET', '', undefined, 'reader')).status).toBe(403);
  });

  it('rejects an invalid source with every problem located', async () => {
    const res = await call('POST', '', { id: 'Bad Id', type: 'oai-pmh', url: 'ftp://x', schedule: 'every day', options: { dateWindow: 'weekly' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    const text = await res.text();
    for (const pointer of ['/id', '/url', '/metadataPrefix', '/options/dateWindow']) expect(text).toContain(`"${pointer}"`);
    const cron = await call('POST', '', { id: 'c', type: 'oai-pmh', url: 'http://x/oai', metadataPrefix: 'oai_dc', schedule: 'every day' });
    expect(await cron.text()).toContain('/schedule');
  });

  it('creates, reads, replaces, runs (409 while running), reports status and history, deletes', async () => {
    const src = { id: 'synth', name: 'Synthetic', type: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'oai_dc', schedule: '0 3 * * *', options: { pageSize: 5 } };
    const created = await call('POST', '', src);
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe('http://granary.test/api/harvest/sources/synth');
    expect((await call('POST', '', src)).status).toBe(409);
    expect(await (await call('GET', '/synth')).json()).toMatchObject(src);
    expect((await call('PUT', '/synth', { ...src, name: 'Renamed' })).status).toBe(200);
    expect(((await (await call('GET', '')).json()) as { sources: { name: string }[] }).sources.map((s) => s.name)).toEqual(['Renamed']);

    const run = await call('POST', '/synth/run');
    expect(run.status).toBe(202);
    expect(await run.json()).toMatchObject({ queued: false, runId: expect.any(Number) });
    expect((await call('POST', '/synth/run')).status).toBe(409);
    const during = (await (await call('GET', '/synth/status')).json()) as { running: boolean };
    expect(during.running).toBe(true);
    release();
    let status: { running: boolean; run: { status: string; records: number; pages: number }; progress: { completeListSize: number } };
    do {
      await new Promise((r) => setTimeout(r, 20));
      status = (await (await call('GET', '/synth/status')).json()) as typeof status;
    } while (status.running);
    expect(status.run).toMatchObject({ status: 'succeeded', records: 12, pages: 3 });
    expect(status.progress.completeListSize).toBe(12);
    const runs = (await (await call('GET', '/synth/runs?limit=5')).json()) as { runs: { status: string }[] };
    expect(runs.runs.map((r) => r.status)).toEqual(['succeeded']);
    expect((await call('GET', '/synth/runs?limit=0')).status).toBe(400);

    expect((await call('DELETE', '/synth')).status).toBe(204);
    expect((await call('GET', '/synth')).status).toBe(404);
  });
});

describe('REST /api/harvest/sources with a job queue', () => {
  it('keeps cron schedules in step with the sources and enqueues run now', async () => {
    const db = await openTestDatabase('pglite');
    const { createInProcessQueue } = await import('../../src/jobs/in-process.ts');
    const queue = createInProcessQueue(db.pool);
    try {
      const validator = createRecordValidator();
      const api = createRestApi({
        baseUrl: 'http://granary.test',
        store: createRecordStore({ pool: db.pool, validator }),
        search: createPostgresSearchEngine(db.pool),
        resolveToken: async () => system,
        maxBodyBytes: 1e6,
        maxPageSize: 100,
        mounts: [{ path: '/harvest/sources', app: createHarvestSourcesRoute({ pool: db.pool, validator, baseUrl: 'http://granary.test', queue }) }],
      });
      const call = (method: string, path: string, body?: unknown) =>
        api.request(`/harvest/sources${path}`, { method, headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const schedules = async () => (await db.pool.query<{ key: string; cron: string; name: string; data: unknown }>(`SELECT key, cron, name, data FROM job_schedules ORDER BY key`)).rows;
      const src = { id: 'nightly', type: 'oai-pmh', url: 'http://127.0.0.1:9/oai', metadataPrefix: 'oai_dc', schedule: '0 3 * * *' };
      expect((await call('POST', '', src)).status).toBe(201);
      expect(await schedules()).toEqual([{ key: 'harvest:nightly', cron: '0 3 * * *', name: 'harvest.run', data: { sourceId: 'nightly' } }]);
      await call('PUT', '/nightly', { ...src, schedule: '30 1 * * 1' });
      expect((await schedules())[0].cron).toBe('30 1 * * 1');
      await call('PUT', '/nightly', { ...src, enabled: false });
      expect(await schedules()).toEqual([]);
      const run = await call('POST', '/nightly/run');
      expect(run.status).toBe(202);
      expect(await run.json()).toMatchObject({ queued: true, jobId: expect.stringMatching(/^harvest\.run:nightly:/) });
      await call('PUT', '/nightly', src);
      expect((await call('DELETE', '/nightly')).status).toBe(204);
      expect(await schedules()).toEqual([]);
    } finally {
      await queue.close();
      await db.close();
    }
  });
});
