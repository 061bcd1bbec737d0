/**
 * Runs `granary worker` or `granary jobs` the way src/cli/main.ts will, with a test setup:
 * outbox record.* events go to `test.effect`, which records one row per event, and the job
 * `test.fail` always fails.
 *
 * Usage (DATABASE_URL in the environment): node --import tsx cli-child.ts worker|jobs [args...]
 */
import { loadConfig } from '../../src/config.ts';
import { runWorkerCommand } from '../../src/cli/worker.ts';
import { runJobsCommand } from '../../src/cli/jobs.ts';
import type { OutboxEvent } from '../../src/events/relay.ts';

const [command, ...args] = process.argv.slice(2);
const config = loadConfig();
const code =
  command === 'worker'
    ? await runWorkerCommand(config, args, async (db) => {
        await db.pool.query(`CREATE TABLE IF NOT EXISTS effects (event_id bigint PRIMARY KEY)`);
        return {
          handlers: {
            'test.effect': async (e: OutboxEvent) => void (await db.pool.query(`INSERT INTO effects VALUES ($1) ON CONFLICT DO NOTHING`, [e.id])),
            'test.fail': async () => {
              throw new Error('always fails');
            },
          },
          routes: { 'record.*': ['test.effect'] },
        };
      })
    : await runJobsCommand(config, args);
process.exit(code);
