/**
 * npm run bench:oai — a full OAI-PMH ListRecords harvest (oai_dc) of 100,000 generated
 * records on real PostgreSQL, over HTTP from our provider running in its own process
 * (bench/harvest-peer.ts), so the figure is one client against one server; at page sizes
 * 100 and 500. The same rows' JSON read straight from PostgreSQL with COPY is the peer;
 * deep-paging latency (last pages / first pages); the server's RSS between 10,000 and
 * 100,000 records harvested; 8 concurrent full harvests. Figures are printed, never asserted.
 * Options: BENCH_RECORDS (default 100000); BENCH_DATABASE_URL (an existing database, loaded
 * only up to BENCH_RECORDS and then reused); BENCH_PAGE_SIZES (default "100,500");
 * BENCH_CONCURRENT (default 8, 0 skips); BENCH_CPU_PROF (a directory: the server runs under
 * node --cpu-prof and writes its profile there on exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generateRecord } from './generate.ts';
import { benchPostgres, line, percentile, psql } from './support.ts';
import { openServerDatabase } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createRecordValidator } from '../src/records/schema.ts';
import { importBatch } from '../src/records/bulk.ts';
import { createSetMembershipHooks } from '../src/sets/membership.ts';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const PAGE_SIZES = (process.env.BENCH_PAGE_SIZES ?? '100,500').split(',').map(Number);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 8);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const BATCH = 2000;
const SERVER = fileURLToPath(new URL('./harvest-peer.ts', import.meta.url));

interface Harvest {
  records: number;
  seconds: number;
  pageMs: number[];
  rssAt10k: number | null;
  rssEnd: number;
  errors: number;
}

/** The server process's resident set in MB (Linux /proc). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The process's CPU time so far, user + system, in seconds (Linux /proc, clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function countRecords(xml: string): number {
  let n = 0;
  for (let i = xml.indexOf('<record>'); i >= 0; i = xml.indexOf('<record>', i + 8)) n++;
  return n;
}

async function harvest(base: string, opts: { rssPid?: number } = {}): Promise<Harvest> {
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
    if (opts.rssPid && out.rssAt10k === null && out.records >= 10_000) out.rssAt10k = rssOf(opts.rssPid);
    const m = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/.exec(text.slice(-2000));
    if (!m || !m[1]) break;
    url = `${base}?verb=ListRecords&resumptionToken=${encodeURIComponent(m[1])}`;
  }
  out.seconds = (performance.now() - t0) / 1000;
  if (opts.rssPid) out.rssEnd = rssOf(opts.rssPid);
  return out;
}

const median = (xs: number[]) => percentile(xs, 50);

/** Our provider over `url` in a child process; resolves with its base URL once it listens. */
async function startServer(url: string, pageSize: number): Promise<{ base: string; child: ChildProcess }> {
  const prof = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', SERVER, url, String(pageSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [base] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { base, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function load(url: string): Promise<void> {
  const db = await openServerDatabase(url, 4);
  try {
    await migrate(db.pool);
    const validator = createRecordValidator();
    const hooks = createSetMembershipHooks();
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
    } else if (Number(rows[0].n) > N) {
      throw new Error(`the database holds ${rows[0].n} records, more than BENCH_RECORDS=${N}`);
    }
    await db.pool.query('ANALYZE records');
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const pgService = await benchPostgres();
  const servers: ChildProcess[] = [];
  try {
    process.stdout.write(`bench:oai — ${N} records, PostgreSQL, oai_dc, server in a child process, one client, ${new Date().toISOString()}\n`);
    await load(pgService.url);

    // The peer: the same rows' JSON, in the same order, straight out of PostgreSQL.
    const c0 = performance.now();
    psql(pgService.url, ['-o', '/dev/null', '-c', 'COPY (SELECT json FROM records ORDER BY datestamp, id) TO STDOUT']);
    const copyRate = N / ((performance.now() - c0) / 1000);
    line('COPY json ORDER BY datestamp, id (peer)', `${Math.round(copyRate)} rec/s`);

    for (const size of PAGE_SIZES) {
      const { base, child } = await startServer(pgService.url, size);
      servers.push(child);
      await harvest(base); // warm-up: JIT, caches
      const cpu0 = cpuOf(child.pid!);
      const h = await harvest(base, { rssPid: child.pid });
      const cpu = cpuOf(child.pid!) - cpu0;
      const rate = h.records / h.seconds;
      line(`ListRecords oai_dc, page ${size}, one client`, `${Math.round(rate)} rec/s`, `${h.records} records in ${h.seconds.toFixed(1)} s, ${h.errors} errors; aim >= 5000/s`);
      // Wall-clock rates move with the machine's load; the server's CPU time per record does not, much.
      line(`  server CPU per 1,000 records`, `${((cpu / h.records) * 1e6).toFixed(0)} ms`, `${cpu.toFixed(1)} s user+system in the server process`);
      line(`  ratio to COPY (harvest / COPY)`, (rate / copyRate).toFixed(3));
      const k = Math.min(10, Math.floor(h.pageMs.length / 4));
      const first = median(h.pageMs.slice(1, 1 + k));
      const last = median(h.pageMs.slice(-k - 1, -1));
      line(`  deep paging: last / first page latency`, (last / first).toFixed(2), `median of ${k} pages each: ${first.toFixed(1)} ms -> ${last.toFixed(1)} ms (page 1 counts the list: ${h.pageMs[0].toFixed(1)} ms); limit <= 1.5`);
      if (h.rssAt10k !== null) line(`  server RSS at 10k -> end`, `${(h.rssEnd - h.rssAt10k).toFixed(1)} MB`, `${h.rssAt10k.toFixed(0)} MB -> ${h.rssEnd.toFixed(0)} MB; limit +/-50 MB`);
      if (size === 500 && CONCURRENT > 0) {
        const t0 = performance.now();
        const all = await Promise.all(Array.from({ length: CONCURRENT }, () => harvest(base)));
        const secs = (performance.now() - t0) / 1000;
        const total = all.reduce((s, x) => s + x.records, 0);
        const errors = all.reduce((s, x) => s + x.errors, 0);
        line(`${CONCURRENT} concurrent full harvests, page 500`, `${Math.round(total / secs)} rec/s`, `aggregate; ${total} records in ${secs.toFixed(1)} s, ${errors} errors (503 retries), each got ${all.map((x) => x.records).join('/')}`);
      }
      await stopServer(child);
    }
  } finally {
    await Promise.all(servers.map(stopServer));
    await pgService.stop();
  }
}

await main();
