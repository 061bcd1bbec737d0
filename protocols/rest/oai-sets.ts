/**
 * /api/oai/sets: list, get, create, replace and delete OAI-PMH set definitions. Reading is
 * open to all (ListSets shows the same); writing needs a curator or admin token. Errors
 * are domain errors, answered as problem+json by the parent REST app.
 */
import { Hono } from 'hono';
import { canWrite, type Identity } from '../../src/access/identity.ts';
import { Forbidden, Unauthorized } from '../../src/errors.ts';
import { parseSetInput, type SetService } from '../../src/sets/definitions.ts';
import type { AuthEnv } from './auth.ts';
import { readJsonBody } from './body.ts';

function requireWriter(identity: Identity): void {
  if (identity.id === null) throw new Unauthorized('Changing OAI sets needs a curator or admin token (Authorization: Bearer <token>).');
  if (!canWrite(identity)) throw new Forbidden('Changing OAI sets needs a curator or admin token.');
}

/** The /api/oai/sets sub-app. */
export function createOaiSetsRoute(deps: { sets: SetService; baseUrl: string }) {
  const app = new Hono<AuthEnv>();
  const location = (spec: string) => `${deps.baseUrl}/api/oai/sets/${encodeURIComponent(spec)}`;

  app.get('/', async (c) => c.json({ sets: await deps.sets.list() }));
  app.get('/:spec', async (c) => c.json(await deps.sets.get(c.req.param('spec'))));
  app.post('/', async (c) => {
    requireWriter(c.get('identity'));
    const set = await deps.sets.create(parseSetInput(await readJsonBody(c)));
    return c.json(set, 201, { Location: location(set.spec) });
  });
  app.put('/:spec', async (c) => {
    requireWriter(c.get('identity'));
    return c.json(await deps.sets.replace(parseSetInput(await readJsonBody(c), c.req.param('spec'))));
  });
  app.delete('/:spec', async (c) => {
    requireWriter(c.get('identity'));
    await deps.sets.remove(c.req.param('spec'));
    return c.body(null, 204);
  });
  return app;
}
