/**
 * A harvesting process for the crash suite: runs one harvest of a source on a PostgreSQL
 * database until it finishes or is killed.
 *
 * Usage: node --import tsx harvest-child.ts <databaseUrl> <sourceId>
 */
import { openServerDatabase } from '../../../src/db/pool.ts';
import { createRecordValidator } from '../../../src/records/schema.ts';
import { runHarvest } from '../../../harvesters/runner.ts';

const [databaseUrl, sourceId] = process.argv.slice(2);
const db = await openServerDatabase(databaseUrl, 2);
const run = await runHarvest({ pool: db.pool, validator: createRecordValidator() }, sourceId, { retryBaseDelayMs: 5 });
process.stdout.write(`${run.status}\n`);
await db.close();
