/**
 * Crash: the harvesting process is SIGKILLed in the middle of a harvest, then a new run
 * starts. The stored token has expired by then (badResumptionToken), so the new run resumes
 * from the latest stored datestamp. Nothing is lost, nothing is stored twice, and every
 * record produced exactly one `record.created` event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerDatabase, type Database } from '../../src/db/pool.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createServerDatabase } from '../support/db.ts';
import { createHarness } from './support/harness.ts';
import { startTestServer, type TestServer } from './support/http-server.ts';
import { createSyntheticOai, generateSyntheticRecords } from './support/synthetic-oai.ts';
import { listRuns } from '../../harvesters/runs.ts';

const CHILD = fileURLToPath(new URL('./support/harvest-child.ts', import.meta.url));
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('harvest crash', () => {
  let db: Database | undefined;
  let server: TestServer | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await server?.close();
    await db?.close();
  });

  it('loses and duplicates nothing when the harvester is SIGKILLed mid-harvest', async () => {
    const url = await createServerDatabase();
    db = await openServerDatabase(url);
    await migrate(db.pool);
    const h = createHarness(db);
    const records = generateSyntheticRecords(200);
    let tokensExpired = false;
    let refused = false;
    server = await startTestServer(
      createSyntheticOai({
        records: () => records,
        pageSize: 5,
        // Slow pages so the kill lands mid-harvest; after the crash, the token issued before it has expired.
        fault: (r) => {
          if (tokensExpired && r.token && !refused) {
            refused = true;
            return { oaiError: 'badResumptionToken' };
          }
          return r.verb === 'ListRecords' ? { delayMs: 30 } : undefined;
        },
      }),
    );
    await h.sources.create({ id: 'synth', type: 'oai-pmh', url: `${server.url}/oai`, metadataPrefix: 'oai_dc' });

    child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, 'synth'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (d) => process.stderr.write(`[harvest-child] ${d}`));
    for (;;) {
      const { rows } = await db.pool.query<{ pages: number }>(`SELECT pages FROM harvest_runs WHERE status = 'running'`);
      if (rows[0] && rows[0].pages >= 8) break;
      if (child.exitCode !== null) throw new Error('the harvesting child ended before it was killed');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited(child);
    const stored = (await h.liveRecords('synth')).size;
    expect(stored).toBeGreaterThanOrEqual(40);
    expect(stored).toBeLessThan(200);

    tokensExpired = true;
    const run = await h.run('synth');
    expect(run.lastError).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(refused).toBe(true);
    expect(run.created).toBe(200 - stored);
    expect((run.log as { event: string }[]).map((e) => e.event)).toEqual(expect.arrayContaining(['resume', 'restart']));

    const live = await h.liveRecords('synth');
    expect([...live.keys()].sort()).toEqual(records.map((r) => r.id).sort());
    expect(await h.counts()).toEqual({ records: 200, live: 200, sourcePids: 200, outbox: 200 });
    const runs = await listRuns(db.pool, 'synth');
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
  });
});
