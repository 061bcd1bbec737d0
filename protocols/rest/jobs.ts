/**
 * /api/jobs: the dead-letter state over REST, for administrators. Mount it with
 * createRestApi's `mounts` ({ path: '/jobs', app: createJobsRoute({ queue }) }) so the
 * bearer-token identity is set and domain errors become problem+json.
 */
import { Hono } from 'hono';
import type { JobQueue } from '../../src/jobs/types.ts';
import { isAdmin } from '../../src/access/identity.ts';
import { Forbidden, NotFound, Unauthorized } from '../../src/errors.ts';
import type { AuthEnv } from './auth.ts';

export interface JobsRouteDeps {
  queue: JobQueue;
}

/** GET /dead, POST /dead/:id/retry, DELETE /dead/:id (admin only). */
export function createJobsRoute(deps: JobsRouteDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', async (c, next) => {
    const identity = c.get('identity');
    if (!identity.id) throw new Unauthorized('The jobs API needs an admin bearer token.');
    if (!isAdmin(identity)) throw new Forbidden('The jobs API is for administrators; this token has the curator role.');
    await next();
  });
  app.get('/dead', async (c) => {
    const hits = await deps.queue.deadLetters();
    return c.json({ hits, total: hits.length });
  });
  app.post('/dead/:id/retry', async (c) => {
    const id = c.req.param('id');
    if (!(await deps.queue.retryDead(id))) throw new NotFound(`There is no dead job with id "${id}".`);
    // 202 (RFC 9110 15.3.3): accepted for processing, which happens later on a worker.
    return c.json({ id, state: 'pending' }, 202);
  });
  app.delete('/dead/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await deps.queue.discardDead(id))) throw new NotFound(`There is no dead job with id "${id}".`);
    return c.body(null, 204);
  });
  return app;
}
