/**
 * The peer Granary for bench:harvest, in its own process (as a real remote repository
 * would be): our OAI-PMH provider over a PostgreSQL database, on a free loopback port.
 * Prints the base URL on stdout once it listens.
 *
 * Usage: node --import tsx bench/harvest-peer.ts <databaseUrl> <pageSize>
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { openServerDatabase } from '../src/db/pool.ts';
import { createOaiRouter } from '../protocols/oai-pmh/router.ts';
import { createFormatRegistry } from '../serializers/registry.ts';

const [databaseUrl, pageSize] = process.argv.slice(2);
const db = await openServerDatabase(databaseUrl, 4);
const app = new Hono();
const config = {
  baseUrl: 'http://127.0.0.1',
  secret: 'bench-harvest-secret-bench-harvest-secret',
  oai: { repositoryName: 'Bench peer', repositoryIdentifier: 'peer.example.org', adminEmails: ['oai@example.org'], pageSize: Number(pageSize), maxConcurrentLists: 8, stylesheetUrl: null },
};
app.route('/oai', createOaiRouter({ pool: db.pool, config, formats: createFormatRegistry() }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/oai\n`));
process.once('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
