/** runImport on both databases: batches, rejections with line numbers, statistics after a large import. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase } from '../support/db.ts';
import { sampleRecord } from '../support/records.ts';
import type { Database } from '../../src/db/pool.ts';
import { createRecordValidator } from '../../src/records/schema.ts';
import { runImport } from '../../src/cli/import.ts';

describe.each(DATABASE_KINDS)('import on %s', (kind) => {
  let db: Database;
  const dir = mkdtempSync(join(tmpdir(), 'granary-import-'));
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());

  it('stores every good line, reports the bad ones by line, and analyzes the table after a large import', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify(sampleRecord(i)));
    lines[41] = '{"titles": "not a list"}';
    lines[99] = '{not json';
    const file = join(dir, 'records.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const res = await runImport(file, { pool: db.pool, validator: createRecordValidator(), loaders: {} }, { batchSize: 250, writers: kind === 'postgres' ? 2 : 1 });
    expect(res.created).toBe(1198);
    expect(res.rejected.map((r) => r.position).sort()).toEqual([`${file}:100`, `${file}:42`]);
    const { rows } = await db.pool.query<{ n: number; tuples: number }>(
      `SELECT (SELECT count(*)::int FROM records) AS n, (SELECT reltuples::int FROM pg_class WHERE relname = 'records') AS tuples`,
    );
    expect(rows[0].n).toBe(1198);
    // ANALYZE ran: the planner's row estimate is the table as it is now.
    expect(rows[0].tuples).toBe(1198);
  });

  it('reports rejections in input order, unreadable lines among invalid records', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify(sampleRecord(6000 + i)));
    lines[2] = '{not json';
    lines[3] = '{"titles": "not a list"}';
    lines[12] = '[1]';
    lines[21] = '{"titles": [{"title": "x"}], "colour": "red"}';
    lines[28] = 'nope';
    const file = join(dir, 'order.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const seen: string[] = [];
    const res = await runImport(file, { pool: db.pool, validator: createRecordValidator(), loaders: {} }, { batchSize: 10, writers: kind === 'postgres' ? 2 : 1, onRejected: (r) => seen.push(r.position) });
    expect(seen).toEqual([3, 4, 13, 22, 29].map((n) => `${file}:${n}`));
    expect(res.created).toBe(25);
  });

  it('reports a mistake in a pretty-printed .json file once, with its line and column', async () => {
    const file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify(sampleRecord(5000), null, 2).replace('"titles":', '"titles"'));
    const res = await runImport(file, { pool: db.pool, validator: createRecordValidator(), loaders: {} }, { batchSize: 10, writers: 1 });
    expect(res.created).toBe(0);
    expect(res.rejected).toHaveLength(1);
    expect(res.rejected[0].errors[0].message).toMatch(/^not valid JSON: .+ at line 2, column 12$/);
  });

  it('imports files a directory links to, and calls an empty directory a mistake', async () => {
    const src = join(dir, 'linked-source.jsonl');
    writeFileSync(src, `${JSON.stringify(sampleRecord(5001))}\n`);
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(src, join(linked, 'records.jsonl'));
    symlinkSync(join(dir, 'nowhere.jsonl'), join(linked, 'dangling.jsonl'));
    const res = await runImport(linked, { pool: db.pool, validator: createRecordValidator(), loaders: {} }, { batchSize: 10, writers: 1 });
    expect(res.created).toBe(1);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const none = await runImport(empty, { pool: db.pool, validator: createRecordValidator(), loaders: {} }, { batchSize: 10, writers: 1 });
    expect(none.rejected.map((r) => r.errors[0].message)).toEqual(['no files to import here (hidden files are skipped)']);
  });
});
