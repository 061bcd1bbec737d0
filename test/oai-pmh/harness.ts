/**
 * A Granary with the OAI-PMH provider and set hooks on a test database, for the OAI suites.
 * Formats: those committed so far (oai_dc, datacite, oai_datacite, marc21), listed in a
 * small source until the serializer registry lands.
 */
import { Hono } from 'hono';
import { system } from '../../src/access/identity.ts';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/pool.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import { createRecordStore, type RecordStore } from '../../src/records/store.ts';
import { createSetMembershipHooks } from '../../src/sets/membership.ts';
import { createSetService, type SetService } from '../../src/sets/definitions.ts';
import type { Format } from '../../serializers/format.ts';
import { dublinCoreFormat } from '../../serializers/dublin-core/format.ts';
import { dataciteXmlFormat, oaiDataciteFormat } from '../../serializers/datacite/format.ts';
import { marcXmlFormat } from '../../serializers/marcxml/format.ts';
import { createOaiRouter, type OaiFormatSource } from '../../protocols/oai-pmh/router.ts';
import { openTestDatabase, type DatabaseKind } from '../support/db.ts';
import type { RecordInput } from '../../src/records/types.ts';

export const REPO_ID = 'granary.example.org';
export const BASE = 'http://granary.test';
export const OAI_BASE = `${BASE}/oai`;

/** A format source over a fixed list. */
export function toFormatSource(formats: Format[]): OaiFormatSource {
  return {
    oaiFormats: () => formats.filter((f) => f.oai),
    byOaiPrefix: (p) => formats.find((f) => f.oai?.metadataPrefix === p),
  };
}

export const TEST_FORMATS = [dublinCoreFormat, dataciteXmlFormat, oaiDataciteFormat, marcXmlFormat];

/** The config the OAI router reads. */
export function toTestConfig(oai: Partial<Config['oai']> = {}): Pick<Config, 'baseUrl' | 'secret' | 'oai'> {
  return {
    baseUrl: BASE,
    secret: 'test-secret-test-secret-test-secret',
    oai: { repositoryName: 'Granary Test', repositoryIdentifier: REPO_ID, adminEmails: ['oai@example.org'], pageSize: 5, maxConcurrentLists: 16, stylesheetUrl: null, ...oai },
  };
}

export interface OaiHarness {
  db: Database;
  store: RecordStore;
  sets: SetService;
  app: Hono;
  /** GET /oai?query; the body as text. */
  get(query: string, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }>;
  create(input: RecordInput): Promise<string>;
  close(): Promise<void>;
}

/** Open a harness on a fresh database of `kind`. */
export async function createOaiHarness(kind: DatabaseKind, oai: Partial<Config['oai']> = {}, formats: Format[] = TEST_FORMATS): Promise<OaiHarness> {
  const db = await openTestDatabase(kind);
  const store = createRecordStore({ pool: db.pool, validator: createRecordValidator(), hooks: createSetMembershipHooks() });
  const sets = createSetService({ pool: db.pool, onRecomputed: (spec, r) => {
    if (r instanceof Error) throw r;
  } });
  const app = new Hono();
  app.route('/oai', createOaiRouter({ pool: db.pool, config: toTestConfig(oai), formats: toFormatSource(formats) }));
  return {
    db,
    store,
    sets,
    app,
    async get(query, headers = {}) {
      const res = await app.request(`/oai?${query}`, { headers });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async create(input) {
      return (await store.create(system, input)).id;
    },
    close: () => db.close(),
  };
}

/** A minimal valid record input. */
export function toTestRecord(title: string, extra: Partial<RecordInput> = {}): RecordInput {
  return {
    titles: [{ title }],
    creators: [{ name: 'Tester, Tess', nameType: 'Personal' }],
    publisher: { name: 'Granary' },
    publicationYear: '2024',
    types: { resourceTypeGeneral: 'Dataset' },
    ...extra,
  } as RecordInput;
}
