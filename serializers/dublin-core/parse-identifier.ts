/**
 * Recognising identifiers written as free text in DC identifier/relation: DOIs in any of
 * their usual spellings, handles, URLs, URNs, ISBN/ISSN.
 */
import type { RelatedIdentifierType } from '../../src/records/metadata.ts';

/** What a free-text identifier is: its normalized value, a type label and, if usable, a DataCite relatedIdentifierType. */
export interface ParsedIdentifier {
  value: string;
  type: string;
  related?: RelatedIdentifierType;
}

const DOI_PATTERN = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*|info:doi\/)?(10\.\d{4,9}\/\S+)$/i;

/** Classify one identifier string. */
export function parseIdentifier(text: string): ParsedIdentifier {
  const value = text.trim();
  const doi = DOI_PATTERN.exec(value);
  if (doi) return { value: decodeURIComponentSafe(doi[1]), type: 'DOI', related: 'DOI' };
  const handle = /^(?:https?:\/\/hdl\.handle\.net\/|hdl:)(\S+)$/i.exec(value);
  if (handle) return { value: handle[1], type: 'Handle', related: 'Handle' };
  if (/^https?:\/\/\S+$/i.test(value)) return { value, type: 'URL', related: 'URL' };
  if (/^urn:/i.test(value)) return { value, type: 'URN', related: 'URN' };
  const isbn = /^(?:urn:)?isbn:?\s*([\d-]{9,17}[\dXx])$/i.exec(value);
  if (isbn) return { value: isbn[1], type: 'ISBN', related: 'ISBN' };
  const issn = /^(?:urn:)?issn:?\s*(\d{4}-\d{3}[\dXx])$/i.exec(value);
  if (issn) return { value: issn[1], type: 'ISSN', related: 'ISSN' };
  if (/^oai:/i.test(value)) return { value, type: 'OAI' };
  return { value, type: 'Other' };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
