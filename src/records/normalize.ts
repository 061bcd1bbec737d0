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

// NFC can only change a string holding a character from U+0300 up: below it (ASCII, Latin-1,
// Latin Extended, IPA, spacing modifiers) every character is its own NFC form and nothing
// composes until a combining mark (U+0300...) follows. Most strings skip normalize() so.
const MAY_CHANGE_IN_NFC = /[\u0300-\uffff]/;

/**
 * Text in Unicode Normalization Form C (W3C Character Model: NFC for text on the web).
 * "Café" typed as e + U+0301 and as U+00E9 are the same words; search normalizes queries
 * to NFC, so stored text must be NFC too, or decomposed text is never found (and facets
 * would count one name twice). Objects are copied only where something changed.
 */
export function toNfc<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (MAY_CHANGE_IN_NFC.test(value) ? value.normalize('NFC') : value) as T;
  if (depth > 64 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number' || typeof item === 'boolean' || item === null) continue;
      const next = toNfc(item, depth + 1);
      if (next !== item) (out ??= value.slice())[i] = next;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const item = obj[key];
    if (typeof item === 'number' || typeof item === 'boolean' || item === null || item === undefined) continue;
    const next = toNfc(item, depth + 1);
    if (next !== item) (out ??= { ...obj })[key] = next;
  }
  return (out ?? value) as T;
}

/** Build the document to validate and store. Client values for id/created/updated/revision are replaced. */
export function toStoredRecord(input: RecordInput, sys: SystemValues): GranaryRecord {
  const doc: Record<string, unknown> = { ...toNfc(input) };
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
