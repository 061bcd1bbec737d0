/**
 * `granary harvest add|list|run|status`: manage harvest sources and run them from the
 * command line. `run` harvests in this process and shows pages, records, rate and, when the
 * server gives a completeListSize, an ETA.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { createGranary, type Granary } from '../app.ts';
import { openDatabase } from '../db/open.ts';
import { createProgress } from './progress.ts';
import { createHarvestSourceStore } from '../../harvesters/source-store.ts';
import { runHarvest } from '../../harvesters/runner.ts';
import { getHarvestStatus } from '../../harvesters/status.ts';
import { listFailures } from '../../harvesters/runs.ts';
import { syncHarvestSchedule } from '../../harvesters/schedule.ts';
import { assertRedisReachable } from '../jobs/select.ts';
import { UsageError } from './usage.ts';

const USAGE = `Usage: granary harvest <add|list|run|status> ...
  add FILE|- | --json FILE|-                     a source as JSON (schemas/harvest/source-v1.0.0.json)
  add --id ID --type oai-pmh|datacite-api|crossref-api|resourcesync --url URL
      [--prefix P] [--set S]... [--query Q] [--schedule CRON] [--loader L]
      [--window none|monthly|daily] [--page-size N] [--from DATE]
  list                                           the sources and their last runs
  run ID                                         harvest now (resumes an interrupted run)
  status ID                                      the current or last run, its progress and last error`;

async function withGranary<T>(config: Config, fn: (g: Granary) => Promise<T>): Promise<T> {
  // A source's schedule lives in the job queue: check it answers before anything is stored.
  await assertRedisReachable(config);
  const db = await openDatabase(config, 'harvest');
  const g = await createGranary(config, db);
  try {
    return await fn(g);
  } finally {
    await g.close();
  }
}

/** The source JSON in `file` (- for standard input); a message naming the file when it is not JSON. */
function readSourceFile(file: string): unknown {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`granary harvest add: ${file === '-' ? 'standard input' : file} is not JSON: ${(err as Error).message}`);
  }
}

function toSourceFromFlags(args: string[]): unknown {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'string' },
      id: { type: 'string' },
      type: { type: 'string' },
      url: { type: 'string' },
      prefix: { type: 'string' },
      set: { type: 'string', multiple: true },
      query: { type: 'string' },
      schedule: { type: 'string' },
      loader: { type: 'string' },
      window: { type: 'string' },
      'page-size': { type: 'string' },
      from: { type: 'string' },
    },
  });
  // `granary harvest add source.json` is the same as --json source.json.
  if (positionals.length > 1 || (positionals.length && values.json !== undefined)) throw new UsageError(`granary harvest add: give one source file\n\n${USAGE}`);
  const file = values.json ?? positionals[0];
  if (file !== undefined) return readSourceFile(file);
  const options: Record<string, unknown> = {};
  if (values.window !== undefined) options.dateWindow = values.window;
  if (values['page-size'] !== undefined) options.pageSize = /^\d+$/.test(values['page-size']) ? Number(values['page-size']) : values['page-size'];
  const src: Record<string, unknown> = { id: values.id, type: values.type, url: values.url };
  if (values.prefix !== undefined) src.metadataPrefix = values.prefix;
  if (values.set?.length) src.sets = values.set;
  for (const k of ['query', 'schedule', 'loader', 'from'] as const) if (values[k] !== undefined) src[k] = values[k];
  if (Object.keys(options).length) src.options = options;
  return src;
}

