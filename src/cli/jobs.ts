/** `granary jobs dead [--json] | retry <id> | discard <id>`: the dead-letter list from the command line. */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import { assertRedisReachable, createJobQueue } from '../jobs/select.ts';
import type { JobQueue } from '../jobs/types.ts';

const USAGE = 'granary jobs dead [--json] | retry <id> | discard <id>';

async function withQueue(config: Config, fn: (queue: JobQueue) => Promise<number>): Promise<number> {
  await assertRedisReachable(config);
  const db = await openDatabase(config, 'jobs');
  try {
    await migrate(db.pool);
    // No work(): this queue only reads and edits the dead-letter state.
    const queue = createJobQueue(config, db.pool);
    try {
      return await fn(queue);
    } finally {
      await queue.close();
    }
  } finally {
    await db.close();
  }
}

/** Run `granary jobs ...`; returns the exit code (1 when the job is not dead or not found, 2 on usage errors). */
export async function runJobsCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const [action, id, extra] = positionals;
  const needsId = action === 'retry' || action === 'discard';
  if ((action !== 'dead' && !needsId) || (needsId && !id) || (!needsId && id) || extra) {
    process.stderr.write(`granary jobs: expected ${USAGE}\n`);
    return 2;
  }
  return withQueue(config, async (queue) => {
    if (action === 'dead') {
      const dead = await queue.deadLetters();
      for (const d of dead) {
        if (values.json) process.stdout.write(JSON.stringify(d) + '\n');
        else process.stdout.write(`${d.id}\t${d.name}\t${d.attempts} attempts\t${d.failedAt}\t${d.error.split('\n')[0]}\n`);
      }
      if (!values.json) process.stderr.write(`${dead.length} dead job${dead.length === 1 ? '' : 's'}.\n`);
      return 0;
    }
    const ok = action === 'retry' ? await queue.retryDead(id) : await queue.discardDead(id);
    if (!ok) {
      process.stderr.write(`granary jobs ${action}: no dead job with id "${id}" (see "granary jobs dead").\n`);
      return 1;
    }
    process.stderr.write(action === 'retry' ? `Job ${id} is queued again with a fresh set of attempts.\n` : `Job ${id} was discarded.\n`);
    return 0;
  });
}
