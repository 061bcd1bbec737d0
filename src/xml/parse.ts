/**
 * Safe, namespace-aware XML parsing on fast-xml-parser. The result is a small element tree:
 * each element knows its namespace URI and local name, so `default:resource` and `resource`
 * in the DataCite namespace read the same, and mixed content keeps its order.
 */
import { XMLParser } from 'fast-xml-parser';
import { decodeXmlBytes } from './decode.ts';
import { parseCommonXml } from './fast-parse.ts';
import { DEFAULT_XML_LIMITS, XmlRejected, assertXmlWithinLimits, type XmlLimits } from './limits.ts';

/** One element: qualified name, resolved namespace, attributes by qualified name, ordered children. */
export interface XmlElement {
  name: string;
  local: string;
  /** Namespace URI, '' when none. */
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** A child: an element, or a run of text (entities already decoded). */
export type XmlNode = XmlElement | string;

export type XmlParseOptions = XmlLimits;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ATTR = '@_';

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function createParser(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: ATTR,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    // Numeric character references (&#169; &#x263A;) are only decoded with htmlEntities on.
    htmlEntities: true,
    maxNestedTags: maxDepth + 1,
  });
}

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function toElement(node: OrderedNode, scope: Map<string, string>): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name || name === '#text' || name.startsWith('?') || name === '#comment') return undefined;
  const attrs: Record<string, string> = {};
  let inner = scope;
  for (const [k, v] of Object.entries(node[':@'] ?? {})) {
    const an = k.slice(ATTR.length);
    attrs[an] = String(v);
    if (an === 'xmlns' || an.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      inner.set(an === 'xmlns' ? '' : an.slice(6), String(v));
    }
  }
  const [prefix, local] = splitName(name);
  const el: XmlElement = { name, local, ns: inner.get(prefix) ?? '', attrs, children: [] };
  for (const child of (node[name] as OrderedNode[]) ?? []) {
    if ('#text' in child) el.children.push(String(child['#text']));
    else {
      const c = toElement(child, inner);
      if (c) el.children.push(c);
    }
  }
  return el;
}

/**
 * The general path: fast-xml-parser's validator and parser, then the element tree. `text`
 * must have passed assertXmlWithinLimits. parseXmlSafely tries parseCommonXml first; this is
 * exported for the tests that hold the two paths to the same output.
 */
export function parseWithFastXmlParser(text: string, maxDepth: number = DEFAULT_XML_LIMITS.maxDepth): XmlElement {
  let nodes: OrderedNode[];
  try {
    nodes = createParser(maxDepth).parse(text, true) as OrderedNode[];
  } catch (e) {
    throw new XmlRejected(`Not well-formed XML: ${(e as Error).message}`);
  }
  const scope = new Map([['xml', XML_NS]]);
  const roots = nodes.map((n) => toElement(n, scope)).filter((e): e is XmlElement => e !== undefined);
  if (roots.length !== 1) throw new XmlRejected(`XML must have exactly one root element (found ${roots.length}).`);
  return roots[0];
}

/**
 * Parses XML text (or bytes, decoded with decodeXmlBytes) after refusing hostile input
 * (entity declarations, external DOCTYPEs, nesting beyond `maxDepth`, size beyond `maxSize`).
 * Returns the root element. Throws XmlRejected.
 */
export function parseXmlSafely(input: string | Buffer, opts: XmlParseOptions = {}): XmlElement {
  const maxSize = opts.maxSize ?? DEFAULT_XML_LIMITS.maxSize;
  if (typeof input !== 'string' && input.length > maxSize) {
    throw new XmlRejected(`XML larger than ${maxSize} bytes is refused.`);
  }
  const text = decodeXmlBytes(input);
  assertXmlWithinLimits(text, opts);
  // Most documents (an OAI-PMH page from a well-behaved server) take the fast path.
  return parseCommonXml(text) ?? parseWithFastXmlParser(text, opts.maxDepth);
}
