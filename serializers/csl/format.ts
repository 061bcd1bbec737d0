/** CSL-JSON (application/vnd.citationstyles.csl+json): one item, or an array for lists. */
import type { Format } from '../format.ts';
import { toCsl } from './to-csl.ts';

export const cslFormat: Format = {
  id: 'csl',
  mediaTypes: ['application/vnd.citationstyles.csl+json'],
  extension: 'json',
  label: 'CSL-JSON',
  serialize: (record, options) => JSON.stringify(toCsl(record, options)),
  serializeList: (records, options) => JSON.stringify(records.map((r) => toCsl(r, options))),
};
