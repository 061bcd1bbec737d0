/**
 * Loaders by name: how a harvested document becomes a record input. The harvesters only
 * look names up; the app assembly may pass its own registry.
 */
import type { RecordInput } from '../src/records/types.ts';
import type { XmlElement } from '../src/xml/parse.ts';
import { parseOaiDc, parseOaiDcElement } from '../serializers/dublin-core/parse-oai-dc.ts';
import { parseDataCiteElement, parseDataCiteXml } from '../serializers/datacite/parse-xml.ts';
import { parseDataCiteJson } from '../serializers/datacite/json.ts';
import { parseMarcXml, parseMarcXmlElement } from '../serializers/marcxml/parse-marcxml.ts';
import { parseOaiOpenaire, parseOaiOpenaireElement } from '../serializers/openaire/parse-openaire.ts';
import { toRecordInputFromCrossref } from './crossref-api/map.ts';
import type { LoaderName } from './source.ts';

/** One loader: document text (or a parsed JSON value) -> record input. */
export interface Loader {
  parse(doc: string | Buffer | Record<string, unknown>): RecordInput;
  /**
   * For XML loaders: the same reading from an element the harvester has parsed already (the
   * OAI-PMH page), so a record's XML is parsed once, not serialized and parsed again.
   */
  parseElement?(el: XmlElement): RecordInput;
  /**
   * For XML loaders inside an OAI-PMH `<metadata>` wrapper: the local name of the element the
   * loader wants as its root, found below the wrapper (oai_datacite wraps DataCite's `resource`).
   */
  xmlRoot?: string;
}

export type LoaderRegistry = Partial<Record<LoaderName, Loader>>;

function asText(doc: string | Buffer | Record<string, unknown>): string | Buffer {
  if (typeof doc === 'string' || Buffer.isBuffer(doc)) return doc;
  throw new TypeError('this loader reads XML text, not a JSON value');
}

/** Every loader Granary has. */
export function createDefaultLoaders(): LoaderRegistry {
  return {
    oai_dc: { parse: (doc) => parseOaiDc(asText(doc)), parseElement: parseOaiDcElement },
    'datacite-xml': { parse: (doc) => parseDataCiteXml(asText(doc)), parseElement: parseDataCiteElement, xmlRoot: 'resource' },
    // MARCXML feeds (Invenio, INSPIRE) wrap one slim `record` per OAI record.
    marc21: { parse: (doc) => parseMarcXml(asText(doc)), parseElement: parseMarcXmlElement, xmlRoot: 'record' },
    oai_openaire: { parse: (doc) => parseOaiOpenaire(asText(doc)), parseElement: parseOaiOpenaireElement },
    'datacite-json': { parse: (doc) => parseDataCiteJson(doc) },
    crossref: { parse: (doc) => toRecordInputFromCrossref(typeof doc === 'string' || Buffer.isBuffer(doc) ? (JSON.parse(doc.toString()) as Record<string, unknown>) : doc) },
  };
}
