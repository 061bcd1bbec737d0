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
