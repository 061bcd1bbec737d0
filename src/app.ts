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
import { anonymous } from './access/identity.ts';
import type { RecordWriteHooks } from './records/hooks.ts';
import type { RecordInput } from './records/types.ts';
import { createSetMembershipHooks } from './sets/membership.ts';
import { createSetService, type SetService } from './sets/definitions.ts';
import { recomputeSet } from './sets/recompute.ts';
import { liftEmbargoes, LIFT_EMBARGOES_CRON, LIFT_EMBARGOES_JOB } from './records/embargo.ts';
import type { JobSchedule } from './jobs/runtime.ts';
import { createJobQueue } from './jobs/select.ts';
import type { JobHandlers, JobQueue } from './jobs/types.ts';
import type { OutboxEvent, OutboxRoutes } from './events/relay.ts';
import { createRestApi } from '../protocols/rest/index.ts';
import { parseBearer } from '../protocols/rest/auth.ts';
import { createRepresenters } from '../protocols/rest/negotiated.ts';
import { createCitationStylesRoute } from '../protocols/rest/negotiation-styles.ts';
import { createOaiSetsRoute } from '../protocols/rest/oai-sets.ts';
import { createJobsRoute } from '../protocols/rest/jobs.ts';
import { createHarvestSourcesRoute } from '../protocols/rest/harvest.ts';
import { createHarvestJobHandler } from '../harvesters/runner.ts';
import { problem, problemResponse } from '../protocols/rest/problem.ts';
import { createLandingRouter } from '../protocols/landing/router.ts';
import { createOaiRouter } from '../protocols/oai-pmh/router.ts';
import { createFormatRegistry, type FormatRegistry } from '../serializers/registry.ts';
import { parseDataCiteXml } from '../serializers/datacite/parse-xml.ts';

export interface Granary {
  config: Config;
  db: Database;
  store: RecordStore;
  search: SearchEngine;
  validator: ReturnType<typeof createRecordValidator>;
  registry: FormatRegistry;
  hooks: RecordWriteHooks;
  sets: SetService;
  jobs: JobQueue;
  /** Loaders for `granary import`, by file extension. */
  fileLoaders: Record<string, (bytes: Buffer) => RecordInput>;
  app: Hono;
  close(): Promise<void>;
}

/** Which jobs each outbox event type starts (src/events/relay.ts). */
export const OUTBOX_ROUTES: OutboxRoutes = {
  'set.changed': ['oai.recomputeSet'],
};

/** The cron schedules that run while jobs run (`serve` in the embedded default, `granary worker`). */
export const JOB_SCHEDULES: JobSchedule[] = [{ key: 'lift-embargoes', cron: LIFT_EMBARGOES_CRON, name: LIFT_EMBARGOES_JOB }];

/** The job handlers, by job name. Each is idempotent: the relay delivers at least once. */
export function createJobHandlers(g: Pick<Granary, 'db' | 'validator' | 'hooks'>): JobHandlers {
  return {
    'oai.recomputeSet': async (event: OutboxEvent) => {
      await recomputeSet(g.db.pool, String(event.payload.setSpec));
    },
    // Embargoed records whose date has come reach OAI-PMH harvesters (src/records/embargo.ts).
    [LIFT_EMBARGOES_JOB]: async () => {
      await liftEmbargoes(g.db.pool);
    },
    // Run now (REST, CLI) and the sources' cron schedules enqueue this; a retry resumes the harvest.
    'harvest.run': createHarvestJobHandler({ pool: g.db.pool, validator: g.validator, hooks: g.hooks }),
  };
}

/** Assemble Granary on an open database (migrating it first). */
export async function createGranary(config: Config, db: Database): Promise<Granary> {
  await migrate(db.pool);
  const validator = createRecordValidator();
  // Set membership is materialized inside every record write's transaction.
  const hooks: RecordWriteHooks = createSetMembershipHooks();
  const store = createRecordStore({ pool: db.pool, validator, hooks });
  const search = createPostgresSearchEngine(db.pool, { maxPageSize: config.maxPageSize });
  // Set definition changes are recomputed right after commit; the outbox event is the
  // durable fallback (a crash before the recompute is redone by the job runner).
  const sets = createSetService({ pool: db.pool });
  const jobs = createJobQueue(config, db.pool);
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
      mounts: [
        { path: '/citation-styles', app: createCitationStylesRoute(registry) as never },
        { path: '/oai/sets', app: createOaiSetsRoute({ sets, baseUrl: config.baseUrl }) },
        { path: '/jobs', app: createJobsRoute({ queue: jobs }) },
        {
          path: '/harvest/sources',
          app: createHarvestSourcesRoute({
            pool: db.pool,
            validator,
            hooks,
            baseUrl: config.baseUrl,
            queue: jobs,
            onBackgroundError: (err) => console.error('harvest run failed to start', err),
          }),
        },
      ],
    }),
  );
  app.route('/oai', createOaiRouter({ pool: db.pool, config, formats: registry }));
  // Landing pages (/records/{id}, linksets, unAPI). A bearer token lets owners see their restricted records.
  app.route(
    '/',
    createLandingRouter({
      registry,
      baseUrl: config.baseUrl,
      getRecord: (id, identity) => store.get(identity, id),
      identify: async (c) => {
        const token = parseBearer(c.req.header('Authorization'));
        return (token && (await identityFromToken(db.pool, token))) || anonymous;
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
    sets,
    jobs,
    fileLoaders: { '.xml': (bytes) => parseDataCiteXml(bytes) },
    app,
    async close() {
      await jobs.close();
      await db.close();
    },
  };
}
