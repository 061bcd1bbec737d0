/**
 * The serializer test corpus: every DataCite XML fixture loaded through the real DataCite
 * loader into a full GranaryRecord, plus the hostile records. Shared by the DC, MARCXML
 * and OpenAIRE suites.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDataCiteXml } from '../../../serializers/datacite/parse-xml.ts';
import { RECORD_SCHEMA_ID } from '../../../src/records/types.ts';
import type { GranaryRecord } from '../../../src/records/types.ts';
import { FIXTURES } from '../../support/xmllint.ts';
import { hostileRecords } from '../hostile-records.ts';

export const BASE_URL = 'https://repo.example.org';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

/** One named corpus entry. */
export interface CorpusEntry {
  name: string;
  record: GranaryRecord;
}

/** Every DataCite fixture as a record with system fields (those the loader cannot read are reported by name). */
export function dataciteCorpus(): CorpusEntry[] {
  const dir = join(FIXTURES, 'datacite');
  return walk(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((file, i) => {
      const input = parseDataCiteXml(readFileSync(file));
      const record: GranaryRecord = {
        ...input,
        $schema: RECORD_SCHEMA_ID,
        id: `fixture-${i + 1}`,
        access: input.access ?? { record: 'public' },
        created: '2024-05-06T07:08:09.000Z',
        updated: '2024-05-06T07:08:09.000Z',
        revision: 1,
      };
      return { name: relative(dir, file), record };
    });
}

/** The DataCite fixtures and the hostile records. */
export function fullCorpus(): CorpusEntry[] {
  return [...dataciteCorpus(), ...hostileRecords().map((record) => ({ name: `hostile:${record.id}`, record }))];
}
