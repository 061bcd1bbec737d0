/**
 * Format descriptors for DataCite XML, oai_datacite and DataCite JSON.
 */
import type { Format } from '../format.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { KERNEL4_NS } from './namespace.ts';
import { parseDataCiteXml } from './parse-xml.ts';
import { toDataCiteFragment, toDataCiteXml, toPrimaryIdentifier } from './to-xml.ts';
import { parseDataCiteJson, toDataCiteJson } from './json.ts';
import { OAI_DATACITE_NS, OAI_DATACITE_SCHEMA, toOaiDataCiteFragment } from './oai.ts';

/**
 * Can the kernel-4 XSD's mandatory properties be produced? identifier (a DOI, or another
 * primary identifier), at least one creator with a name, a title, a non-empty publisher, a
 * publicationYear and a resourceTypeGeneral. Harvested oai_dc records often lack some of these;
 * they are then not offered in the DataCite formats (OAI-PMH ListMetadataFormats, conneg 406).
 */
export function supportsDataCite(r: GranaryRecord): boolean {
  return Boolean(
    toPrimaryIdentifier(r) &&
      r.creators?.length && r.creators.every((c) => c.name) &&
      r.titles?.length &&
      r.publisher?.name &&
      r.publicationYear &&
      r.types?.resourceTypeGeneral,
  );
}

/** DataCite XML (kernel-4, schemaLocation 4.6 or 4.7). */
export const dataciteXmlFormat: Format = {
  id: 'datacite-xml',
  mediaTypes: ['application/vnd.datacite.datacite+xml'],
  extension: 'xml',
  label: 'DataCite XML',
  serialize: (record) => toDataCiteXml(record),
  serializeFragment: (record) => toDataCiteFragment(record),
  supports: supportsDataCite,
  // OAI-PMH 2.0 section 3.4: every record served under a prefix validates against its schema.
  // A record declares 4.6 unless it needs 4.7 (namespace.ts), and 4.7 only adds to 4.6, so
  // 4.7 is the schema both kinds validate against.
  oai: { metadataPrefix: 'datacite', metadataNamespace: KERNEL4_NS, schema: 'http://schema.datacite.org/meta/kernel-4.7/metadata.xsd' },
  parse: parseDataCiteXml,
};

/** DataCite's OAI-PMH envelope around the kernel-4 resource. */
export const oaiDataciteFormat: Format = {
  id: 'oai_datacite',
  mediaTypes: ['application/x-oai-datacite+xml'],
  extension: 'xml',
  label: 'OAI DataCite',
  serialize: (record) => `<?xml version="1.0" encoding="UTF-8"?>\n${toOaiDataCiteFragment(record)}`,
  serializeFragment: (record) => toOaiDataCiteFragment(record),
  supports: supportsDataCite,
  oai: { metadataPrefix: 'oai_datacite', metadataNamespace: OAI_DATACITE_NS, schema: OAI_DATACITE_SCHEMA },
};

/** DataCite JSON. */
export const dataciteJsonFormat: Format = {
  id: 'datacite-json',
  mediaTypes: ['application/vnd.datacite.datacite+json'],
  extension: 'json',
  label: 'DataCite JSON',
  serialize: (record) => JSON.stringify(toDataCiteJson(record), null, 2),
  parse: parseDataCiteJson,
};
