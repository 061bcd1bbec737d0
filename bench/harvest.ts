/**
 * npm run bench:harvest — harvest 100,000 generated records (oai_dc, pages of 500) from our
 * own OAI-PMH provider, running in another process on PostgreSQL, into a second Granary
 * store on PostgreSQL. Peer measured in the same run: a plain fetch of the same pages with no
 * parsing and no storing. RSS is sampled while harvesting, to show it stays flat; the
 * harvesting process's CPU time per record is printed too, as a figure that load elsewhere
 * on the machine disturbs less than the rates.
 * Options: BENCH_RECORDS (default 100000), BENCH_PAGE_SIZE (500), BENCH_DATABASE_URL.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateRecord } from './generate.ts';
import { benchPostgres, line, processCpuMs, psql, sampleBackendCpu } from './support.ts';
import { openServerDatabase } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createRecordValidator } from '../src/records/schema.ts';
import { importBatch } from '../src/records/bulk.ts';
import { createHarvestSourceStore } from '../harvesters/source-store.ts';
import { runHarvest } from '../harvesters/runner.ts';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const PAGE = Number(process.env.BENCH_PAGE_SIZE ?? 500);
const PEER = fileURLToPath(new URL('./harvest-peer.ts', import.meta.url));

/** Follow the list with fetch alone: read each page as text, find the token with indexOf. */
async function plainFetch(base: string): Promise<{ records: number; seconds: number }> {
  const t0 = performance.now();
  let records = 0;
  let url = `${base}?verb=ListRecords&metadataPrefix=oai_dc`;
  for (;;) {
    const text = await (await fetch(url)).text();
    for (let i = text.indexOf('<record>'); i >= 0; i = text.indexOf('<record>', i + 8)) records++;
    const start = text.indexOf('<resumptionToken');
    const open = start < 0 ? -1 : text.indexOf('>', start);
    const token = open < 0 || text[open - 1] === '/' ? '' : text.slice(open + 1, text.indexOf('<', open)).trim();
    if (!token) break;
    url = `${base}?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
  }
  return { records, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  process.stdout.write(`bench:harvest — ${N} records, oai_dc, pages of ${PAGE}, our OAI-PMH provider -> a second store, PostgreSQL\n`);
  const pg = await benchPostgres();
  const peerUrl = `${pg.url.replace(/\/[^/]*$/, '')}/bench_harvest_peer`;
  const targetUrl = `${pg.url.replace(/\/[^/]*$/, '')}/bench_harvest_target`;
  for (const name of ['bench_harvest_peer', 'bench_harvest_target']) psql(pg.url, ['-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`]);
  const peer = await openServerDatabase(peerUrl, 4);
  const target = await openServerDatabase(targetUrl, 4);
  const validator = createRecordValidator();
  let child: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(peer.pool);
    await migrate(target.pool);
    const t0 = performance.now();
    for (let i = 0; i < N; i += 5000) {
      const items = Array.from({ length: Math.min(5000, N - i) }, (_, k) => ({ position: String(i + k), input: generateRecord(i + k) }));
      const res = await importBatch({ pool: peer.pool, validator }, items);
      if (res.rejected.length) throw new Error(`the peer rejected ${res.rejected.length} generated records`);
    }
    line('peer loaded (importBatch)', `${N}`, `${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await peer.close();

    child = spawn(process.execPath, ['--import', 'tsx', PEER, peerUrl, String(PAGE)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [base] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];

    await plainFetch(base); // warm-up: the provider's caches and the JIT, for both measurements alike
    const plain = await plainFetch(base);
    if (plain.records !== N) throw new Error(`plain fetch saw ${plain.records} records, expected ${N}`);

    const sources = createHarvestSourceStore({ pool: target.pool, validator });
    await sources.create({ id: 'peer', type: 'oai-pmh', url: base, metadataPrefix: 'oai_dc' });
    const rss: { records: number; mb: number }[] = [];
    let harvested = 0;
    const timer = setInterval(() => rss.push({ records: harvested, mb: process.memoryUsage().rss / 2 ** 20 }), 1000);
    const h0 = performance.now();
    const cpu0 = process.cpuUsage();
    const peerCpu0 = processCpuMs(child.pid);
    const targetBackends = sampleBackendCpu('bench_harvest_target');
    const peerBackends = sampleBackendCpu('bench_harvest_peer');
    const run = await runHarvest({ pool: target.pool, validator }, 'peer', { onProgress: (p) => (harvested = p.records) });
    const seconds = (performance.now() - h0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const peerCpu1 = processCpuMs(child.pid);
    const targetBackendMs = targetBackends.stop();
    const peerBackendMs = peerBackends.stop();
    clearInterval(timer);
    rss.push({ records: harvested, mb: process.memoryUsage().rss / 2 ** 20 });
    const { rows } = await target.pool.query<{ live: number; pids: number }>(
      `SELECT (SELECT count(*) FROM records WHERE deleted_at IS NULL)::int AS live, (SELECT count(*) FROM pids WHERE scheme = 'source')::int AS pids`,
    );
    if (run.status !== 'succeeded' || rows[0].live !== N || rows[0].pids !== N || run.failed) {
      throw new Error(`harvest ${run.status}: ${rows[0].live} records, ${rows[0].pids} source PIDs, ${run.failed} failed; ${run.lastError ?? ''}`);
    }

    const rate = N / seconds;
    line('plain fetch of the same pages (no parse, no store)', `${(plain.records / plain.seconds).toFixed(0)} rec/s`, `${plain.seconds.toFixed(1)} s`);
    line('harvest: fetch + parse + load + validate + store', `${rate.toFixed(0)} rec/s`, `${seconds.toFixed(1)} s, ${run.pages} pages; target >= 3000 rec/s: ${rate >= 3000 ? 'met' : 'NOT met'}`);
    line('harvest time / plain fetch time', `${(seconds / plain.seconds).toFixed(2)}x`);
    // CPU of this process alone (parse, load, validate, SQL client): steadier than rates on a shared machine.
    line('harvester CPU per record (user + system)', `${((cpu.user + cpu.system) / 1000 / N).toFixed(3)} ms`, `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s in all`);
    // The provider shares the machine's cores with the harvester and PostgreSQL.
    if (peerCpu0 !== undefined && peerCpu1 !== undefined) line('provider CPU per record (its process)', `${((peerCpu1 - peerCpu0) / N).toFixed(3)} ms`);
    // The databases' backends, when the server runs on this machine: the store's INSERTs
    // (search columns, GIN, PIDs) are the part the harvest waits on.
    if (targetBackendMs !== undefined) line('target database CPU per record (backends)', `${(targetBackendMs / N).toFixed(3)} ms`, 'storing: lookups, PIDs, records with search columns');
    if (peerBackendMs !== undefined) line('provider database CPU per record (backends)', `${(peerBackendMs / N).toFixed(3)} ms`, 'reading the pages');
    const all = [cpu.user + cpu.system, peerCpu1 !== undefined && peerCpu0 !== undefined ? (peerCpu1 - peerCpu0) * 1000 : undefined, targetBackendMs !== undefined ? targetBackendMs * 1000 : undefined, peerBackendMs !== undefined ? peerBackendMs * 1000 : undefined];
    if (all.every((v) => v !== undefined)) {
      const total = all.reduce((a, b) => a! + b!, 0)! / 1000 / N;
      const cores = availableParallelism();
      line('CPU per record, all four processes', `${total.toFixed(3)} ms`, `3,000 rec/s on ${cores} cores allows ${(cores / 3).toFixed(3)} ms per record in all`);
    }
    const after10k = rss.filter((s) => s.records >= Math.min(10_000, N / 10));
    const mbs = after10k.map((s) => s.mb);
    line('RSS after the first 10% (min / max)', `${Math.min(...mbs).toFixed(0)} / ${Math.max(...mbs).toFixed(0)} MB`, `${after10k.length} samples`);
    const step = Math.max(1, Math.floor(rss.length / 12));
    process.stdout.write(`RSS samples (records harvested: MB): ${rss.filter((_, i) => i % step === 0 || i === rss.length - 1).map((s) => `${s.records}: ${s.mb.toFixed(0)}`).join(', ')}\n`);
  } finally {
    child?.kill('SIGTERM');
    await target.close();
    await pg.stop();
  }
}

await main();
