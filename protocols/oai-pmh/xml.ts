/**
 * A small streaming XML writer for the OAI-PMH envelope. Responses are written as strings
 * piece by piece (records are embedded as the serializers' fragments), so every text and
 * attribute value goes through `toXmlText` / `toXmlAttr`: escaped, and stripped of
 * characters XML 1.0 forbids (section 2.2), since a single control character in one
 * record would make a whole page unparseable for the harvester.
 */
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';
import type { OaiError } from './errors.ts';

export const OAI_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/';
export const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

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

/** `<name>text</name>` */
export function toElement(name: string, text: string): string {
  return `<${name}>${toXmlText(text)}</${name}>`;
}

/** The XML declaration, the optional stylesheet PI, the root, responseDate and request. */
export function toEnvelopeStart(opts: { responseDate: string; baseUrl: string; args: Record<string, string> | null; stylesheetUrl: string | null }): string {
  const pi = opts.stylesheetUrl ? `<?xml-stylesheet type="text/xsl" href="${toXmlAttr(opts.stylesheetUrl)}"?>\n` : '';
  const attrs = opts.args ? Object.entries(opts.args).map(([k, v]) => ` ${k}="${toXmlAttr(v)}"`).join('') : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n${pi}` +
    `<OAI-PMH xmlns="${OAI_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}" xsi:schemaLocation="${OAI_NAMESPACE} ${OAI_SCHEMA}">\n` +
    `<responseDate>${opts.responseDate}</responseDate>\n` +
    `<request${attrs}>${toXmlText(opts.baseUrl)}</request>\n`
  );
}

export const ENVELOPE_END = '</OAI-PMH>\n';

/** The error elements of an error response. */
export function toErrorElements(errors: readonly OaiError[]): string {
  return errors.map((e) => `<error code="${e.code}">${toXmlText(e.message)}</error>\n`).join('');
}

/** A resumptionToken element; an empty token marks the last page of a multi-page list (section 3.5). */
export function toResumptionTokenElement(token: string, cursor: number, completeListSize: number): string {
  return `<resumptionToken completeListSize="${completeListSize}" cursor="${cursor}">${toXmlText(token)}</resumptionToken>\n`;
}
