/**
 * Turning client input into a stored document: system fields set by the store, the DOI
 * normalized, read-only fields dropped.
 */
import { requireDoi } from '../pids/doi.ts';
import { RECORD_SCHEMA_ID, READ_ONLY_FIELDS, type GranaryRecord, type RecordInput } from './types.ts';

export interface SystemValues {
  id: string;
  created: string;
  updated: string;
  revision: number;
}

/** Build the document to validate and store. Client values for id/created/updated/revision are replaced. */
export function toStoredRecord(input: RecordInput, sys: SystemValues): GranaryRecord {
  const doc: Record<string, unknown> = { ...input };
  for (const f of READ_ONLY_FIELDS) delete doc[f];
  if (typeof doc.doi === 'string') doc.doi = requireDoi(doc.doi);
  // Key order: system fields first, so stored JSON reads naturally.
  return {
    $schema: (input.$schema as string | undefined) ?? RECORD_SCHEMA_ID,
    id: sys.id,
    ...doc,
    access: input.access ?? { record: 'public' },
    created: sys.created,
    updated: sys.updated,
    revision: sys.revision,
  } as GranaryRecord;
}
