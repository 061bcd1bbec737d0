/**
 * The app assembly: the one place where the core, the protocols, the serializers and the
 * harvesters are plugged together. Everything below receives its dependencies from here.
 */
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Config } from './config.ts';
import type { Database } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { createRecordStore, type RecordStore } from './records/store.ts';
import { createRecordValidator } from './records/schema.ts';
import { createPostgresSearchEngine } from './search/pg/engine.ts';
import type { SearchEngine } from './search/engine.ts';
import { identityFromToken } from './access/tokens.ts';
import type { RecordWriteHooks } from './records/hooks.ts';
import type { RecordInput } from './records/types.ts';
import { createRestApi } from '../protocols/rest/index.ts';
import { createRepresenters } from '../protocols/rest/negotiated.ts';
import { createLandingRouter } from '../protocols/landing/router.ts';
import { anonymous } from './access/identity.ts';
import { createCitationStylesRoute } from '../protocols/rest/negotiation-styles.ts';
import { createFormatRegistry, type FormatRegistry } from '../serializers/registry.ts';
import { parseDataCiteXml } from '../serializers/datacite/parse-xml.ts';
import { problem, problemResponse } from '../protocols/rest/problem.ts';

export interface Granary {
  config: Config;
  db: Database;
  store: RecordStore;
  search: SearchEngine;
  validator: ReturnType<typeof createRecordValidator>;
  registry: FormatRegistry;
  hooks: RecordWriteHooks;
  /** Loaders for `granary import`, by file extension. */
  fileLoaders: Record<string, (bytes: Buffer) => RecordInput>;
  app: Hono;
  close(): Promise<void>;
}

/** Assemble Granary on an open database (migrating it first). */
export async function createGranary(config: Config, db: Database): Promise<Granary> {
  await migrate(db.pool);
  const validator = createRecordValidator();
  const hooks: RecordWriteHooks = {};
  const store = createRecordStore({ pool: db.pool, validator, hooks });
  const search = createPostgresSearchEngine(db.pool, { maxPageSize: config.maxPageSize });
  // Extra CSL styles: drop .csl files into $GRANARY_DATA_DIR/styles (serializers/citation/styles/README.md).
  const registry = createFormatRegistry({ extraStylesDir: join(config.dataDir, 'styles') });
  const representers = createRepresenters(registry, config.baseUrl);

  const app = new Hono();
  app.get('/ping', (c) => c.text('pong'));
  app.notFound((c) => problemResponse(c, problem(404, 'not-found', 'Not Found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`)));
  app.route(
    '/api',
    createRestApi({
      baseUrl: config.baseUrl,
      store,
      search,
      resolveToken: (token) => identityFromToken(db.pool, token),
      maxBodyBytes: config.maxBodyBytes,
      maxPageSize: config.maxPageSize,
      represent: representers.represent,
      representList: representers.representList,
      mounts: [{ path: '/citation-styles', app: createCitationStylesRoute(registry) as never }],
    }),
  );

  // Landing pages (/records/{id}, linksets, unAPI). A bearer token lets owners see their restricted records.
  app.route(
    '/',
    createLandingRouter({
      registry,
      baseUrl: config.baseUrl,
      getRecord: (id, identity) => store.get(identity, id),
      identify: async (c) => {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
        return (m && (await identityFromToken(db.pool, m[1]))) || anonymous;
      },
    }),
  );

  return {
    config,
    db,
    store,
    search,
    validator,
    registry,
    hooks,
    fileLoaders: { '.xml': (bytes) => parseDataCiteXml(bytes) },
    app,
    async close() {
      await db.close();
    },
  };
}
