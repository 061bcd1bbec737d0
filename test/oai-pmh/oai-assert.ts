/** Assertions shared by the OAI-PMH suites: schema validation and small readers of responses. */
import { expect } from 'vitest';
import { validateXml, XSD } from '../support/xmllint.ts';

/** The response is valid against the OAI-PMH bundle (OAI-PMH.xsd plus payload schemas). */
export function expectValidOai(xml: string): void {
  expect(validateXml(xml, XSD.oaiPmh), xml.slice(0, 2000)).toEqual([]);
}

/** Every `<error code>` in a response. */
export function toErrorCodes(xml: string): string[] {
  return [...xml.matchAll(/<error code="([^"]+)"/g)].map((m) => m[1]);
}

/** The <request> element, whole. */
export function toRequestElement(xml: string): string {
  return /<request[^>]*>[^<]*<\/request>/.exec(xml)?.[0] ?? '';
}

export interface TokenInfo {
  token: string;
  cursor: number;
  /** Absent (undefined) when the repository does not state it. */
  completeListSize?: number;
}

/** The resumptionToken element, or null when there is none. */
export function toTokenInfo(xml: string): TokenInfo | null {
  const m = /<resumptionToken(?: completeListSize="(\d+)")? cursor="(\d+)">([^<]*)<\/resumptionToken>/.exec(xml);
  if (!m) return null;
  return m[1] === undefined ? { token: m[3], cursor: Number(m[2]) } : { token: m[3], cursor: Number(m[2]), completeListSize: Number(m[1]) };
}

/** Each header's identifier, in order. */
export function toIdentifiers(xml: string): string[] {
  return [...xml.matchAll(/<header[^>]*><identifier>([^<]+)<\/identifier>/g)].map((m) => m[1]);
}

/** Each header's datestamp, in order. */
export function toDatestamps(xml: string): string[] {
  return [...xml.matchAll(/<datestamp>([^<]+)<\/datestamp>/g)].map((m) => m[1]);
}

/** The payloads inside <metadata>, each as its own document. */
export function toMetadataPayloads(xml: string): string[] {
  return [...xml.matchAll(/<metadata>([\s\S]*?)<\/metadata>/g)].map((m) => `<?xml version="1.0" encoding="UTF-8"?>\n${m[1]}`);
}
