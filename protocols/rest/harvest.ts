/**
 * /api/harvest/sources: manage harvest sources and their runs (curators and admins only,
 * since sources may carry API keys in their headers). With a job queue, a source's cron
 * `schedule` is kept as a queue schedule and "run now" enqueues a `harvest.run` job; without
 * one, "run now" harvests in this process in the background.
 */
import { Hono } from 'hono';
import type { Pool } from '../../src/db/pool.ts';
import { canWrite } from '../../src/access/identity.ts';
import { BadRequest, Forbidden, NotFound, Unauthorized } from '../../src/errors.ts';
import type { RecordValidator } from '../../src/records/schema.ts';
import type { JobQueue } from '../../src/jobs/types.ts';
import { createHarvestSourceStore } from '../../harvesters/source-store.ts';
import { runHarvest, type HarvestDeps } from '../../harvesters/runner.ts';
import { listFailures, listRuns, getRun } from '../../harvesters/runs.ts';
import { getHarvestStatus } from '../../harvesters/status.ts';
import { removeHarvestSchedule, syncHarvestSchedule } from '../../harvesters/schedule.ts';
import type { AuthEnv } from './auth.ts';
import { readJsonBody } from './body.ts';

export interface HarvestRouteDeps extends HarvestDeps {
  pool: Pool;
  validator: RecordValidator;
  /** Public base URL, for Location headers. */
  baseUrl: string;
  queue?: JobQueue;
  /** Told about a background run's failure to start (in-process mode). */
  onBackgroundError?(err: unknown): void;
}

function toLimit(raw: string | undefined, max: number): number {
  if (raw === undefined) return 20;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new BadRequest('Bad limit.', [{ pointer: '/limit', message: `must be a whole number from 1 to ${max}` }]);
  return Number(raw);
}

/** The sub-app to mount at /api/harvest/sources. */
/** Run ids are bigserial; more than 15 digits cannot be one here (and would not fit a double). */
const isRunId = (s: string) => /^\d{1,15}$/.test(s);

export function createHarvestSourcesRoute(deps: HarvestRouteDeps) {
  const sources = createHarvestSourceStore({ pool: deps.pool, validator: deps.validator });
  const app = new Hono<AuthEnv>();

  app.use('*', async (c, next) => {
    const identity = c.get('identity');
    if (identity.id === null) throw new Unauthorized('Harvest sources need a curator or admin token (Authorization: Bearer <token>).');
    if (!canWrite(identity)) throw new Forbidden('Harvest sources need a curator or admin token.');
    await next();
  });

  app.get('/', async (c) => c.json({ sources: await sources.list() }));

  app.post('/', async (c) => {
    const src = await sources.create(await readJsonBody(c));
    if (deps.queue) await syncHarvestSchedule(deps.queue, src);
    return c.json(src, 201, { Location: `${deps.baseUrl}/api/harvest/sources/${encodeURIComponent(src.id)}` });
  });

  app.get('/:id', async (c) => c.json(await sources.get(c.req.param('id'))));
  app.put('/:id', async (c) => {
    const src = await sources.replace(c.req.param('id'), await readJsonBody(c));
    if (deps.queue) await syncHarvestSchedule(deps.queue, src);
    return c.json(src);
  });
  app.delete('/:id', async (c) => {
    await sources.remove(c.req.param('id'));
    if (deps.queue) await removeHarvestSchedule(deps.queue, c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/:id/run', async (c) => {
    const id = c.req.param('id');
    await sources.get(id);
    const status = `${deps.baseUrl}/api/harvest/sources/${encodeURIComponent(id)}/status`;
    if (deps.queue) {
      // One pending job per source and minute: a double click does not queue two runs.
      const jobId = await deps.queue.enqueue('harvest.run', { sourceId: id }, { jobId: `harvest.run:${id}:${new Date().toISOString().slice(0, 16)}` });
      return c.json({ queued: true, jobId, status }, 202, { Location: status });
    }
    // In-process: answer once the run is registered; a run already going is a 409 (Conflict).
    let runId: number | undefined;
    let onRegistered: () => void = () => undefined;
    const registered = new Promise<void>((resolve) => (onRegistered = resolve));
    const done = runHarvest(deps, id, {
      onStarted: (rid) => {
        runId = rid;
        onRegistered();
      },
    });
    done.catch((err: unknown) => deps.onBackgroundError?.(err));
    await Promise.race([registered, done]);
    return c.json({ queued: false, runId, status }, 202, { Location: status });
  });

  app.get('/:id/status', async (c) => {
    const id = c.req.param('id');
    await sources.get(id);
    return c.json(await getHarvestStatus(deps.pool, id));
  });

  app.get('/:id/runs', async (c) => {
    const id = c.req.param('id');
    await sources.get(id);
    const before = c.req.query('before');
    if (before !== undefined && !isRunId(before)) throw new BadRequest('Bad before.', [{ pointer: '/before', message: 'must be a run id' }]);
    return c.json({ runs: await listRuns(deps.pool, id, toLimit(c.req.query('limit'), 100), before ? Number(before) : undefined) });
  });

  app.get('/:id/runs/:run/failures', async (c) => {
    const id = c.req.param('id');
    const runId = c.req.param('run');
    const run = isRunId(runId) ? await getRun(deps.pool, Number(runId)) : null;
    if (!run || run.sourceId !== id) throw new NotFound(`Source ${id} has no run ${runId}.`);
    return c.json({ failures: await listFailures(deps.pool, run.id, toLimit(c.req.query('limit'), 1000)) });
  });

  return app;
}

