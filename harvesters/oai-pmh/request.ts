/**
 * One OAI-PMH request: build the URL, GET it through the retrying client, and parse the
 * answer. A body that is not well-formed XML (a truncated transfer) is fetched again; XML
 * that is hostile, or not OAI-PMH, fails at once.
 */
import type { HttpClient } from '../http.ts';
import { RetryableResponse } from '../http.ts';
import { XmlRejected } from '../../src/xml/limits.ts';
import { parseOaiResponse, type OaiResponse } from './response.ts';

/** An OAI-PMH error answer (OAI-PMH 3.6) that the harvester cannot work around. */
export class OaiProtocolError extends Error {
  override name = 'OaiProtocolError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export function toRequestUrl(baseUrl: string, params: Record<string, string | null | undefined>): string {
  const u = new URL(baseUrl);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** GET and parse an OAI-PMH response (which may carry OAI errors; the caller decides). */
export async function requestOai(http: HttpClient, baseUrl: string, params: Record<string, string | null | undefined>): Promise<OaiResponse> {
  const url = toRequestUrl(baseUrl, params);
  let parsed: OaiResponse | undefined;
  const res = await http.get(url, (r) => {
    try {
      parsed = parseOaiResponse(r.body);
    } catch (err) {
      // A 4xx is the server's answer, not a broken transfer: an HTML error page is not retried.
      if (r.status >= 400) throw new Error(`${url}: HTTP ${r.status}, and the body is not an OAI-PMH response`, { cause: err });
      // A 2xx cut short (a connection dropped mid-body) is worth another try.
      if (err instanceof XmlRejected && err.message.startsWith('Not well-formed')) throw new RetryableResponse(`HTTP ${r.status}, body is not well-formed XML (${err.message.slice(0, 200)})`, { cause: err });
      throw new Error(`${url}: ${(err as Error).message}`, { cause: err });
    }
  });
  if (!parsed) throw new Error(`${url}: no response`);
  // Zenodo answers OAI errors with 422; any 4xx without an OAI error element is an HTTP failure.
  if (res.status >= 400 && !parsed.errors.length) throw new Error(`${url}: HTTP ${res.status}`);
  return parsed;
}
