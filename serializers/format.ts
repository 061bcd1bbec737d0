/**
 * What every serializer folder exports as its `format.ts` descriptor. The registry
 * (registry.ts) lists them; REST content negotiation, the landing page's Signposting links
 * and the OAI-PMH provider all read formats from there.
 */
import type { GranaryRecord, RecordInput } from '../src/records/types.ts';

/** Options a serializer may honour (citation style and locale, the base URL for links). */
export interface SerializeOptions {
  /** Public base URL, e.g. https://repo.example.org, for links to the record. */
  baseUrl: string;
  /** text/x-bibliography: CSL style id and locale. */
  style?: string;
  locale?: string;
  /** text/x-bibliography: 'text' or 'html'. */
  output?: 'text' | 'html';
}

export interface OaiFormat {
  metadataPrefix: string;
  metadataNamespace: string;
  schema: string;
}

export interface Format {
  /** Short name used by ?format= (e.g. 'datacite-xml', 'csl', 'bibtex'). */
  id: string;
  /** Media types, the canonical one first. Parameters are not part of these strings. */
  mediaTypes: string[];
  /** File extension without the dot. */
  extension: string;
  /** Human label. */
  label: string;
  /** Serialize one record to the document's bytes as a string (XML or JSON text, UTF-8). */
  serialize(record: GranaryRecord, options: SerializeOptions): string;
  /** Serialize a list, where the format can hold one (CSL-JSON array, BibTeX, RIS, JSON Lines). */
  serializeList?(records: GranaryRecord[], options: SerializeOptions): string;
  /**
   * For XML formats used by OAI-PMH: the metadata element as an XML string without an XML
   * declaration, so the provider can embed it in its own document.
   */
  serializeFragment?(record: GranaryRecord, options: SerializeOptions): string;
  /** Can this record be given in this format? (OAI-PMH ListMetadataFormats with identifier.) */
  supports?(record: GranaryRecord): boolean;
  oai?: OaiFormat;
  /** The loader, where the format is also an input: document text -> record input. */
  parse?(text: string | Buffer): RecordInput;
}
