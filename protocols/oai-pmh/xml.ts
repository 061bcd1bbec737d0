/**
 * A small streaming XML writer for the OAI-PMH envelope. Responses are written as strings
 * piece by piece (records are embedded as the serializers' fragments), so every text and
 * attribute value goes through `toXmlText` / `toXmlAttr`: escaped, and stripped of
 * characters XML 1.0 forbids (section 2.2), since a single control character in one
 * record would make a whole page unparseable for the harvester.
 */
import { toXmlAttr, toXmlText } from '../../src/xml/escape.ts';

export { toXmlAttr, toXmlText };
import type { OaiError } from './errors.ts';

export const OAI_NAMESPACE = 'http://www.openarchives.org/OAI/2.0/';
export const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

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
export function toResumptionTokenElement(token: string, cursor: number, completeListSize: number | null): string {
  const size = completeListSize === null ? '' : ` completeListSize="${completeListSize}"`;
  return `<resumptionToken${size} cursor="${cursor}">${toXmlText(token)}</resumptionToken>\n`;
}
