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
// `<!DOCTYPE name>` is harmless and some old feeds send one. XML 1.0 [28]:
// doctypedecl ::= '<!DOCTYPE' S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>'
const DOCTYPE_DECL = /^<!DOCTYPE\s+[^\s>[]+\s*([^>]*)/i;

function checkDoctypeDecl(decl: string): void {
  const m = DOCTYPE_DECL.exec(decl);
  // '<!DOCTYPE' without the whitespace and name XML requires: not well-formed. fast-xml-parser
  // would still read its internal subset, so it is refused here, not left to the parser.
  if (!m) throw new XmlRejected('XML with a malformed DOCTYPE is refused.');
  const rest = m[1];
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

/**
 * One linear walk over the markup: throws XmlRejected as soon as element nesting exceeds
 * `maxDepth`, and at any entity declaration or DOCTYPE but a bare one, wherever it stands.
 * Comments, CDATA sections and processing instructions are skipped whole (their content
 * is not markup, XML 1.0 section 2.5), so a decoy there cannot hide the real declaration.
 * Every other `<!` is examined, not only the one in the prolog, because fast-xml-parser
 * reads a DOCTYPE (and declares its entities) wherever it finds one.
 */
function checkMarkup(text: string, maxDepth: number): void {
  let depth = 0;
  let entities: boolean | undefined;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const c1 = text.charCodeAt(i + 1);
    if (c1 === 33) {
      // <!
      if (text.startsWith('<!--', i)) i = skipTo(text, i + 4, '-->');
      else if (text.startsWith('<![CDATA[', i)) i = skipTo(text, i + 9, ']]>');
      else {
        const head = text.slice(i, i + 9).toUpperCase();
        if (head.startsWith('<!ENTITY')) throw new XmlRejected('XML with entity declarations (<!ENTITY>) is refused.');
        const end = endOfTag(text, i);
        if (head === '<!DOCTYPE') {
          // Looked up once, however many DOCTYPEs a hostile document repeats.
          entities ??= /<!ENTITY/i.test(text);
          if (entities) throw new XmlRejected('XML with entity declarations (<!ENTITY>) is refused.');
          checkDoctypeDecl(text.slice(i, text.indexOf('>', i) + 1 || text.length));
        }
        i = end;
      }
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
  checkMarkup(text, maxDepth);
}
