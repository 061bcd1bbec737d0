/**
 * An element of a parsed OAI-PMH page back to XML text, for the loaders, which read
 * documents. Namespace declarations made on its ancestors (OAI-PMH servers often declare
 * `dc:` or `xsi:` on the root) are carried onto the fragment's root so it stands alone.
 */
import type { XmlElement } from '../../src/xml/parse.ts';
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';

// A carriage return in text is escaped too: written raw, the reader would turn it into a
// line feed (XML 1.0 section 2.11), and `&#13;` in the source would not survive the trip.
function escapeText(s: string): string {
  return stripInvalidXmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function write(el: XmlElement, out: string[], extraNs?: Record<string, string>): void {
  out.push('<', el.name);
  if (extraNs) for (const [k, v] of Object.entries(extraNs)) if (!(k in el.attrs)) out.push(' ', k, '="', escapeAttr(v), '"');
  for (const [k, v] of Object.entries(el.attrs)) out.push(' ', k, '="', escapeAttr(v), '"');
  if (!el.children.length) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const c of el.children) {
    if (typeof c === 'string') out.push(escapeText(c));
    else write(c, out);
  }
  out.push('</', el.name, '>');
}

/** Namespace declarations (`xmlns`, `xmlns:p`) of an element, to be inherited by its descendants. */
export function toNamespaceDeclarations(el: XmlElement, inherited: Record<string, string> = {}): Record<string, string> {
  let out = inherited;
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (out === inherited) out = { ...inherited };
      out[k] = v;
    }
  }
  return out;
}

/** Serialize `el` as a standalone XML document (no declaration), declaring the namespaces it inherits. */
export function toXmlFragment(el: XmlElement, inherited: Record<string, string>): string {
  const out: string[] = [];
  write(el, out, inherited);
  return out.join('');
}

/** The first element named `local` at or below `el` (e.g. DataCite's `resource` inside oai_datacite), with the namespaces it inherits. */
export function findElement(el: XmlElement, ns: Record<string, string>, local: string): { element: XmlElement; namespaces: Record<string, string> } | undefined {
  if (el.local === local) return { element: el, namespaces: ns };
  const inner = toNamespaceDeclarations(el, ns);
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    const found = findElement(c, inner, local);
    if (found) return found;
  }
  return undefined;
}
