/** /api/pids/{scheme}/{value}: resolve a PID to its record (301 for merged, 410 for deleted). */
import { Hono } from 'hono';
import { NotFound } from '../../src/errors.ts';
import { normalizeDoi } from '../../src/pids/doi.ts';
import type { RecordStore } from '../../src/records/store.ts';
import type { AuthEnv } from './auth.ts';
import { etagOf } from './records.ts';
import { jsonBody, type Links } from './links.ts';

export function createPidsRoute(deps: { store: RecordStore; links: Links }) {
  const app = new Hono<AuthEnv>();
  // DOIs contain slashes, so the value is the rest of the path.
  app.get('/doi/:value{.+}', async (c) => {
    const raw = c.req.param('value'); // already percent-decoded by hono
    const doi = normalizeDoi(raw);
    if (!doi) throw new NotFound(`"${raw}" is not a DOI known here.`);
    const rec = await deps.store.resolve(c.get('identity'), 'doi', doi);
    return new Response(jsonBody(rec, c.req.query('prettyprint') === '1'), {
      headers: { 'Content-Type': 'application/json', ETag: etagOf(rec), 'Content-Location': deps.links.record(rec.id) },
    });
  });
  app.get('/recid/:value', async (c) => {
    const rec = await deps.store.resolve(c.get('identity'), 'recid', c.req.param('value'));
    return c.redirect(deps.links.record(rec.id), 302);
  });
  return app;
}
