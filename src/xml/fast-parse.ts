/**
 * A fast path for the XML that harvests read by the megabyte: elements, attributes, text
 * with the five predefined entities and character references, comments, CDATA and
 * processing instructions, names in ASCII. It builds the very tree the general path
 * (fast-xml-parser, then toElement in parse.ts) builds, several times faster, and gives up
 * (returns undefined) on anything else: a DOCTYPE, an HTML entity such as `&nbsp;`, a name
 * outside ASCII, a spelling it does not know, anything not well-formed. The general path
 * then reads the document and reports its errors, so what is accepted, what is refused and
 * how a document reads never depend on which path ran. test/xml/fast-parse.test.ts holds
 * the two paths to the same output.
 *
 * Texts and attribute values are slices of the document (V8 sliced strings, no copy): one
 * kept after the document is done keeps the whole document in memory. Copy such a value
 * (structuredClone), as the OAI-PMH harvester does with resumption tokens.
 */
import type { XmlElement, XmlNode } from './parse.ts';

/** Thrown inside the reader when the document needs the general path; never escapes. */
class NeedsGeneralPath extends Error {}
const GIVE_UP = new NeedsGeneralPath();

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

// Names fast-xml-parser refuses or renames (its guards against prototype pollution).
const GUARDED_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUESTION = 63;
const BANG = 33;
const EQUALS = 61;
const QUOTE = 34;
const APOS = 39;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 45 || c === 46;
}

/** A character reference's code point, when it is one fast-xml-parser decodes plainly (no C0 control but TAB, LF, CR; no surrogate). */
function toCodePoint(token: string): number {
  const hex = token.charCodeAt(1) === 120;
  const digits = token.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) throw GIVE_UP;
  const cp = parseInt(digits, hex ? 16 : 10);
  if (cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0x10ffff)) return cp;
  throw GIVE_UP;
}

/** Text or an attribute value with its references decoded; any other `&` needs the general path. */
function decodeReferences(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) throw GIVE_UP;
    const token = raw.slice(amp + 1, semi);
    const named = PREDEFINED.get(token);
    const value = named ?? (token.charCodeAt(0) === 35 ? String.fromCodePoint(toCodePoint(token)) : undefined);
    if (value === undefined) throw GIVE_UP;
    out += raw.slice(last, amp) + value;
    last = semi + 1;
    amp = raw.indexOf('&', last);
  }
  return out + raw.slice(last);
}

// Elements without attributes share one (frozen) empty attribute map.
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({});

interface TagName {
  name: string;
  local: string;
  prefix: string;
}

class Reader {
  // One copy of each tag name and of each short text per document: a page's thousands of
  // elements share them. What the garbage collector has to copy is what costs (a page's
  // tree lives until its records are loaded), not the lookups.
  private readonly names = new Map<string, TagName>();
  private readonly shortTexts = new Map<string, string>();

  constructor(private readonly text: string) {}

  private toTagName(qname: string): TagName {
    let known = this.names.get(qname);
    if (!known) {
      if (GUARDED_NAMES.has(qname)) throw GIVE_UP;
      const colon = qname.indexOf(':');
      known = { name: qname, local: colon < 0 ? qname : qname.slice(colon + 1), prefix: colon < 0 ? '' : qname.slice(0, colon) };
      this.names.set(qname, known);
    }
    return known;
  }

  private pushText(children: XmlNode[], raw: string): void {
    if (!raw) return;
    let text = decodeReferences(raw);
    if (!text) return;
    // V8 copies strings shorter than 13 characters (longer ones are slices of the document).
    if (text.length < 13) {
      const known = this.shortTexts.get(text);
      if (known === undefined) this.shortTexts.set(text, text);
      else text = known;
    }
    children.push(text);
  }

  private nameEnd(from: number): number {
    const t = this.text;
    if (!isNameStart(t.charCodeAt(from))) throw GIVE_UP;
    let i = from + 1;
    while (isNameChar(t.charCodeAt(i))) i++;
    return i;
  }

  /** Index past a processing instruction at `lt`; the XML declaration is allowed only at offset 0. */
  private skipPi(lt: number): number {
    const t = this.text;
    const targetEnd = this.nameEnd(lt + 2);
    const next = t.charCodeAt(targetEnd);
    if (next !== 32 && next !== QUESTION) throw GIVE_UP;
    if (lt !== 0 && t.slice(lt + 2, targetEnd).toLowerCase() === 'xml') throw GIVE_UP;
    // fast-xml-parser skips quoted strings looking for `?>`, its validator does not: both must agree.
    const end = t.indexOf('?>', targetEnd);
    if (end < 0) throw GIVE_UP;
    const body = t.slice(targetEnd, end);
    if (body.includes('"') || body.includes("'")) {
      for (let i = targetEnd; i < end; i++) {
        const c = t.charCodeAt(i);
        if (c === QUOTE || c === APOS) {
          i = t.indexOf(t[i], i + 1);
          if (i < 0 || i > end) throw GIVE_UP;
        }
      }
    }
    return end + 2;
  }

  /** Index past whitespace, comments and processing instructions outside the root element. */
  private skipMisc(from: number): number {
    const t = this.text;
    let i = from;
    for (;;) {
      while (isSpace(t.charCodeAt(i))) i++;
      if (t.charCodeAt(i) !== LT) return i;
      const c1 = t.charCodeAt(i + 1);
      if (c1 === QUESTION) i = this.skipPi(i);
      else if (c1 === BANG && t.startsWith('<!--', i)) {
        const end = t.indexOf('-->', i + 4);
        if (end < 0) throw GIVE_UP;
        i = end + 3;
      } else return i;
    }
  }

