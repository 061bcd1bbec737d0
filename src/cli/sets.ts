/**
 * `granary sets list|show|add|remove`: manage OAI-PMH sets from the command line. The
 * change and its recompute run in this process (see src/sets/definitions.ts).
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { createSetService, parseSetInput } from '../sets/definitions.ts';

const USAGE = `Usage:
  granary sets list
  granary sets show <spec>
  granary sets add <spec> --name NAME (--query QUERY | --records ID,ID,...) [--description TEXT] [--replace]
  granary sets remove <spec>`;

/** Run a `granary sets` subcommand; returns the exit code (2 for usage errors). */
export async function runSetsCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { name: { type: 'string' }, query: { type: 'string' }, records: { type: 'string' }, description: { type: 'string' }, replace: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [sub, spec] = positionals;
  if (!sub || !['list', 'show', 'add', 'remove'].includes(sub) || (sub !== 'list' && !spec)) {
    process.stderr.write(`granary sets: ${sub ? `"${sub}" needs a set spec or is unknown` : 'name a subcommand'}\n${USAGE}\n`);
    return 2;
  }
  const db = await openDatabase(config, `sets ${sub}`);
  try {
    await migrate(db.pool);
    const sets = createSetService({
      pool: db.pool,
      onRecomputed: (s, r) => {
        if (r instanceof Error) process.stderr.write(`Recomputing ${s} failed (${r.message}); the outbox will retry it.\n`);
        else for (const x of r.sets) process.stderr.write(`${x.spec}: ${x.joined} joined, ${x.left} left\n`);
      },
    });
    switch (sub) {
      case 'list':
        for (const s of await sets.list()) process.stdout.write(`${s.spec}\t${s.size}\t${s.query === null ? 'static' : `query: ${s.query}`}\t${s.name}\n`);
        return 0;
      case 'show':
        process.stdout.write(JSON.stringify(await sets.get(spec), null, 2) + '\n');
        return 0;
      case 'add': {
        const body = { name: values.name, description: values.description, query: values.query, records: values.records?.split(',').map((s) => s.trim()).filter(Boolean) };
        const input = parseSetInput(body, spec);
        const set = values.replace ? await sets.replace(input) : await sets.create(input);
        process.stdout.write(`${set.spec}\t${set.size} records\n`);
        return 0;
      }
      case 'remove':
        await sets.remove(spec);
        process.stderr.write(`Removed the set ${spec}.\n`);
        return 0;
    }
    return 2;
  } finally {
    await db.close();
  }
}
