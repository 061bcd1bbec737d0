/**
 * Every DataCite XML fixture (test/fixtures/datacite/**) parsed by the DataCite loader and
 * given system fields: the real-world half of the citation suites' corpus.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECORD_SCHEMA_ID } from '../../../src/records/types.ts';
import type { GranaryRecord } from '../../../src/records/types.ts';
import { parseDataCiteXml } from '../../../serializers/datacite/parse-xml.ts';

const ROOT = fileURLToPath(new URL('../../fixtures/datacite/', import.meta.url));

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? xmlFiles(path) : name.endsWith('.xml') ? [path] : [];
  });
}

/** Each fixture as a stored record whose id is its path below test/fixtures/datacite. */
export function dataciteFixtureRecords(): GranaryRecord[] {
  return xmlFiles(ROOT).map((path, i) => {
    const input = parseDataCiteXml(readFileSync(path));
    return {
      ...input,
      $schema: RECORD_SCHEMA_ID,
      id: `fx${i}-${relative(ROOT, path).replace(/[^A-Za-z0-9]+/g, '-')}`,
      access: { record: 'public' },
      created: '2024-01-01T00:00:00.000Z',
      updated: '2024-01-01T00:00:00.000Z',
      revision: 1,
    } as GranaryRecord;
  });
}
