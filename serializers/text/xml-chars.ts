/**
 * Text and attribute values as the XML serializers emit them. XML 1.0 forbids some
 * characters outright (section 2.2 Char; `&#0;` is itself illegal), so they are dropped.
 * These are plain text: a writer that hands them to xmlbuilder2's txt() or att() must pass
 * them through toBuilderValue (src/xml/sanitize.ts), or "&amp;" in the data comes out as "&".
 */
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';

/** The text cleaned for XML and trimmed, or undefined when nothing is left. */
export function toXmlValue(text: string | number | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const s = String(text);
  // stripInvalidXmlChars screens for suspect code units first and copies only when it must.
  const clean = stripInvalidXmlChars(s).trim();
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
