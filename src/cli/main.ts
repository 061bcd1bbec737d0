/**
 * The `granary` command line. Errors are one clear line naming the variable, argument,
 * line or field at fault; exit codes: 0 ok, 1 failure, 2 usage or configuration error.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, ServiceUnreachable, type Config } from '../config.ts';
import { UsageError } from './usage.ts';
import { DomainError } from '../errors.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { createToken } from '../access/tokens.ts';
import { runServe } from './serve.ts';
import { runImportCommand, runExportCommand, runReindexCommand } from './data.ts';
import { runSetsCommand } from './sets.ts';
import { runWorkerCommand } from './worker.ts';
import { runJobsCommand } from './jobs.ts';
import { runHarvestCommand } from './harvest.ts';
import { createGranary, createJobHandlers, JOB_SCHEDULES, OUTBOX_ROUTES } from '../app.ts';

const USAGE = `Usage: granary <command> [options]

Commands:
  serve [--demo] [--port N] [--no-jobs]
                                   start the HTTP server (--demo loads demo records into an empty store;
                                   --no-jobs when separate "granary worker" processes run the jobs)
  migrate                          apply database migrations
  import <file|dir|-> [--strict] [--batch-size N]
                                   import JSON Lines records or DataCite XML files
  export [--include-deleted]       write all records as JSON Lines to stdout
  reindex                          rebuild the search index
  token create --role admin|curator [--name NAME]
                                   create an API token (printed once)
  sets list|show <spec>|add <spec> --name N (--query Q | --records a,b)|remove <spec>
                                   manage OAI-PMH sets
  harvest add <file.json>|list|run <id>|status <id>
                                   harvest sources (OAI-PMH, DataCite, Crossref, ResourceSync)
  worker [--concurrency N]         run background jobs (needs DATABASE_URL; serve runs them in the embedded default)
  jobs dead [--json]|retry <id>|discard <id>
                                   the dead-letter list of failed jobs

Configuration comes from the environment: see README.md.`;

export { UsageError };

async function withDatabase<T>(config: Config, command: string, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(config, command);
  try {
    await migrate(db.pool);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function tokenCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' } }, allowPositionals: true });
  if (positionals[0] !== 'create') throw new UsageError(`granary token: expected "create", got ${positionals[0] ? `"${positionals[0]}"` : 'nothing'}`);
  const role = values.role;
  if (role !== 'admin' && role !== 'curator') throw new UsageError('granary token create: --role must be admin or curator');
  if (values.name !== undefined && !values.name.trim()) throw new UsageError('granary token create: --name must not be empty');
  const name = values.name ?? `${role}-${new Date().toISOString().slice(0, 10)}`;
  const created = await withDatabase(config, 'token create', (db) => createToken(db.pool, name, role));
  process.stderr.write(`Created ${role} token "${name}" (id ${created.id}). It is shown once; keep it safe.\n`);
  process.stdout.write(created.token + '\n');
  return 0;
}

/** Run the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    }
    const config = loadConfig();
    switch (command) {
      case 'serve':
        return await runServe(config, rest);
      case 'migrate': {
        if (rest.length) throw new UsageError(`granary migrate: takes no arguments, got "${rest.join(' ')}"`);
        // Not withDatabase, which migrates first and would leave nothing to report.
        const db = await openDatabase(config, 'migrate');
        const applied = await migrate(db.pool).finally(() => db.close());
        process.stderr.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
        return 0;
      }
      case 'import':
        return await runImportCommand(config, rest);
      case 'export':
        return await runExportCommand(config, rest);
      case 'reindex':
        return await runReindexCommand(config, rest);
      case 'token':
        return await tokenCommand(config, rest);
      case 'sets':
        return await runSetsCommand(config, rest);
      case 'worker':
        // The worker closes the database itself; the Granary built here only supplies handlers.
        return await runWorkerCommand(config, rest, async (db) => {
          const g = await createGranary(config, db);
          return { handlers: createJobHandlers(g), routes: OUTBOX_ROUTES, schedules: JOB_SCHEDULES };
        });
      case 'jobs':
        return await runJobsCommand(config, rest);
      case 'harvest':
        return await runHarvestCommand(config, rest);
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(err.message.startsWith('granary') ? `${err.message}\n` : `granary: ${err.message}\n`);
      return 2;
    }
    if (err instanceof DomainError) {
      process.stderr.write(`granary: ${err.message}\n`);
      for (const d of err.details) process.stderr.write(`  ${d.pointer || '/'}: ${d.message}\n`);
      return 1;
    }
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      // Unknown options, missing values, unexpected arguments: node:util parseArgs says which.
      process.stderr.write(`granary ${command}: ${(err as Error).message}\n`);
      return 2;
    }
    if (err instanceof ServiceUnreachable) {
      process.stderr.write(`granary ${command}: ${err.message}\n`);
      return 1;
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // A system error (ENOENT, EACCES, EISDIR, ECONNREFUSED...): its message names the path or address.
      process.stderr.write(`granary ${command}: ${(err as Error).message}\n`);
      return 1;
    }
    // Anything else is a bug: say so in one line; GRANARY_DEBUG=1 shows the stack.
    process.stderr.write(`granary ${command}: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.GRANARY_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    else process.stderr.write('(run again with GRANARY_DEBUG=1 to see where it happened)\n');
    return 1;
  }
}
