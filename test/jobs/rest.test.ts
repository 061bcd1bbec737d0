import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createJobsRoute } from '../../protocols/rest/jobs.ts';
import { createAuthMiddleware, type AuthEnv } from '../../protocols/rest/auth.ts';
import { errorToResponse } from '../../protocols/rest/problem.ts';
import type { Identity } from '../../src/access/identity.ts';
import { createInProcessQueue } from '../../src/jobs/in-process.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import type { Database } from '../../src/db/pool.ts';
import { openTestDatabase } from '../support/db.ts';
import { waitFor } from './contract.ts';

const TOKENS: Record<string, Identity> = { admin: { id: 'a1', roles: ['admin'] }, curator: { id: 'c1', roles: ['curator'] } };

describe('REST /api/jobs', () => {
  let db: Database | null = null;
  let queue: JobQueue | null = null;
  afterEach(async () => {
    await queue?.close();
    await db?.close();
  });

  it('lists, retries and discards dead jobs for admins only', async () => {
    db = await openTestDatabase('postgres');
    queue = createInProcessQueue(db.pool, { pollIntervalMs: 50, backoff: { baseMs: 10, capMs: 10 } });
    let healed = false;
    await queue.work({
      hook: async () => {
        if (!healed) throw new Error('HTTP 503 from partner');
      },
    });
    await queue.enqueue('hook', { to: 'a' }, { jobId: 'hook-a', attempts: 1 });
    await queue.enqueue('hook', { to: 'b' }, { jobId: 'hook-b', attempts: 1 });
    await waitFor(async () => (await queue!.deadLetters()).length === 2, 'two dead jobs');

    const api = new Hono<AuthEnv>();
    api.onError((err, c) => errorToResponse(c, err));
    api.use('*', createAuthMiddleware(async (t) => TOKENS[t] ?? null));
    api.route('/jobs', createJobsRoute({ queue }));
    const call = (method: string, path: string, token?: string) =>
      api.request(`http://x/jobs${path}`, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });

    expect((await call('GET', '/dead')).status).toBe(401);
    const forbidden = await call('GET', '/dead', 'curator');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('Content-Type')).toBe('application/problem+json');

    const list = await call('GET', '/dead', 'admin');
    expect(list.status).toBe(200);
    const body = (await list.json()) as { total: number; hits: { id: string; error: string }[] };
    expect(body.total).toBe(2);
    expect(body.hits.map((h) => h.id).sort()).toEqual(['hook-a', 'hook-b']);
    expect(body.hits[0].error).toContain('HTTP 503 from partner');

    healed = true;
    expect((await call('POST', '/dead/hook-a/retry', 'admin')).status).toBe(202);
    expect((await call('DELETE', '/dead/hook-b', 'admin')).status).toBe(204);
    const missing = await call('DELETE', '/dead/hook-b', 'admin');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toContain('hook-b');
    expect((await call('POST', '/dead/nope/retry', 'admin')).status).toBe(404);
    expect((await call('POST', '/dead/hook-a/retry', 'curator')).status).toBe(403);
    await waitFor(async () => (await db!.pool.query(`SELECT state FROM jobs WHERE id = 'hook-a'`)).rows[0]?.state === 'done', 'the retried job to succeed');
    expect(((await (await call('GET', '/dead', 'admin')).json()) as { total: number }).total).toBe(0);
  });
});