  /** The whole document's root element. */
  document(): XmlElement {
    const t = this.text;
    let i = 0;
    if (t.startsWith('<?xml ')) i = this.skipPi(0);
    i = this.skipMisc(i);
    if (t.charCodeAt(i) !== LT) throw GIVE_UP;
    const root: XmlElement[] = [];
    i = this.element(i, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), root);
    if (this.skipMisc(i) !== t.length) throw GIVE_UP;
    return root[0];
  }

  /** Reads the element at `lt` into `out`; returns the index past it. */
  private element(lt: number, scope: Map<string, string>, out: XmlNode[]): number {
    const t = this.text;
    const nameEnd = this.nameEnd(lt + 1);
    const tag = this.toTagName(t.slice(lt + 1, nameEnd));
    let attrs = NO_ATTRIBUTES;
    let inner = scope;
    let i = nameEnd;
    let empty = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (t.charCodeAt(i + 1) !== GT) throw GIVE_UP;
        empty = true;
        i += 2;
        break;
      }
      if (!isSpace(c)) throw GIVE_UP;
      while (isSpace(t.charCodeAt(i))) i++;
      const a = t.charCodeAt(i);
      if (a === GT || a === SLASH) continue;
      const attrEnd = this.nameEnd(i);
      const attr = t.slice(i, attrEnd);
      let q = attrEnd;
      while (isSpace(t.charCodeAt(q))) q++;
      if (t.charCodeAt(q) !== EQUALS) throw GIVE_UP;
      q++;
      while (isSpace(t.charCodeAt(q))) q++;
      const quote = t.charCodeAt(q);
      if (quote !== QUOTE && quote !== APOS) throw GIVE_UP;
      const close = t.indexOf(t[q], q + 1);
      if (close < 0 || GUARDED_NAMES.has(attr) || Object.hasOwn(attrs, attr)) throw GIVE_UP;
      const raw = t.slice(q + 1, close);
      if (raw.includes('<')) throw GIVE_UP;
      const value = decodeReferences(raw);
      if (attrs === NO_ATTRIBUTES) attrs = {};
      attrs[attr] = value;
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
        if (inner === scope) inner = new Map(scope);
        inner.set(attr === 'xmlns' ? '' : attr.slice(6), value);
      }
      i = close + 1;
    }
    const el: XmlElement = { name: tag.name, local: tag.local, ns: inner.get(tag.prefix) ?? '', attrs, children: [] };
    out.push(el);
    return empty ? i : this.content(i, el, inner);
  }

  /** Reads an element's content and end tag; returns the index past the end tag. */
  private content(from: number, el: XmlElement, scope: Map<string, string>): number {
    const t = this.text;
    const children: XmlNode[] = [];
    // Text runs on across comments: fast-xml-parser decodes and stores it when the next
    // element, CDATA section, processing instruction or end tag comes.
    let pending = '';
    let i = from;
    for (;;) {
      const lt = t.indexOf('<', i);
      if (lt < 0) throw GIVE_UP;
      const c1 = t.charCodeAt(lt + 1);
      if (c1 === BANG && t.startsWith('<!--', lt)) {
        const end = t.indexOf('-->', lt + 4);
        if (end < 0) throw GIVE_UP;
        const run = t.slice(i, lt);
        // A reference cut by the comment (`&am<!-- -->p;`) is not well-formed (XML 1.0 [67]
        // References are contiguous); joined, it would decode. The general path refuses it.
        const amp = run.lastIndexOf('&');
        if (amp >= 0 && run.indexOf(';', amp) < 0) throw GIVE_UP;
        pending += run;
        i = end + 3;
        continue;
      }
      this.pushText(children, pending ? pending + t.slice(i, lt) : t.slice(i, lt));
      pending = '';
      if (c1 === SLASH) {
        if (!t.startsWith(el.name, lt + 2)) throw GIVE_UP;
        let j = lt + 2 + el.name.length;
        while (isSpace(t.charCodeAt(j))) j++;
        if (t.charCodeAt(j) !== GT) throw GIVE_UP;
        // Most elements hold one text: an array of its size, not one grown by push.
        el.children = children.length === 1 ? [children[0]] : children;
        return j + 1;
      }
      if (c1 === BANG) {
        if (!t.startsWith('<![CDATA[', lt)) throw GIVE_UP;
        const end = t.indexOf(']]>', lt + 9);
        if (end < 0) throw GIVE_UP;
        // A CDATA section is a text node of its own, even when empty.
        children.push(t.slice(lt + 9, end));
        i = end + 3;
      } else if (c1 === QUESTION) i = this.skipPi(lt);
      else i = this.element(lt, scope, children);
    }
  }
}

/**
 * The element tree of a document in the common subset of XML, exactly as the general path
 * would build it, or undefined when the document needs the general path. `text` must have
 * passed assertXmlWithinLimits (this reader relies on its DOCTYPE and depth checks).
 */
export function parseCommonXml(text: string): XmlElement | undefined {
  // XML 1.0 section 2.11, as fast-xml-parser does first.
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  try {
    return new Reader(normalized).document();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}