function fmtSeconds(s: number | null): string {
  if (s === null) return '?';
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Run `granary harvest ...`; returns the exit code. */
export async function runHarvestCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const out = (s: string) => process.stdout.write(s + '\n');
  switch (sub) {
    case 'add': {
      const input = toSourceFromFlags(rest);
      return withGranary(config, async (g) => {
        const src = await createHarvestSourceStore({ pool: g.db.pool, validator: g.validator }).create(input);
        await syncHarvestSchedule(g.jobs, src);
        process.stderr.write(`Added harvest source ${src.id} (${src.type} ${src.url})${src.schedule ? `, scheduled "${src.schedule}" (runs in granary worker / serve)` : ''}.\n`);
        return 0;
      });
    }
    case 'list':
      return withGranary(config, async (g) => {
        const sources = await createHarvestSourceStore({ pool: g.db.pool, validator: g.validator }).list();
        if (!sources.length) process.stderr.write('No harvest sources. Add one with: granary harvest add ...\n');
        for (const s of sources) {
          const st = await getHarvestStatus(g.db.pool, s.id);
          const last = st.run ? `${st.run.status} ${st.run.finished ?? st.run.started} (${st.run.records} records)` : 'never run';
          out(`${s.id}\t${s.type}\t${s.url}${s.metadataPrefix ? ` ${s.metadataPrefix}` : ''}${s.sets?.length ? ` sets=${s.sets.join(',')}` : ''}\t${s.schedule ?? '-'}\t${last}`);
        }
        return 0;
      });
    case 'run': {
      const id = rest[0];
      if (!id || rest.length > 1) throw new UsageError(`granary harvest run: name one source id\n\n${USAGE}`);
      return withGranary(config, async (g) => {
        const progress = createProgress(`harvest ${id}`);
        let seen = 0;
        let pages = 0;
        const run = await runHarvest({ pool: g.db.pool, validator: g.validator, hooks: g.hooks }, id, {
          onProgress: (p) => {
            pages = p.pages;
            progress.setTotal(p.completeListSize);
            progress.tick(p.records - seen);
            seen = p.records;
          },
        });
        progress.done();
        process.stderr.write(
          `Run ${run.id} ${run.status}: ${pages} pages, ${run.records} records (${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.deleted} deleted, ${run.failed} failed).\n`,
        );
        for (const f of await listFailures(g.db.pool, run.id, 20)) process.stderr.write(`  failed ${f.identifier}: ${f.reason}\n`);
        if (run.failed > 20) process.stderr.write(`  ... and ${run.failed - 20} more (GET /api/harvest/sources/${id}/runs/${run.id}/failures)\n`);
        if (run.lastError) process.stderr.write(`Error: ${run.lastError}\nThe next run resumes where this one stopped.\n`);
        return run.status === 'succeeded' ? 0 : 1;
      });
    }
    case 'status': {
      const id = rest[0];
      if (!id || rest.length > 1) throw new UsageError(`granary harvest status: name one source id\n\n${USAGE}`);
      return withGranary(config, async (g) => {
        await createHarvestSourceStore({ pool: g.db.pool, validator: g.validator }).get(id);
        const st = await getHarvestStatus(g.db.pool, id);
        if (!st.run) {
          out(`${id}: never run`);
          return 0;
        }
        const p = st.progress!;
        out(`${id}: run ${st.run.id} ${st.run.status} since ${st.run.started}${st.run.finished ? `, finished ${st.run.finished}` : ''}`);
        out(`  pages ${p.pages}, records ${p.records}${p.completeListSize !== null ? ` of ${p.completeListSize}` : ''}, ${p.rate ?? '?'}/s${st.running ? `, ETA ${fmtSeconds(p.etaSeconds)}` : ''}`);
        out(`  created ${st.run.created}, updated ${st.run.updated}, unchanged ${st.run.unchanged}, deleted ${st.run.deleted}, failed ${st.run.failed}`);
        if (st.lastSuccess) out(`  last success ${st.lastSuccess}`);
        if (st.lastError) out(`  last error: ${st.lastError}`);
        for (const s of st.scopes) out(`  scope ${s.scope || '(all)'}: next from ${s.nextFrom ?? '(start)'}${s.runStarted ? `, unfinished run (token ${s.token ?? '-'}, checkpoint ${s.checkpoint ?? '-'})` : ''}`);
        return 0;
      });
    }
    default:
      process.stderr.write(`${sub ? `granary harvest: unknown subcommand "${sub}"\n\n` : ''}${USAGE}\n`);
      return 2;
  }
}
