/**
 * /api/records: create, read, replace, JSON-Patch, delete, revisions, and search.
 */
import { Hono, type Context } from 'hono';
import type { Operation } from 'fast-json-patch';
import { BadRequest, UnsupportedMediaType } from '../../src/errors.ts';
import { errorToResponse, problem, problemResponse } from './problem.ts';
import type { RecordStore } from '../../src/records/store.ts';
import type { GranaryRecord, RecordInput } from '../../src/records/types.ts';
import type { AuthEnv } from './auth.ts';
import { readJsonBody, toPrecondition } from './body.ts';
import { jsonBody, type Links } from './links.ts';
import { createSearchRoute, type SearchRouteDeps } from './search.ts';

export interface RecordsRouteDeps extends SearchRouteDeps {
  store: RecordStore;
  links: Links;
  /** Content negotiation for one record; plain JSON when absent. */
  represent?: (c: Context, record: GranaryRecord) => Response | Promise<Response>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const RECORD_METHODS = 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS';
const ACCEPT_PATCH = 'application/json-patch+json';

export function etagOf(rec: GranaryRecord): string {
  return `W/"${rec.revision}"`;
}

export function createRecordsRoute(deps: RecordsRouteDeps) {
  const { store, links } = deps;
  const app = new Hono<AuthEnv>();
  const pretty = (c: Context) => c.req.query('prettyprint') === '1';

  const sendRecord = (c: Context, rec: GranaryRecord, status = 200, extra: Record<string, string> = {}) =>
    new Response(jsonBody(rec, pretty(c)), {
      status,
      headers: { 'Content-Type': 'application/json', ETag: etagOf(rec), Link: `<${links.landing(rec.id)}>; rel="alternate"; type="text/html"`, ...extra },
    });

  const recordBody = async (c: Context): Promise<RecordInput> => {
    const body = await readJsonBody(c);
    if (!isObject(body)) throw new BadRequest('The record must be a JSON object.', [{ pointer: '', message: 'expected a JSON object' }]);
    return body as unknown as RecordInput;
  };

  app.route('/', createSearchRoute(deps));

  app.post('/', async (c) => {
    const rec = await store.create(c.get('identity'), await recordBody(c));
    return sendRecord(c, rec, 201, { Location: links.record(rec.id) });
  });

  app.get('/:id', async (c) => {
    const rec = await store.get(c.get('identity'), c.req.param('id'));
    if (deps.represent) return deps.represent(c, rec);
    return sendRecord(c, rec);
  });

  app.put('/:id', async (c) => {
    const rec = await store.update(c.get('identity'), c.req.param('id'), await recordBody(c), { precondition: toPrecondition(c) });
    return sendRecord(c, rec);
  });

  app.patch('/:id', async (c) => {
    let ops: unknown;
    try {
      ops = await readJsonBody(c, ['application/json-patch+json', 'application/json']);
    } catch (err) {
      // RFC 5789 section 2.2: a 415 for a patch format we do not take says which we do.
      const res = errorToResponse(c, err);
      if (err instanceof UnsupportedMediaType) res.headers.set('Accept-Patch', ACCEPT_PATCH);
      return res;
    }
    if (!Array.isArray(ops) || !ops.every(isObject)) {
      throw new BadRequest('A JSON Patch (RFC 6902) is an array of operation objects.', [{ pointer: '', message: 'expected an array of operations' }]);
    }
    const rec = await store.patch(c.get('identity'), c.req.param('id'), ops as unknown as Operation[], { precondition: toPrecondition(c) });
    return sendRecord(c, rec);
  });

  app.delete('/:id', async (c) => {
    const reason = c.req.query('reason');
    await store.remove(c.get('identity'), c.req.param('id'), { precondition: toPrecondition(c), reason: reason || undefined });
    return c.body(null, 204);
  });

  // RFC 9110 section 9.3.7 and 15.5.6: OPTIONS names the methods a record takes (and,
  // RFC 5789 section 3.1, the patch formats); any other method is a 405 with Allow, not a 404.
  app.options('/:id', (c) => c.body(null, 204, { Allow: RECORD_METHODS, 'Accept-Patch': ACCEPT_PATCH }));
  app.all('/:id', (c) =>
    problemResponse(c, problem(405, 'method-not-allowed', 'Method Not Allowed', `${c.req.method} is not a method of a record; it takes ${RECORD_METHODS}.`), { Allow: RECORD_METHODS }),
  );

  app.get('/:id/revisions', async (c) => {
    const id = c.req.param('id');
    const revs = await store.revisions(c.get('identity'), id);
    const body = { id, revisions: revs.map((r) => ({ ...r, links: { self: `${links.revisions(id)}/${r.revision}` } })) };
    return new Response(jsonBody(body, pretty(c)), { headers: { 'Content-Type': 'application/json' } });
  });

  app.get('/:id/revisions/:n', async (c) => {
    const n = c.req.param('n');
    if (!/^\d{1,9}$/.test(n)) throw new BadRequest(`"${n}" is not a revision number.`, [{ pointer: '/revision', message: 'expected a positive whole number' }]);
    const rec = await store.revision(c.get('identity'), c.req.param('id'), Number(n));
    return new Response(jsonBody(rec, pretty(c)), { headers: { 'Content-Type': 'application/json', ETag: etagOf(rec) } });
  });

  return app;
}
