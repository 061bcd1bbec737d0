/**
 * npm run bench:ingest — bulk import of 100,000 generated DataCite-shaped records through
 * the real `granary import` path (stream, validate, PIDs, searchable), on PostgreSQL and
 * on PGlite; a plain COPY of the same JSON into a bare table as the peer; search latency.
 * Options: BENCH_RECORDS (default 100000), BENCH_DATABASE_URL.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateJsonLines } from './generate.ts';
import { benchPostgres, line, percentile, psql, sampleBackendCpu, sampleRss } from './support.ts';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createRecordValidator } from '../src/records/schema.ts';
import { runImport } from '../src/cli/import.ts';
import { createSetMembershipHooks } from '../src/sets/membership.ts';
import { createPostgresSearchEngine } from '../src/search/pg/engine.ts';
import { anonymous } from '../src/access/identity.ts';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'granary-bench-'));
const file = join(dir, 'records.jsonl');

async function writeInput(): Promise<void> {
  const out = createWriteStream(file);
  for (const l of generateJsonLines(N)) if (!out.write(l)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

interface ImportFigures {
  rate: number;
  rss: { min: number; max: number };
  /** CPU µs per record: this process (read, validate, client), and the database's backends when they run on this machine. */
  cpu: { node: number; backends?: number };
}

async function importInto(db: Database, database?: string, writers = db.kind === 'server' ? 2 : 1): Promise<ImportFigures> {
  await migrate(db.pool);
  const validator = createRecordValidator();
  const rss = sampleRss();
  const backends = database ? sampleBackendCpu(database) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The hooks `granary import` runs too (OAI set membership, no sets defined here).
  const res = await runImport(file, { pool: db.pool, validator, hooks: createSetMembershipHooks(), loaders: {} }, { batchSize: 2000, writers });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const backendMs = backends?.stop();
  const mem = rss.stop();
  if (res.created !== N || res.rejected.length) throw new Error(`import stored ${res.created}/${N}, rejected ${res.rejected.length}: ${JSON.stringify(res.rejected[0])}`);
  return { rate: N / secs, rss: mem, cpu: { node: (cpu.user + cpu.system) / N, backends: backendMs === undefined ? undefined : (backendMs * 1000) / N } };
}

const QUERIES = ['climate', 'ocean carbon', '"neural network"', 'title:glacier', 'creator:Garcia', 'subject:Biology', 'year:[2000 TO 2010]', 'protein OR enzyme', 'soil -forest', '(river OR basin) AND survey', 'type:Dataset', 'language:de', 'publisher:Zenodo'];
const FILTERS: Record<string, string[]>[] = [{}, { type: ['Dataset'] }, { year: ['2015'] }, { language: ['en'] }, { type: ['Software', 'Text'], language: ['fr'] }];

// Issue #2 asks for 4 facets: the two array facets, which cost the most to count (one row
// per subject or creator of every match), and two scalar ones; language and access are cheaper.
const FACETS = ['type', 'year', 'subject', 'creator'];

async function searchLatency(db: Database): Promise<{ p50: number; p95: number; total: number }> {
  const engine = createPostgresSearchEngine(db.pool);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) await engine.search({ q: QUERIES[i % QUERIES.length], identity: anonymous, facets: FACETS }); // warm-up
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await engine.search({ q: QUERIES[i % QUERIES.length], filters: FILTERS[i % FILTERS.length], sort: (['bestmatch', 'newest', 'oldest', 'title'] as const)[i % 4], identity: anonymous, facets: FACETS, size: 10 });
    times.push(performance.now() - t0);
  }
  const all = await engine.search({ identity: anonymous, size: 1 });
  return { p50: percentile(times, 50), p95: percentile(times, 95), total: all.total };
}

async function main() {
  process.stdout.write(`bench:ingest — ${N} generated records\n`);
  await writeInput();
  const pg = await benchPostgres();
  try {
    // Peer: a plain COPY of the same JSON into a bare table, in the same run.
    psql(pg.url, ['-c', 'CREATE DATABASE bench_copy', '-c', 'CREATE DATABASE bench_ingest']);
    const copyUrl = pg.url.replace(/\/[^/]*$/, '/bench_copy');
    psql(copyUrl, ['-c', 'CREATE TABLE bare (doc jsonb)']);
    const t0 = performance.now();
    // CSV with quote/delimiter bytes that never occur in JSON text, so each line is one value.
    psql(copyUrl, ['-c', `\\copy bare (doc) FROM '${file}' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`]);
    const copyRate = N / ((performance.now() - t0) / 1000);

    const db = await openServerDatabase(pg.url.replace(/\/[^/]*$/, '/bench_ingest'));
    const server = await importInto(db, 'bench_ingest');
    const search = await searchLatency(db);
    await db.close();

    line('PostgreSQL: import (validate, PIDs, searchable)', `${server.rate.toFixed(0)} rec/s`, 'target ≥ 10,000 rec/s');
    line('PostgreSQL: plain COPY into a bare table', `${copyRate.toFixed(0)} rec/s`, 'peer, same run');
    line('PostgreSQL: import / COPY ratio', (server.rate / copyRate).toFixed(2), 'aim ≥ 0.30');
    // Where the time goes, steadier than rates on a shared machine. The target rate on this
    // machine's cores bounds the CPU one record may take, counting every process.
    const cores = availableParallelism();
    const backendCpu = server.cpu.backends === undefined ? 'n/a (server not on this machine)' : `${server.cpu.backends.toFixed(0)} µs`;
    line('PostgreSQL: CPU per record, database backends', backendCpu, `10,000 rec/s on ${cores} cores allows ${((cores * 1e6) / 10_000).toFixed(0)} µs per record in all`);
    line('PostgreSQL: CPU per record, importing process', `${server.cpu.node.toFixed(0)} µs`, 'read, validate, SQL client');
    line('Import RSS (min..max)', `${server.rss.min.toFixed(0)}..${server.rss.max.toFixed(0)} MB`, 'limit < 300 MB');
    line('Search: 100 queries, 4 facets, p50', `${search.p50.toFixed(1)} ms`, `facets ${FACETS.join(', ')}; over ${search.total} records`);
    line('Search: p95', `${search.p95.toFixed(1)} ms`, 'aim ≤ 50 ms');
    if (search.total !== N) throw new Error(`only ${search.total} of ${N} records are searchable`);

    const lite = await openEmbeddedDatabase(join(dir, 'pglite'));
    const embedded = await importInto(lite);
    const liteSearch = await searchLatency(lite);
    await lite.close();
    line('PGlite: import', `${embedded.rate.toFixed(0)} rec/s`, 'embedded default, reported');
    line('PGlite: search p50 / p95', `${liteSearch.p50.toFixed(1)} / ${liteSearch.p95.toFixed(1)} ms`, 'same 100 queries and 4 facets');
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
