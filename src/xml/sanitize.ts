/**
 * XML 1.0 character hygiene for every serializer and the OAI-PMH output.
 */

// XML 1.0 section 2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// With the `u` flag a lone surrogate is one code point in D800-DFFF, so it is removed too.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const HAS_INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// Every code unit that can be part of a forbidden character, screened without the `u` flag
// (several times faster over a harvested page of 800 KB). A string with a surrogate, even a
// valid pair, goes on to the exact test.
const MAYBE_INVALID_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes characters that XML 1.0 forbids (C0 controls but TAB/LF/CR, U+FFFE, U+FFFF, lone surrogates). */
export function stripInvalidXmlChars(s: string): string {
  // The tests first: most strings are clean, and then no copy is made.
  return MAYBE_INVALID_XML_CHARS.test(s) && HAS_INVALID_XML_CHARS.test(s) ? s.replace(INVALID_XML_CHARS, '') : s;
}

/**
 * A value ready for xmlbuilder2's txt(): invalid characters stripped and every `&`
 * pre-escaped. xmlbuilder2 leaves anything that looks like an entity reference (`&nbsp;`,
 * `&amp;`) unescaped, so the literal text "&amp;" would be read back as "&"; escaping `&`
 * ourselves makes xmlbuilder2 see only `&amp;` and round trips stay exact. For the same
 * reason a character reference we write passes through as written: a carriage return
 * becomes `&#13;`, since a parser turns a raw one into a line feed (XML 1.0 section 2.11).
 */
export function toBuilderValue(s: string): string {
  const escaped = stripInvalidXmlChars(s).replace(/&/g, '&amp;');
  return escaped.includes('\r') ? escaped.replace(/\r/g, '&#13;') : escaped;
}

/**
 * A value ready for xmlbuilder2's att(): as toBuilderValue, and tabs and line feeds written
 * as references too, since attribute-value normalization turns raw ones into spaces (XML 1.0
 * section 3.3.3).
 */
export function toBuilderAttr(s: string): string {
  const escaped = toBuilderValue(s);
  return /[\t\n]/.test(escaped) ? escaped.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;') : escaped;
}
