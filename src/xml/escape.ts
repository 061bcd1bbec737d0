/**
 * Escaping for XML written directly as strings (the OAI-PMH envelope, the oai_dc fragment
 * on the harvest hot path). Every value is also stripped of characters XML 1.0 forbids
 * (section 2.2): one control character in one record would make a whole page unparseable.
 */
import { stripInvalidXmlChars } from './sanitize.ts';

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"]/;

/** Text content, escaped and cleaned. */
export function toXmlText(s: string): string {
  const clean = stripInvalidXmlChars(s);
  return TEXT_SPECIAL.test(clean) ? clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : clean;
}

/** An attribute value (to go between double quotes), escaped and cleaned; tabs and newlines kept as references. */
export function toXmlAttr(s: string): string {
  const clean = stripInvalidXmlChars(s);
  const escaped = ATTR_SPECIAL.test(clean) ? clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : clean;
  return /[\t\n\r]/.test(escaped) ? escaped.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;') : escaped;
}
