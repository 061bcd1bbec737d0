/** schema.org JSON-LD (application/ld+json; also DataCite's application/vnd.schemaorg.ld+json). */
import type { Format } from '../format.ts';
import { toSchemaOrg } from './to-schemaorg.ts';

export const schemaOrgFormat: Format = {
  id: 'schemaorg',
  mediaTypes: ['application/ld+json', 'application/vnd.schemaorg.ld+json'],
  extension: 'jsonld',
  label: 'schema.org JSON-LD',
  serialize: (record, options) => JSON.stringify(toSchemaOrg(record, options)),
  serializeList: (records, options) => JSON.stringify(records.map((r) => toSchemaOrg(r, options))),
};
