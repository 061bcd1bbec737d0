/**
 * OpenAIRE Guidelines for Literature Repositories v4 (oai_openaire). No registered media
 * type exists; application/x-oaire+xml follows the x- convention of application/x-dc+xml.
 */
import type { Format } from '../format.ts';
import { parseOaiOpenaire } from './parse-openaire.ts';
import { OAIRE_NAMESPACE, OAIRE_SCHEMA, toOaiOpenaire, toOaiOpenaireFragment } from './to-openaire.ts';

/** The OpenAIRE v4 format descriptor (REST `?format=oai_openaire`, OAI-PMH `oai_openaire`). */
export const openaireFormat: Format = {
  id: 'oai_openaire',
  mediaTypes: ['application/x-oaire+xml'],
  extension: 'xml',
  label: 'OpenAIRE Literature Guidelines v4',
  serialize: toOaiOpenaire,
  serializeFragment: toOaiOpenaireFragment,
  // Titles (field 1) are the only field the schema itself requires a value for that a record could lack.
  supports: (record) => (record.titles ?? []).some((t) => t.title.trim() !== ''),
  oai: { metadataPrefix: 'oai_openaire', metadataNamespace: OAIRE_NAMESPACE, schema: OAIRE_SCHEMA },
  parse: parseOaiOpenaire,
};
