/**
 * Reading helpers for the element tree that parseXmlSafely returns.
 */
import type { XmlElement } from './parse.ts';

/** Child elements, optionally only those with this local name (and namespace). */
export function childElements(el: XmlElement, local?: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (local !== undefined && c.local !== local) continue;
    if (ns !== undefined && c.ns !== ns) continue;
    out.push(c);
  }
  return out;
}

/** The first child element with this local name (and namespace), if any. */
export function firstChild(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  for (const c of el.children) {
    if (typeof c !== 'string' && c.local === local && (ns === undefined || c.ns === ns)) return c;
  }
  return undefined;
}

/** All text inside the element, in document order, untrimmed. */
export function textContent(el: XmlElement): string {
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : textContent(c);
  return s;
}

/** An attribute by qualified name (e.g. 'xml:lang'), or by local name when no prefix matches. */
export function attribute(el: XmlElement, name: string): string | undefined {
  // Own attributes only: `in` would also find Object.prototype's members, so that
  // attribute(el, 'constructor') returned a function where the element has no such attribute.
  if (Object.hasOwn(el.attrs, name)) return el.attrs[name];
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k.endsWith(`:${name}`) && !k.startsWith('xmlns')) return v;
  }
  return undefined;
}
