/**
 * Reading OAI-PMH 2.0 responses: the envelope (responseDate, errors), Identify, and a
 * ListRecords page (headers, metadata, resumption token). Bytes are decoded with BOM and
 * encoding detection and stripped of characters XML 1.0 forbids before parsing, because real
 * feeds send both; hostile XML (entities, external DTDs, deep nesting) is refused.
 */
import { decodeXmlBytes } from '../../src/xml/decode.ts';
import { parseXmlSafely, type XmlElement } from '../../src/xml/parse.ts';
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';
import { attribute, childElements, firstChild, textContent } from '../../src/xml/tree.ts';
import { toNamespaceDeclarations } from './fragment.ts';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

export interface OaiError {
  code: string;
  message: string;
}

export interface OaiIdentify {
  repositoryName: string;
  baseURL: string;
  earliestDatestamp: string | null;
  deletedRecord: string | null;
  granularity: 'YYYY-MM-DD' | 'YYYY-MM-DDThh:mm:ssZ';
  compression: string[];
}

export interface OaiRecord {
  identifier: string;
  datestamp: string;
  setSpecs: string[];
  deleted: boolean;
  /** The element inside `<metadata>`, with the namespace declarations it inherits. */
  metadata?: { element: XmlElement; namespaces: Record<string, string> };
}

export interface ResumptionToken {
  /** '' on the last page (OAI-PMH 3.5: "the response containing the last part ... must include an empty resumptionToken"). */
  value: string;
  completeListSize?: number;
  cursor?: number;
  expirationDate?: string;
}

/** One parsed response. */
export interface OaiResponse {
  responseDate: string;
  errors: OaiError[];
  root: XmlElement;
  rootNamespaces: Record<string, string>;
}

/** Decode, sanitize and parse an OAI-PMH response. Throws XmlRejected when the XML is broken or hostile. */
export function parseOaiResponse(body: Buffer | string): OaiResponse {
  const root = parseXmlSafely(stripInvalidXmlChars(decodeXmlBytes(body)));
  if (root.local !== 'OAI-PMH') throw new TypeError(`not an OAI-PMH response: the root element is <${root.name}>`);
  const responseDate = textContent(firstChild(root, 'responseDate') ?? root).trim();
  const errors = childElements(root, 'error').map((e) => ({ code: attribute(e, 'code') ?? 'unknown', message: textContent(e).trim() }));
  return { responseDate, errors, root, rootNamespaces: toNamespaceDeclarations(root) };
}

/** The Identify answer's fields a harvester needs (OAI-PMH 4.2). */
export function toIdentify(res: OaiResponse): OaiIdentify {
  const id = firstChild(res.root, 'Identify');
  if (!id) throw new TypeError('the Identify response has no <Identify> element');
  const text = (name: string) => {
    const el = firstChild(id, name);
    return el ? textContent(el).trim() : null;
  };
  const granularity = text('granularity') === 'YYYY-MM-DDThh:mm:ssZ' ? 'YYYY-MM-DDThh:mm:ssZ' : 'YYYY-MM-DD';
  return {
    repositoryName: text('repositoryName') ?? '',
    baseURL: text('baseURL') ?? '',
    earliestDatestamp: text('earliestDatestamp'),
    deletedRecord: text('deletedRecord'),
    granularity,
    compression: childElements(id, 'compression').map((c) => textContent(c).trim()),
  };
}

/** The records and the resumption token of a ListRecords page. */
export function toListRecordsPage(res: OaiResponse): { records: OaiRecord[]; token?: ResumptionToken } {
  const list = firstChild(res.root, 'ListRecords');
  if (!list) return { records: [] };
  const listNs = toNamespaceDeclarations(list, res.rootNamespaces);
  const records: OaiRecord[] = [];
  for (const rec of childElements(list, 'record')) {
    const header = firstChild(rec, 'header');
    if (!header) continue;
    const identifier = textContent(firstChild(header, 'identifier') ?? header).trim();
    const datestamp = textContent(firstChild(header, 'datestamp') ?? header).trim();
    const deleted = attribute(header, 'status') === 'deleted';
    const out: OaiRecord = { identifier, datestamp, setSpecs: childElements(header, 'setSpec').map((s) => textContent(s).trim()), deleted };
    const metadata = firstChild(rec, 'metadata');
    const inner = metadata ? childElements(metadata)[0] : undefined;
    if (metadata && inner) {
      const recNs = toNamespaceDeclarations(rec, listNs);
      out.metadata = { element: inner, namespaces: toNamespaceDeclarations(metadata, recNs) };
    }
    records.push(out);
  }
  const tokenEl = firstChild(list, 'resumptionToken');
  if (!tokenEl) return { records };
  const size = attribute(tokenEl, 'completeListSize');
  const cursor = attribute(tokenEl, 'cursor');
  return {
    records,
    token: {
      // A copy: the token outlives its page (loop detection, the harvest state), and a slice of
      // the page's text (which the fast parser gives) would keep the whole page in memory.
      value: structuredClone(textContent(tokenEl).trim()),
      ...(size && /^\d+$/.test(size) ? { completeListSize: Number(size) } : {}),
      ...(cursor && /^\d+$/.test(cursor) ? { cursor: Number(cursor) } : {}),
      ...(attribute(tokenEl, 'expirationDate') ? { expirationDate: attribute(tokenEl, 'expirationDate') } : {}),
    },
  };
}
