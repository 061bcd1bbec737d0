/**
 * A full harvest by an independent client: Sickle (PyPI) against a live server on a free
 * port. It must get every record and every deletion, through several resumption tokens.
 * The client lives in .venv-test (created here when missing: python3 -m venv, pip install
 * sickle==0.7.0). Under CI=true a client that cannot be found or installed fails the suite.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { system } from '../../src/access/identity.ts';
import { createOaiRouter } from '../../protocols/oai-pmh/router.ts';
import { createOaiHarness, REPO_ID, TEST_FORMATS, toFormatSource, toTestConfig, toTestRecord, type OaiHarness } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VENV = resolve(ROOT, '.venv-test');
const PYTHON = resolve(VENV, 'bin/python');
const SCRIPT = resolve(import.meta.dirname, 'clients/sickle_harvest.py');
export const SICKLE_VERSION = '0.7.0';

/** The venv's python with Sickle importable, installing it when missing; an error message when impossible. */
function findSickle(): string | null {
  const ok = () => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sickle'], { stdio: 'ignore' }).status === 0;
  if (ok()) return null;
  try {
    if (!existsSync(PYTHON)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'pipe' });
    execFileSync(PYTHON, ['-m', 'pip', 'install', '-q', `sickle==${SICKLE_VERSION}`], { stdio: 'pipe', timeout: 240_000 });
  } catch (err) {
    return `could not install Sickle into ${VENV}: ${(err as Error).message.split('\n')[0]}`;
  }
  return ok() ? null : 'Sickle installed but cannot be imported';
}

const problem = findSickle();
if (problem && process.env.CI === 'true') throw new Error(`The independent OAI-PMH client is required under CI=true: ${problem}`);

describe.skipIf(problem !== null)('a full harvest by Sickle', () => {
  let h: OaiHarness;
  let url: string;
  let close: () => void = () => undefined;
  const live: string[] = [];
  const deleted: string[] = [];

  beforeAll(async () => {
    h = await createOaiHarness('postgres');
    for (let i = 0; i < 23; i++) live.push(await h.create(toTestRecord(`Harvest me ${i} \u0001 & <ok>`)));
    for (const id of live.splice(3, 3)) {
      await h.store.remove(system, id);
      deleted.push(id);
    }
    await h.sets.create({ spec: 'all', name: 'All datasets', query: 'type:Dataset' });
    const app = new Hono();
    app.route('/oai', createOaiRouter({ pool: h.db.pool, config: toTestConfig({ pageSize: 4 }), formats: toFormatSource(TEST_FORMATS) }));
    const srv = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => srv.once('listening', r));
    close = () => srv.close();
    url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/oai`;
  }, 120_000);
  afterAll(async () => {
    close();
    await h?.close();
  });

  const runSickle = async (verb: string) => {
    // Async: the server runs in this process and must keep answering while Sickle harvests.
    const { spawn } = await import('node:child_process');
    const child = spawn(PYTHON, [SCRIPT, url, verb]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number>((r) => child.on('close', r));
    expect(code, err).toBe(0);
    return out.trim().split('\n').map((l) => JSON.parse(l) as { identifier: string; deleted: boolean; sets: string[]; title?: string; datestamp: string });
  };

  test.each(['ListRecords', 'ListIdentifiers'])('%s: every record and every deletion, once each', async (verb) => {
    const got = await runSickle(verb);
    const oaiId = (id: string) => `oai:${REPO_ID}:${id}`;
    expect(got.map((g) => g.identifier).sort()).toEqual([...live, ...deleted].map(oaiId).sort());
    expect(got.filter((g) => g.deleted).map((g) => g.identifier).sort()).toEqual(deleted.map(oaiId).sort());
    expect(got.filter((g) => !g.deleted).every((g) => g.sets.includes('all'))).toBe(true);
    expect(got.every((g) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(g.datestamp))).toBe(true);
    if (verb === 'ListRecords') expect(got.find((g) => !g.deleted)!.title).toMatch(/^Harvest me \d+ {2}& <ok>$/);
  }, 120_000);
});
