/**
 * MARCXML: application/marcxml+xml (RFC 6207), OAI-PMH prefix marc21 (the prefix the
 * Library of Congress and Invenio use for MARC 21 slim).
 */
import type { Format } from '../format.ts';
import { parseMarcXml } from './parse-marcxml.ts';
import { MARC_NAMESPACE, MARC_SCHEMA, toMarcXml, toMarcXmlFragment } from './to-marcxml.ts';

/** The MARCXML format descriptor (REST `?format=marcxml`, OAI-PMH `marc21`). */
export const marcXmlFormat: Format = {
  id: 'marcxml',
  mediaTypes: ['application/marcxml+xml'],
  extension: 'xml',
  label: 'MARC 21 XML',
  serialize: toMarcXml,
  serializeFragment: toMarcXmlFragment,
  // A 245 needs a title; every record has one (DataCite's only always-present field).
  supports: (record) => (record.titles ?? []).some((t) => t.title.trim() !== ''),
  oai: { metadataPrefix: 'marc21', metadataNamespace: MARC_NAMESPACE, schema: MARC_SCHEMA },
  parse: parseMarcXml,
};
