/** RIS (application/x-research-info-systems, .ris). */
import type { Format } from '../format.ts';
import { toRis, toRisList } from './to-ris.ts';

export const risFormat: Format = {
  id: 'ris',
  mediaTypes: ['application/x-research-info-systems'],
  extension: 'ris',
  label: 'RIS',
  serialize: (record, options) => toRis(record, options),
  serializeList: (records, options) => toRisList(records, options),
};
