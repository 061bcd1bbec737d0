/** /api/pids/{scheme}/{value}: resolve a PID to its record (301 for merged, 410 for deleted). */
import { Hono, type Context } from 'hono';
import type { GranaryRecord } from '../../src/records/types.ts';
import { NotFound } from '../../src/errors.ts';
import { normalizeDoi } from '../../src/pids/doi.ts';
import type { RecordStore } from '../../src/records/store.ts';
import type { AuthEnv } from './auth.ts';
import { etagOf } from './records.ts';
import { jsonBody, type Links } from './links.ts';

export interface PidsRouteDeps {
  store: RecordStore;
  links: Links;
  /** The records route's content negotiation, so a DOI resolves to any format (as doi.org's does). */
  represent?: (c: Context, record: GranaryRecord) => Response | Promise<Response>;
}

export function createPidsRoute(deps: PidsRouteDeps) {
  const app = new Hono<AuthEnv>();
  // DOIs contain slashes, so the value is the rest of the path.
  app.get('/doi/:value{.+}', async (c) => {
    const raw = c.req.param('value'); // already percent-decoded by hono
    const doi = normalizeDoi(raw);
    if (!doi) throw new NotFound(`"${raw}" is not a DOI known here.`);
    const rec = await deps.store.resolve(c.get('identity'), 'doi', doi);
    if (deps.represent) {
      // Accept, ?format=, If-None-Match and ETags as on /api/records/{id}, which this is.
      const res = await deps.represent(c, rec);
      res.headers.set('Content-Location', deps.links.record(rec.id));
      return res;
    }
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
