/**
 * Pre-parse checks that refuse hostile XML before any parser sees it: external and internal
 * entity declarations (XXE, "billion laughs"), excessive nesting and oversize documents.
 */
import { BadRequest, type FieldError } from '../errors.ts';

/** XML that Granary refuses to parse: hostile, too big, too deep, or not well-formed. */
export class XmlRejected extends BadRequest {
  constructor(message: string, details: FieldError[] = []) {
    super(message, details);
  }
}

/** Bounds applied to every XML document Granary reads. */
export interface XmlLimits {
  /** Largest document accepted, in characters of text (bytes for Buffers). Default 50 MB. */
  maxSize?: number;
  /** Deepest element nesting accepted. Default 256. */
  maxDepth?: number;
}

export const DEFAULT_XML_LIMITS: Required<XmlLimits> = { maxSize: 50 * 1024 * 1024, maxDepth: 256 };

// An internal subset or an external id is what makes entities (and XXE) possible; a bare
// `<!DOCTYPE name>` is harmless and some old feeds send one.
const DOCTYPE = /<!DOCTYPE\s+[^\s>[]+\s*([^>]*)/i;

function checkDoctype(text: string): void {
  const m = DOCTYPE.exec(text);
  if (!m) return;
  const rest = m[1];
  if (/<!ENTITY/i.test(text)) throw new XmlRejected('XML with entity declarations (<!ENTITY>) is refused.');
  if (/^(SYSTEM|PUBLIC)\b/i.test(rest)) throw new XmlRejected('XML with an external DOCTYPE (SYSTEM/PUBLIC) is refused.');
  if (rest.startsWith('[')) throw new XmlRejected('XML with a DOCTYPE internal subset is refused.');
}

function skipTo(text: string, from: number, marker: string): number {
  const i = text.indexOf(marker, from);
  return i < 0 ? text.length : i + marker.length;
}

/** Index just past the `>` that ends the tag starting at `from`, honouring quoted attribute values. */
function endOfTag(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 62) return i + 1; // >
    if (c === 34 || c === 39) {
      // A quoted value: nothing inside it ends the tag.
      const close = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return text.length;
      i = close;
    }
  }
  return text.length;
}

/** Throws XmlRejected as soon as element nesting exceeds `maxDepth`. Linear in the text. */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 33) {
      // <!
      if (text.startsWith('<!--', i)) i = skipTo(text, i + 4, '-->');
      else if (text.startsWith('<![CDATA[', i)) i = skipTo(text, i + 9, ']]>');
      else i = endOfTag(text, i);
    } else if (c1 === 63) i = skipTo(text, i + 2, '?>'); // <?
    else if (c1 === 47) {
      // </
      depth--;
      i = endOfTag(text, i);
    } else {
      const end = endOfTag(text, i);
      if (text.charCodeAt(end - 2) !== 47 && ++depth > maxDepth) {
        throw new XmlRejected(`XML nested deeper than ${maxDepth} elements is refused.`);
      }
      i = end;
    }
    i = text.indexOf('<', i);
  }
}

/** Throws XmlRejected when `text` breaks the limits or declares entities. */
export function assertXmlWithinLimits(text: string, limits: XmlLimits = {}): void {
  const maxSize = limits.maxSize ?? DEFAULT_XML_LIMITS.maxSize;
  const maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  if (text.length > maxSize) throw new XmlRejected(`XML larger than ${maxSize} bytes is refused.`);
  checkDoctype(text);
  checkDepth(text, maxDepth);
}
