/** The data commands: import, export, reindex. */
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

export async function runExportCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'include-deleted': { type: 'boolean', default: false } } });
  return withGranary(config, 'export', async (g) => {
    let after = '';
    let n = 0;
    for (;;) {
      // Keyset paging by id: constant cost per page, bounded memory.
      const { rows } = await g.db.pool.query<{ id: string; json: unknown }>(
        `SELECT id, json FROM records WHERE id > $1 ${values['include-deleted'] ? '' : 'AND deleted_at IS NULL'} ORDER BY id LIMIT 1000`,
        [after],
      );
      if (!rows.length) break;
      const chunk = rows.map((r) => JSON.stringify(r.json)).join('\n') + '\n';
      if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
      n += rows.length;
      after = rows[rows.length - 1].id;
    }
    process.stderr.write(`Exported ${n} records.\n`);
    return 0;
  });
}

export async function runReindexCommand(config: Config, _args: string[]): Promise<number> {
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
