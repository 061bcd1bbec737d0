/**
 * The REST API sub-app (/api). Errors are RFC 9457 problem+json, mapped in problem.ts.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { RecordStore } from '../../src/records/store.ts';
import type { SearchEngine } from '../../src/search/engine.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { createAuthMiddleware, type AuthEnv, type IdentityResolver } from './auth.ts';
import { errorToResponse, problem, problemResponse } from './problem.ts';
import { createLinks } from './links.ts';
import { checkUrlText } from './url-text.ts';
import { createRecordsRoute } from './records.ts';
import { createPidsRoute } from './pids.ts';

export interface RestApiDeps {
  baseUrl: string;
  store: RecordStore;
  search: SearchEngine;
  resolveToken: IdentityResolver;
  maxBodyBytes: number;
  maxPageSize: number;
  represent?: (c: Context, record: GranaryRecord) => Response | Promise<Response>;
  representList?: (c: Context, records: GranaryRecord[], body: () => unknown) => Response | null;
  /** Further sub-apps mounted under /api (OAI sets, harvest sources, ...), each with its own auth need. */
  mounts?: { path: string; app: Hono<AuthEnv> }[];
}

export function createRestApi(deps: RestApiDeps) {
  const links = createLinks(deps.baseUrl);
  const app = new Hono<AuthEnv>();
  app.onError((err, c) =>
    errorToResponse(c, err, (target) => {
      // A merged record answers 301 to the same resource on its new id.
      const path = new URL(c.req.url).pathname.replace(/\/api\/records\/[^/]+/, `/api/records/${encodeURIComponent(target)}`);
      return path.startsWith('/api/records/') ? `${deps.baseUrl}${path}` : links.record(target);
    }),
  );
  app.notFound((c) => problemResponse(c, { ...problem(404, 'not-found', 'Not Found', `No API route ${c.req.method} ${new URL(c.req.url).pathname}.`) }));
  app.use('*', checkUrlText);
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: (c) => problemResponse(c, problem(413, 'body-too-large', 'Content Too Large', `The request body is larger than ${deps.maxBodyBytes} bytes.`)),
    }),
  );
  app.use('*', createAuthMiddleware(deps.resolveToken));
  app.route('/records', createRecordsRoute({ ...deps, links }));
  app.route('/pids', createPidsRoute({ store: deps.store, links, represent: deps.represent }));
  for (const m of deps.mounts ?? []) app.route(m.path, m.app);
  return app;
}
