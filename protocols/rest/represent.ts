/**
 * Responses for negotiated representations: Content-Type, Vary, a weak ETag per
 * representation, HEAD and conditional GET (RFC 9110 13.1.2), and the 406 problem.
 */
import type { Context } from 'hono';
import type { Format, SerializeOptions } from '../../serializers/format.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import type { NegotiatedChoice } from './negotiation.ts';

export interface RepresentOptions {
  /** Public base URL for links inside documents (never the Host header). */
  baseUrl: string;
  /** Extra headers for the response (e.g. Signposting Link headers). */
  headers?: Record<string, string>;
}

/** JSON media types are UTF-8 by definition (RFC 8259 8.1) and take no charset parameter. */
function isJson(mediaType: string): boolean {
  return /(^application\/json$|\+json$|ndjson$|jsonl$)/.test(mediaType);
}

/**
 * Serializer options from the choice: query parameters (`?style=&locale=&output=`) win over
 * Accept parameters (`text/x-bibliography; style=apa`).
 */
export function toSerializeOptions(c: Context, choice: NegotiatedChoice, baseUrl: string): SerializeOptions {
  // An empty ?style= is no choice at all: the Accept parameter still applies.
  const pick = (name: string) => c.req.query(name) || choice.params[name];
  const output = pick('output');
  return {
    baseUrl,
    ...(pick('style') ? { style: pick('style') } : {}),
    ...(pick('locale') ? { locale: pick('locale') } : {}),
    ...(output === 'html' || output === 'text' ? { output } : {}),
  };
}

/** The Content-Type to send: HTML citations are text/html; text and XML get charset=utf-8. */
export function toContentType(choice: NegotiatedChoice, options: SerializeOptions): string {
  if (choice.format.id === 'citation' && options.output === 'html') return 'text/html; charset=utf-8';
  return isJson(choice.mediaType) ? choice.mediaType : `${choice.mediaType}; charset=utf-8`;
}

const tokenPart = (s: string | undefined) => (s ?? '').replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * W/"<revision>-<format>[-style-locale-output][-media type]": one validator per
 * representation of a revision. A format's alias media types (text/x-bibtex beside
 * application/x-bibtex) send the same bytes under another Content-Type, which is another
 * representation (RFC 9110 8.8.3), so the tag names the media type when it is not the first.
 */
export function toRepresentationEtag(revision: number | string, format: Format, options: SerializeOptions, mediaType = format.mediaTypes[0]): string {
  // Granary's own JSON has the tag writes return (W/"N", the form issue #2 gives), so a
  // client can revalidate what a PUT or PATCH answered with If-None-Match and get a 304.
  if (format.id === 'json' && mediaType === format.mediaTypes[0]) return `W/"${revision}"`;
  const variant = format.id === 'citation' ? `-${tokenPart(options.style ?? 'default')}-${tokenPart(options.locale ?? 'default')}-${options.output ?? 'text'}` : '';
  const alias = mediaType !== format.mediaTypes[0] ? `-${tokenPart(mediaType)}` : '';
  return `W/"${revision}-${tokenPart(format.id)}${variant}${alias}"`;
}

/**
 * An If-Match or If-None-Match value (RFC 9110 8.8.3: "*" or `#entity-tag`) as "*" or the
 * opaque tags it lists, without their quotes and weak prefix (the weak comparison). A value
 * that is not such a list lists nothing, so it matches nothing.
 */
export function toEntityTags(value: string): '*' | string[] {
  if (value.trim() === '*') return '*';
  const out: string[] = [];
  const re = /\s*(?:W\/)?"([^"]*)"\s*(?:,|$)/y;
  while (re.lastIndex < value.length) {
    const m = re.exec(value);
    if (!m) return [];
    out.push(m[1]);
  }
  return out;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2); `*` matches any current representation. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = toEntityTags(header);
  const [only] = toEntityTags(etag);
  return tags === '*' || tags.includes(only);
}

/**
 * One record in the negotiated format. Serializer errors (an unknown citation style is a
 * BadRequest) propagate to the protocol's error handler before any header is sent.
 */
export function representRecord(c: Context, record: GranaryRecord, choice: NegotiatedChoice, opts: RepresentOptions): Response {
  const options = toSerializeOptions(c, choice, opts.baseUrl);
  const etag = toRepresentationEtag(record.revision, choice.format, options, choice.mediaType);
  const headers: Record<string, string> = { Vary: 'Accept', ETag: etag, ...(opts.headers ?? {}) };
  if (record.updated) headers['Last-Modified'] = new Date(record.updated).toUTCString();
  const ifNoneMatch = c.req.header('If-None-Match');
  // "*" matches any current representation, but only one that exists: serialize first, so
  // an unknown citation style is still a 400 and not a 304.
  const early = ifNoneMatch?.trim() === '*' ? choice.format.serialize(record, options) : undefined;
  if (matchesIfNoneMatch(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
  const body = early ?? choice.format.serialize(record, options);
  headers['Content-Type'] = toContentType(choice, options);
  return new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers });
}

/** A list of records in a list-capable format (CSL-JSON array, BibTeX, RIS, JSON Lines...). */
export function representList(c: Context, records: GranaryRecord[], choice: NegotiatedChoice, opts: RepresentOptions): Response {
  const options = toSerializeOptions(c, choice, opts.baseUrl);
  const serializeList = choice.format.serializeList;
  if (!serializeList) throw new Error(`format ${choice.format.id} cannot hold a list; negotiate with { list: true }`);
  const body = serializeList(records, options);
  const headers = { Vary: 'Accept', 'Content-Type': toContentType(choice, options), ...(opts.headers ?? {}) };
  return new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers });
}

/** The RFC 9457 problem body for 406, listing what can be asked for instead. */
export function toNotAcceptableProblem(registry: FormatRegistry, options: { list: boolean; record?: GranaryRecord }, instance?: string) {
  const formats = registry
    .listFormats()
    .filter((f) => (options.list ? f.serializeList : !registry.isListOnly(f) && (!options.record || !f.supports || f.supports(options.record))));
  return {
    type: 'about:blank',
    title: 'Not Acceptable',
    status: 406,
    detail: `None of the requested media types is available${options.list ? ' for a list' : ''}. Ask for one of "available" in Accept, or use ?format= with one of ${formats.map((f) => f.id).join(', ')}.`,
    ...(instance ? { instance } : {}),
    // Every media type that would be served, aliases too (RFC 9110 15.5.7); a list is also
    // available as the search JSON, which is no registry format.
    available: [...(options.list ? ['application/json'] : []), ...formats.flatMap((f) => f.mediaTypes)],
    formats: formats.map((f) => ({ id: f.id, mediaType: f.mediaTypes[0], label: f.label })),
  };
}

/** 406 Not Acceptable as application/problem+json. */
export function representNotAcceptable(c: Context, registry: FormatRegistry, options: { list: boolean; record?: GranaryRecord }): Response {
  const problem = toNotAcceptableProblem(registry, options, new URL(c.req.url).pathname);
  return new Response(c.req.method === 'HEAD' ? null : JSON.stringify(problem), {
    status: 406,
    headers: { 'Content-Type': 'application/problem+json', Vary: 'Accept' },
  });
}
