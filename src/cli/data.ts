/** The data commands: import, export, reindex. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { createGranary } from '../app.ts';
import { openDatabase } from '../db/open.ts';
import { runImport } from './import.ts';
import { createProgress } from './progress.ts';

async function withGranary<T>(config: Config, command: string, fn: (g: Awaited<ReturnType<typeof createGranary>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(config, command);
  const g = await createGranary(config, db);
  try {
    return await fn(g);
  } finally {
    await g.close();
  }
}

export async function runImportCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { strict: { type: 'boolean', default: false }, 'batch-size': { type: 'string', default: '1000' } },
    allowPositionals: true,
  });
  const source = positionals[0];
  if (!source || positionals.length > 1) {
    // One source, so nothing named is silently skipped: several files go in one directory.
    process.stderr.write(`granary import: name one file, directory, or - for standard input${positionals.length > 1 ? ` (got ${positionals.length}; put several files in a directory)` : ''}\n`);
    return 2;
  }
  const batchSize = /^\d+$/.test(values['batch-size']) ? Number(values['batch-size']) : NaN;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    process.stderr.write(`granary import: --batch-size must be a whole number from 1 to 100000, not "${values['batch-size']}"\n`);
    return 2;
  }
  return withGranary(config, 'import', async (g) => {
    const progress = createProgress('import');
    const summary = await runImport(
      source,
      { pool: g.db.pool, validator: g.validator, hooks: g.hooks, loaders: g.fileLoaders },
      {
        strict: values.strict,
        batchSize,
        // Two batches in flight use both cores of a PostgreSQL server; PGlite has one connection.
        writers: g.db.kind === 'server' ? 2 : 1,
        progress,
        onRejected: (r) => {
          for (const e of r.errors) process.stderr.write(`rejected ${r.position}: ${e.pointer || '/'}: ${e.message}\n`);
        },
      },
    );
    progress.done();
    process.stderr.write(`Imported ${summary.created} records; rejected ${summary.rejected.length}.${summary.stoppedEarly ? ' Stopped at the first bad record (--strict).' : ''}\n`);
    return summary.rejected.length ? 1 : 0;
  });
}

/**
 * Write to standard output, waiting for the pipe to drain; false once the reader has gone
 * (`granary export | head`: EPIPE), which ends the export quietly instead of a stack trace.
 */
function writeOut(chunk: string): Promise<boolean> {
  if (process.stdout.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const gone = () => resolve(false);
    process.stdout.once('error', gone);
    const done = () => {
      process.stdout.off('error', gone);
      resolve(!process.stdout.destroyed);
    };
    if (process.stdout.write(chunk)) done();
    else process.stdout.once('drain', done);
  });
}

export async function runExportCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'include-deleted': { type: 'boolean', default: false } } });
  // Exporting from a data directory that does not exist would create an empty database
  // there and "export 0 records": a mistyped GRANARY_DATA_DIR in a backup script.
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pg'))) {
    process.stderr.write(`granary export: there is no Granary database in ${config.dataDir} (GRANARY_DATA_DIR); nothing to export\n`);
    return 1;
  }
  // A broken pipe is reported by writeOut; without a listener Node would throw it.
  process.stdout.on('error', () => undefined);
  return withGranary(config, 'export', async (g) => {
    let after = '';
    let n = 0;
    for (;;) {
      // Keyset paging by id: constant cost per page, bounded memory.
      const { rows } = await g.db.pool.query<{ id: string; json: Record<string, unknown>; deleted_at: string | null; deletion_reason: string | null }>(
        `SELECT id, json, deleted_at, deletion_reason FROM records WHERE id > $1 ${values['include-deleted'] ? '' : 'AND deleted_at IS NULL'} ORDER BY id LIMIT 1000`,
        [after],
      );
      if (!rows.length) break;
      // A deleted record says so ("$deleted"), so that importing the file never brings it back to life.
      const chunk = rows.map((r) => JSON.stringify(r.deleted_at ? { ...r.json, $deleted: { at: new Date(r.deleted_at).toISOString(), reason: r.deletion_reason } } : r.json)).join('\n') + '\n';
      if (!(await writeOut(chunk))) return 0;
      n += rows.length;
      after = rows[rows.length - 1].id;
    }
    process.stderr.write(`Exported ${n} records.\n`);
    return 0;
  });
}

export async function runReindexCommand(config: Config, args: string[]): Promise<number> {
  if (args.length) {
    process.stderr.write(`granary reindex: takes no arguments (got ${args.map((a) => JSON.stringify(a)).join(' ')})\n`);
    return 2;
  }
  return withGranary(config, 'reindex', async (g) => {
    const progress = createProgress('reindex');
    let seen = 0;
    const total = await g.search.reindexAll((done, all) => {
      progress.setTotal(all);
      progress.tick(done - seen);
      seen = done;
    });
    progress.done();
    process.stderr.write(`Reindexed ${total} records.\n`);
    return 0;
  });
}
