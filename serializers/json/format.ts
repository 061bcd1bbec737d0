/**
 * Granary's own JSON: the record exactly as stored (application/json, one record), and
 * JSON Lines for lists and exports. JSON Lines is served as application/x-ndjson, the name
 * most clients (Elasticsearch, jq users, curl scripts) send; application/jsonl is accepted
 * as an alias. The list/search JSON envelope is the REST layer's, not a format here.
 */
import type { Format } from '../format.ts';

export const jsonFormat: Format = {
  id: 'json',
  mediaTypes: ['application/json'],
  extension: 'json',
  label: 'Granary JSON',
  serialize: (record) => JSON.stringify(record),
};

/** One JSON document per line, each ending in \n (https://jsonlines.org, ndjson spec). */
export const jsonLinesFormat: Format = {
  id: 'jsonl',
  mediaTypes: ['application/x-ndjson', 'application/jsonl'],
  extension: 'jsonl',
  label: 'JSON Lines',
  serialize: (record) => `${JSON.stringify(record)}\n`,
  serializeList: (records) => records.map((r) => `${JSON.stringify(r)}\n`).join(''),
};
