/**
 * Dublin Core: oai_dc for OAI-PMH, and the same `oai_dc:dc` document for REST under
 * application/x-dc+xml, the media type InvenioRDM uses for its Dublin Core XML export
 * (whose dcxml library also writes the oai_dc container).
 */
import type { Format } from '../format.ts';
import { OAI_DC_NAMESPACE, OAI_DC_SCHEMA, toOaiDc, toOaiDcFragment } from './oai-dc.ts';
import { parseOaiDc } from './parse-oai-dc.ts';

/** The Dublin Core format descriptor (REST `?format=dc`, OAI-PMH `oai_dc`). */
export const dublinCoreFormat: Format = {
  id: 'dc',
  mediaTypes: ['application/x-dc+xml'],
  extension: 'xml',
  label: 'Dublin Core (oai_dc)',
  serialize: toOaiDc,
  serializeFragment: toOaiDcFragment,
  // Every record has at least a title, and oai_dc can carry any record (OAI-PMH 3.4 requires it).
  supports: () => true,
  oai: { metadataPrefix: 'oai_dc', metadataNamespace: OAI_DC_NAMESPACE, schema: OAI_DC_SCHEMA },
  parse: parseOaiDc,
};
