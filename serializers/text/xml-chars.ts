/**
 * Text and attribute values as the XML serializers emit them. XML 1.0 forbids some
 * characters outright (section 2.2 Char; `&#0;` is itself illegal), so they are dropped.
 */
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';

// Every code unit that can be part of a character XML 1.0 forbids, screened without the `u`
// flag (about twice as fast in V8 as stripInvalidXmlChars's own test, and this runs for
// every value of every record on the OAI-PMH hot path). A string with a surrogate, even a
// valid pair, goes on to the exact strip.
const MAYBE_INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** The text cleaned for XML and trimmed, or undefined when nothing is left. */
export function toXmlValue(text: string | number | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const s = String(text);
  const clean = (MAYBE_INVALID.test(s) ? stripInvalidXmlChars(s) : s).trim();
  return clean === '' ? undefined : clean;
}

/**
 * The language tag when it is a valid xs:language (what xml:lang requires in the W3C
 * xml.xsd the official schemas import), else undefined so the attribute is left out.
 */
export function toXmlLang(lang: string | undefined): string | undefined {
  const tag = lang?.trim().replace(/_/g, '-');
  return tag && /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(tag) ? tag : undefined;
}
