/** Small valid record inputs for store and API suites. */
import type { RecordInput } from '../../src/records/types.ts';

export function sampleRecord(n = 1, extra: Partial<RecordInput> = {}): RecordInput {
  return {
    titles: [{ title: `Sample dataset ${n}` }],
    creators: [{ name: 'Garcia, Maria', nameType: 'Personal', givenName: 'Maria', familyName: 'Garcia' }],
    publisher: { name: 'Granary' },
    publicationYear: '2024',
    types: { resourceTypeGeneral: 'Dataset', resourceType: 'Dataset' },
    ...extra,
  } as RecordInput;
}

const DAY_MS = 86_400_000;

/** The UTC date (YYYY-MM-DD) `days` days from `from` (negative for the past): embargo dates in tests. */
export function utcDate(days = 0, from = new Date()): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant `days` days from now. */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}
