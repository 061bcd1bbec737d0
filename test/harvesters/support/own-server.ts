/**
 * Our own OAI-PMH provider (createOaiRouter over the format registry) served over real HTTP
 * on loopback, on a given database: the peer a Granary harvests from in the round-trip
 * suite and the benchmark.
 */
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../../src/db/pool.ts';
import { createOaiRouter } from '../../../protocols/oai-pmh/router.ts';
import { createFormatRegistry } from '../../../serializers/registry.ts';

export interface OwnServer {
  url: string;
  close(): Promise<void>;
}

export async function startOwnOaiServer(db: Database, pageSize: number): Promise<OwnServer> {
  const app = new Hono();
  const config = {
    baseUrl: 'http://127.0.0.1',
    secret: 'harvest-suite-secret-harvest-suite-secret',
    oai: { repositoryName: 'Granary peer', repositoryIdentifier: 'peer.example.org', adminEmails: ['oai@example.org'], pageSize, maxConcurrentLists: 4, stylesheetUrl: null },
  };
  app.route('/oai', createOaiRouter({ pool: db.pool, config, formats: createFormatRegistry() }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oai`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
