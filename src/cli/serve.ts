/** `granary serve [--demo]`: the HTTP server, migrating first and loading demo records into an empty store. */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { createGranary, createJobHandlers, JOB_SCHEDULES, OUTBOX_ROUTES, type Granary } from '../app.ts';
import { startJobRuntime } from '../jobs/runtime.ts';
import { assertRedisReachable } from '../jobs/select.ts';
import { importBatch } from '../records/bulk.ts';
import { loadDemoRecords } from '../demo/demo-records.ts';

async function loadDemo(g: Granary): Promise<number> {
  const { rows } = await g.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM records`);
  if (rows[0].n > 0) return 0;
  const items = loadDemoRecords().map((input, i) => ({ position: `demo:${i + 1}`, input }));
  const res = await importBatch({ pool: g.db.pool, validator: g.validator, hooks: g.hooks }, items);
  for (const r of res.rejected) process.stderr.write(`demo record ${r.position} rejected: ${r.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}\n`);
  return res.created.length;
}

export async function runServe(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { demo: { type: 'boolean', default: false }, port: { type: 'string' }, 'no-jobs': { type: 'boolean', default: false } },
  });
  const port = values.port !== undefined ? Number(values.port) : config.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`granary serve: --port must be a whole number from 0 to 65535, not "${values.port}"\n`);
    return 2;
  }
  // As in `granary worker`: an unreachable REDIS_URL at start stops serve with one line,
  // rather than a server whose jobs silently never run.
  await assertRedisReachable(config);
  const db = await openDatabase(config, 'serve', config.baseUrl);
  const g = await createGranary(config, db);
  if (values.demo) {
    const n = await loadDemo(g);
    if (n) process.stderr.write(`Loaded ${n} demo records.\n`);
  }
  // The server runs the background jobs itself unless told not to (when `granary worker` processes do).
  const runtime = values['no-jobs'] ? null : await startJobRuntime({ pool: db.pool, queue: g.jobs, handlers: createJobHandlers(g), routes: OUTBOX_ROUTES, schedules: JOB_SCHEDULES });
  const server = serve({ fetch: g.app.fetch, port, hostname: config.host });
  const failed = await new Promise<Error | null>((resolve) => {
    server.once('listening', () => resolve(null));
    server.once('error', (err) => resolve(err)); // EADDRINUSE, EACCES, an unknown HOST
  });
  if (failed) {
    await runtime?.stop();
    await g.close();
    process.stderr.write(`granary serve: cannot listen on ${config.host} port ${port} (PORT, HOST): ${failed.message}\n`);
    return 1;
  }
  const bound = (server.address() as AddressInfo).port; // port 0 asks the system for a free one
  process.stderr.write(`Granary listening on ${config.baseUrl} (port ${bound}, ${db.kind === 'embedded' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}).\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('Shutting down...\n');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await runtime?.stop();
  await g.close();
  return 0;
}
