/**
 * The loaders' view of an XML document: src/xml's safe parser (DOCTYPE/entity refusal,
 * byte decoding, limits) underneath, read through local names, because the DC, MARC and
 * OpenAIRE loaders accept the same elements whatever prefix a repository chose.
 */
import { parseXmlSafely } from '../../src/xml/parse.ts';
import type { XmlElement as SafeXmlElement } from '../../src/xml/parse.ts';

/** One element: local name, attributes by local name, child elements and its own text. */
export interface XmlElement {
  name: string;
  /** Namespace URI, '' when none. */
  ns: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element (not in children). */
  text: string;
}

/** The name an attribute has in the loaders' view (its local name), or null for a namespace declaration. */
function toLoaderAttributeName(qname: string): string | null {
  if (qname === 'xmlns' || qname.startsWith('xmlns:')) return null;
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** The loaders' view of an element already parsed by src/xml (a harvested page's `<metadata>` child): no second parse. */
export function toLoaderElement(el: SafeXmlElement): XmlElement {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.attrs)) {
    const name = toLoaderAttributeName(k);
    if (name !== null) attributes[name] = v;
  }
  const out: XmlElement = { name: el.local, ns: el.ns, attributes, children: [], text: '' };
  for (const c of el.children) {
    if (typeof c === 'string') out.text += c;
    else out.children.push(toLoaderElement(c));
  }
  return out;
}

/** Parse an XML document (string or bytes) to its root element. Throws XmlRejected (a BadRequest) on hostile or broken XML. */
export function parseXmlElement(input: string | Buffer): XmlElement {
  return toLoaderElement(parseXmlSafely(input));
}

/** Child elements with this local name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The first child element with this local name. */
export function childNamed(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Every element with this local name, the element itself included, not looking inside matches. */
export function descendantsNamed(el: XmlElement, name: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name && (ns === undefined || e.ns === ns)) out.push(e);
    else e.children.forEach(walk);
  };
  walk(el);
  return out;
}

function collectText(e: XmlElement): string {
  let out = e.text;
  for (const c of e.children) out += collectText(c);
  return out;
}

// Whitespace that collapsing would change inside a string: a run, or any space but U+0020.
const COLLAPSIBLE = /\s\s|[^\S ]/;

function collapseWhitespace(text: string): string {
  // Most values have single spaces only; the test is cheaper than the replace's copy.
  return COLLAPSIBLE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** All text inside the element, its descendants' included, trimmed with whitespace collapsed. */
export function textContent(el: XmlElement | undefined): string {
  // A module-level function, not a closure made per call: loaders call this for every
  // element of every harvested record, and tsx wraps each closure it creates in __name().
  return el ? collapseWhitespace(collectText(el)) : '';
}

function collectParsedText(el: SafeXmlElement): string {
  let own = '';
  let nested = '';
  for (const c of el.children) {
    if (typeof c === 'string') own += c;
    else nested += collectParsedText(c);
  }
  return own + nested;
}

/**
 * textContent(toLoaderElement(el)) without building the loader's view: for a loader that
 * reads a harvested page's elements directly. The loader's view puts an element's own text
 * before its children's, and so does this.
 */
export function loaderTextContent(el: SafeXmlElement): string {
  return collapseWhitespace(collectParsedText(el));
}

/** toLoaderElement(el).attributes[local] without building the loader's view: the last attribute with this local name, namespace declarations aside. */
export function loaderAttribute(el: SafeXmlElement, local: string): string | undefined {
  let value: string | undefined;
  for (const k in el.attrs) if (toLoaderAttributeName(k) === local) value = el.attrs[k];
  return value;
}
