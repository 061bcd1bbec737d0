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
  /** Why the record cannot be harvested (a header without identifier or datestamp): reported as a failed item. */
  problem?: string;
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

const UTC_DATESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/;

/** The records and the resumption token of a ListRecords page. */
export function toListRecordsPage(res: OaiResponse): { records: OaiRecord[]; token?: ResumptionToken } {
  const list = firstChild(res.root, 'ListRecords');
  if (!list) return { records: [] };
  const listNs = toNamespaceDeclarations(list, res.rootNamespaces);
  const records: OaiRecord[] = [];
  for (const [index, rec] of childElements(list, 'record').entries()) {
    // OAI-PMH 2.0 section 2.5: every record has a header with exactly one identifier and one
    // datestamp. Without them a record cannot be matched or checkpointed: it is a failure
    // named by its place on the page, never stored under a made-up identifier.
    const header = firstChild(rec, 'header');
    const text = (name: string) => {
      const el = header && firstChild(header, name);
      return el ? textContent(el).trim() : '';
    };
    const rawId = text('identifier');
    const rawDate = text('datestamp');
    const problem = !header
      ? 'the record has no <header>'
      : !rawId
        ? 'the header has no <identifier>'
        : !UTC_DATESTAMP.test(rawDate)
          ? `the header's datestamp ${JSON.stringify(rawDate.slice(0, 40))} is not a UTC datestamp (OAI-PMH 3.3)`
          : undefined;
    const identifier = rawId || `(record ${index + 1} of the page, without an identifier)`;
    const datestamp = problem ? '' : rawDate;
    const deleted = !!header && attribute(header, 'status') === 'deleted';
    const out: OaiRecord = { identifier, datestamp, setSpecs: header ? childElements(header, 'setSpec').map((s) => textContent(s).trim()) : [], deleted, ...(problem ? { problem } : {}) };
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
