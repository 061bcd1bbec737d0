/**
 * DataCite JSON (the shape of the DataCite REST API's attributes and of Invenio's
 * datacite-v4.5.json). Our metadata already uses these field names, so serializing picks the
 * DataCite properties and adds schemaVersion; parsing drops the API's derived or
 * administrative keys (state, prefix, suffix, types.schemaOrg/citeproc/bibtex/ris, ...).
 */
import type { DataCiteMetadata } from '../../src/records/metadata.ts';
import type { RecordInput } from '../../src/records/types.ts';
import { RECORD_SCHEMA_ID } from '../../src/records/types.ts';
import { BadRequest } from '../../src/errors.ts';
import { KERNEL4_NS } from './namespace.ts';

/** The metadata properties, in DataCite's order. */
export const DATACITE_PROPERTIES = [
  'doi', 'identifiers', 'url', 'types', 'creators', 'titles', 'publisher', 'publicationYear', 'subjects', 'contributors',
  'dates', 'language', 'alternateIdentifiers', 'relatedIdentifiers', 'relatedItems', 'sizes', 'formats', 'version',
  'rightsList', 'descriptions', 'geoLocations', 'fundingReferences',
] as const satisfies readonly (keyof DataCiteMetadata)[];

/** DataCite JSON object for the record's metadata (system fields left out). */
export function toDataCiteJson(m: DataCiteMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of DATACITE_PROPERTIES) if (m[k] !== undefined) out[k] = m[k];
  out.schemaVersion = KERNEL4_NS;
  return out;
}

function asPublisher(v: unknown): unknown {
  // Before 4.5 publisher was a plain string; DataCite's API still sends that for old records.
  return typeof v === 'string' ? { name: v } : v;
}

/**
 * Parses DataCite JSON text, an object, or a REST API document ({data: {attributes}}) into a
 * record input. The result is not validated here; the loader validates it against the schema.
 */
export function parseDataCiteJson(input: string | Buffer | Record<string, unknown>): RecordInput {
  let doc: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      doc = JSON.parse(input.toString());
    } catch (e) {
      throw new BadRequest(`Not JSON: ${(e as Error).message}`);
    }
  }
  const data = (doc as { data?: { attributes?: unknown } }).data;
  const attrs = (data?.attributes ?? doc) as Record<string, unknown>;
  if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) throw new BadRequest('DataCite JSON must be an object.', [{ pointer: '', message: 'must be an object' }]);
  const out: Record<string, unknown> = { $schema: RECORD_SCHEMA_ID };
  for (const k of DATACITE_PROPERTIES) {
    const v = attrs[k];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  if (out.publisher !== undefined) out.publisher = asPublisher(out.publisher);
  if (typeof out.publicationYear === 'number') out.publicationYear = String(out.publicationYear);
  if (out.types && typeof out.types === 'object') {
    const t = out.types as Record<string, unknown>;
    out.types = Object.fromEntries(Object.entries({ resourceTypeGeneral: t.resourceTypeGeneral, resourceType: t.resourceType }).filter(([, v]) => v !== undefined && v !== null));
  }
  // The API lists the DOI itself among `identifiers`; it is already in `doi`.
  if (Array.isArray(out.identifiers)) {
    const rest = (out.identifiers as { identifierType?: string }[]).filter((i) => i.identifierType !== 'DOI');
    if (rest.length) out.identifiers = rest;
    else delete out.identifiers;
  }
  return out as unknown as RecordInput;
}
