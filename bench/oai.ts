/**
 * npm run bench:oai — a full OAI-PMH ListRecords harvest (oai_dc) of 100,000 generated
 * records on real PostgreSQL, over HTTP from a live server, at page sizes 100 and 500;
 * the same rows' JSON read straight from PostgreSQL with COPY as the peer; deep-paging
 * latency (last pages / first pages); RSS between 10,000 and 100,000 records harvested;
 * 8 concurrent full harvests. Figures are printed, never asserted.
 * Options: BENCH_RECORDS (default 100000), BENCH_DATABASE_URL.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { generateRecord } from './generate.ts';
import { benchPostgres, line, percentile, psql } from './support.ts';
import { openServerDatabase } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createRecordValidator } from '../src/records/schema.ts';
import { importBatch } from '../src/records/bulk.ts';
import { createSetMembershipHooks } from '../src/sets/membership.ts';
import { dublinCoreFormat } from '../serializers/dublin-core/format.ts';
import { createOaiRouter } from '../protocols/oai-pmh/router.ts';
import type { Config } from '../src/config.ts';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const BATCH = 2000;

interface Harvest {
  records: number;
  seconds: number;
  pageMs: number[];
  rssAt10k: number | null;
  rssEnd: number;
  errors: number;
}

function countRecords(xml: string): number {
  let n = 0;
  for (let i = xml.indexOf('<record>'); i >= 0; i = xml.indexOf('<record>', i + 8)) n++;
  return n;
}

async function harvest(base: string, opts: { trackRss?: boolean } = {}): Promise<Harvest> {
  const out: Harvest = { records: 0, seconds: 0, pageMs: [], rssAt10k: null, rssEnd: 0, errors: 0 };
  const t0 = performance.now();
  let url = `${base}?verb=ListRecords&metadataPrefix=oai_dc`;
  for (;;) {
    const p0 = performance.now();
    // identity: the figures are for the provider, not for zlib (gzip is measured by the suites).
    const res = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    const text = await res.text();
    out.pageMs.push(performance.now() - p0);
    if (res.status !== 200 || text.includes('<error ')) {
      out.errors++;
      if (res.status === 503) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      break;
    }
    out.records += countRecords(text);
    if (opts.trackRss && out.rssAt10k === null && out.records >= 10_000) out.rssAt10k = process.memoryUsage().rss / 2 ** 20;
    const m = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/.exec(text.slice(-2000));
    if (!m || !m[1]) break;
    url = `${base}?verb=ListRecords&resumptionToken=${encodeURIComponent(m[1])}`;
  }
  out.seconds = (performance.now() - t0) / 1000;
  out.rssEnd = process.memoryUsage().rss / 2 ** 20;
  return out;
}

const median = (xs: number[]) => percentile(xs, 50);

async function main(): Promise<void> {
  const pgService = await benchPostgres();
  const db = await openServerDatabase(pgService.url, 20);
  const server = { close: () => undefined as void } as { close: () => void };
  try {
    await migrate(db.pool);
    const validator = createRecordValidator();
    const hooks = createSetMembershipHooks();
    process.stdout.write(`bench:oai — ${N} records, PostgreSQL, oai_dc, one process (server and client), ${new Date().toISOString()}\n`);
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM records');
    if (Number(rows[0].n) < N) {
      const t0 = performance.now();
      for (let i = Number(rows[0].n); i < N; i += BATCH) {
        const items = [];
        for (let j = i; j < Math.min(N, i + BATCH); j++) items.push({ position: String(j), input: generateRecord(j) });
        const res = await importBatch({ pool: db.pool, validator, hooks }, items);
        if (res.rejected.length) throw new Error(`rejected: ${JSON.stringify(res.rejected[0])}`);
      }
      line('load (importBatch)', `${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await db.pool.query('ANALYZE records');

    const config = (pageSize: number): Pick<Config, 'baseUrl' | 'secret' | 'oai'> => ({
      baseUrl: 'http://127.0.0.1',
      secret: 'bench-secret-bench-secret-bench',
      oai: { repositoryName: 'bench', repositoryIdentifier: 'bench.example.org', adminEmails: ['a@example.org'], pageSize, maxConcurrentLists: 16, stylesheetUrl: null },
    });
    const formats = { oaiFormats: () => [dublinCoreFormat], byOaiPrefix: (p: string) => (p === 'oai_dc' ? dublinCoreFormat : undefined) };
    const app = new Hono();
    app.route('/oai100', createOaiRouter({ pool: db.pool, config: config(100), formats, path: '/oai100' }));
    app.route('/oai500', createOaiRouter({ pool: db.pool, config: config(500), formats, path: '/oai500' }));
    const srv = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    server.close = () => srv.close();
    await new Promise((r) => srv.once('listening', r));
    const port = (srv.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;

    // The peer: the same rows' JSON, in the same order, straight out of PostgreSQL.
    const c0 = performance.now();
    psql(pgService.url.replace(/\/[^/]*$/, '/' + new URL(pgService.url).pathname.slice(1)), ['-o', '/dev/null', '-c', 'COPY (SELECT json FROM records ORDER BY datestamp, id) TO STDOUT']);
    const copyRate = N / ((performance.now() - c0) / 1000);
    line('COPY json ORDER BY datestamp, id (peer)', `${Math.round(copyRate)} rec/s`);

    await harvest(`${base}/oai500`); // warm-up: JIT, caches
    for (const size of [100, 500]) {
      const h = await harvest(`${base}/oai${size}`, { trackRss: true });
      const rate = h.records / h.seconds;
      line(`ListRecords oai_dc, page ${size}, one client`, `${Math.round(rate)} rec/s`, `${h.records} records in ${h.seconds.toFixed(1)} s, ${h.errors} errors; aim >= 5000/s`);
      line(`  ratio to COPY (harvest / COPY)`, (rate / copyRate).toFixed(3));
      const k = Math.min(10, Math.floor(h.pageMs.length / 4));
      const first = median(h.pageMs.slice(1, 1 + k));
      const last = median(h.pageMs.slice(-k - 1, -1));
      line(`  deep paging: last / first page latency`, (last / first).toFixed(2), `median of ${k} pages each: ${first.toFixed(1)} ms -> ${last.toFixed(1)} ms (page 1 counts the list: ${h.pageMs[0].toFixed(1)} ms); limit <= 1.5`);
      if (h.rssAt10k !== null) line(`  RSS at 10k -> end`, `${(h.rssEnd - h.rssAt10k).toFixed(1)} MB`, `${h.rssAt10k.toFixed(0)} MB -> ${h.rssEnd.toFixed(0)} MB; limit +/-50 MB`);
    }

    const t0 = performance.now();
    const all = await Promise.all(Array.from({ length: 8 }, () => harvest(`${base}/oai500`)));
    const secs = (performance.now() - t0) / 1000;
    const total = all.reduce((s, h) => s + h.records, 0);
    const errors = all.reduce((s, h) => s + h.errors, 0);
    line('8 concurrent full harvests, page 500', `${Math.round(total / secs)} rec/s`, `aggregate; ${total} records in ${secs.toFixed(1)} s, ${errors} errors, each got ${all.map((h) => h.records).join('/')}`);
  } finally {
    server.close();
    await db.close();
    await pgService.stop();
  }
}

await main();
