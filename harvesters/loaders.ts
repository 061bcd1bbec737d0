/**
 * Loaders by name: how a harvested document becomes a record input. The app assembly may
 * add loaders (MARC21, OpenAIRE) as their serializers land; the harvesters only look names up.
 */
import type { RecordInput } from '../src/records/types.ts';
import { parseOaiDc } from '../serializers/dublin-core/parse-oai-dc.ts';
import { parseDataCiteXml } from '../serializers/datacite/parse-xml.ts';
import { parseDataCiteJson } from '../serializers/datacite/json.ts';
import { toRecordInputFromCrossref } from './crossref-api/map.ts';
import type { LoaderName } from './source.ts';

/** One loader: document text (or a parsed JSON value) -> record input. */
export interface Loader {
  parse(doc: string | Buffer | Record<string, unknown>): RecordInput;
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

/** The loaders whose serializers exist in this tree. */
export function createDefaultLoaders(): LoaderRegistry {
  return {
    oai_dc: { parse: (doc) => parseOaiDc(asText(doc)) },
    'datacite-xml': { parse: (doc) => parseDataCiteXml(asText(doc)), xmlRoot: 'resource' },
    'datacite-json': { parse: (doc) => parseDataCiteJson(doc) },
    crossref: { parse: (doc) => toRecordInputFromCrossref(typeof doc === 'string' || Buffer.isBuffer(doc) ? (JSON.parse(doc.toString()) as Record<string, unknown>) : doc) },
  };
}
