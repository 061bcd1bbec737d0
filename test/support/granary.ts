/** A whole Granary (store, search, protocols) on a fresh test database, plus tokens. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { createGranary, type Granary } from '../../src/app.ts';
import { createToken } from '../../src/access/tokens.ts';
import { openTestDatabase, type DatabaseKind } from './db.ts';

export interface TestGranary extends Granary {
  adminToken: string;
  curatorToken: string;
  /** Curator token whose identity is `alice`. */
  aliceToken: string;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    GRANARY_DATA_DIR: mkdtempSync(join(tmpdir(), 'granary-test-')),
    GRANARY_BASE_URL: 'https://repo.example.org',
    GRANARY_SECRET: 'test-secret-0123456789abcdef',
    ...env,
  });
}

export async function openTestGranary(kind: DatabaseKind = 'pglite', env: Record<string, string> = {}): Promise<TestGranary> {
  const db = await openTestDatabase(kind);
  const g = await createGranary(testConfig(env), db);
  const admin = await createToken(db.pool, 'root', 'admin');
  const curator = await createToken(db.pool, 'curator', 'curator');
  const alice = await createToken(db.pool, 'alice', 'curator');
  return Object.assign(g, { adminToken: admin.token, curatorToken: curator.token, aliceToken: alice.token });
}
