/**
 * The bundled demo dataset (src/demo/demo-records.jsonl, built by scripts/build-demo.ts): real
 * DataCite and OAI-PMH records, all public, schema-valid, with unique DOIs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RecordInput } from '../records/types.ts';

/** Where the demo JSON Lines file lives. */
export const DEMO_RECORDS_PATH = resolve(import.meta.dirname, 'demo-records.jsonl');

/** The demo records, one RecordInput per line of demo-records.jsonl. */
export function loadDemoRecords(): RecordInput[] {
  return readFileSync(DEMO_RECORDS_PATH, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordInput);
}
