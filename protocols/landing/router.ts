/**
 * GET/HEAD /records/:id: the landing page for browsers, any registered format for
 * everyone else (doi.org content negotiation forwards Accept here), with FAIR Signposting;
 * GET /records/:id/linkset (Signposting level 2); GET /unapi.
 */
import { Hono, type Context } from 'hono';
import type { Identity } from '../../src/access/identity.ts';
import { anonymous } from '../../src/access/identity.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import { toLandingUrl } from '../../serializers/csl/record-fields.ts';
import { negotiate, type NegotiatedChoice } from '../rest/negotiation.ts';
import { parseAccept, toAcceptWeight } from '../rest/negotiation-accept.ts';
import { matchesIfNoneMatch, representNotAcceptable, representRecord } from '../rest/represent.ts';
import { toErrorResponse } from './error-page.ts';
import { toLandingPage } from './page.ts';
import { toHeaderLinks, toLinkHeader, toLinksetJson, toLinksetText, toSignpostLinks, type FileLink } from './signposting.ts';
import { toUnapiResponse } from './unapi.ts';

/** What the landing router needs from the app. */
export interface LandingDeps {
  /** Throws NotFound / Gone / Moved (src/errors.ts) for what cannot be shown. */
  getRecord(id: string, identity: Identity): Promise<GranaryRecord>;
  registry: FormatRegistry;
  /** Public base URL; every link is built from it, never from the Host header. */
  baseUrl: string;
  identify?(c: Context): Promise<Identity>;
  /** The record's downloadable files, for Signposting `item` links and citation_pdf_url. */
  listFiles?(record: GranaryRecord): FileLink[];
}

type Decision = { html: true } | { html: false; choice: NegotiatedChoice | null };

/**
 * HTML when the client weighs text/html (or XHTML) at least as high as any registered
 * format; a browser's Accept and a bare `*\/*` (curl) both get the page.
 */
export function decideLanding(accept: string | undefined, formatParam: string | undefined, registry: FormatRegistry, record?: GranaryRecord): Decision {
  if (formatParam) return { html: false, choice: negotiate(accept, formatParam, registry, { list: false, record }) };
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { html: true };
  const htmlQ = Math.max(toAcceptWeight(ranges, 'text/html')?.q ?? 0, toAcceptWeight(ranges, 'application/xhtml+xml')?.q ?? 0);
  const choice = negotiate(accept, undefined, registry, { list: false, record });
  const formatQ = choice ? (toAcceptWeight(ranges, choice.mediaType)?.q ?? 0) : 0;
  if (htmlQ > 0 && htmlQ >= formatQ) return { html: true };
  return { html: false, choice };
}

/** The landing sub-app; mount at the site root (it serves /records/... and /unapi). */
export function createLandingRouter(deps: LandingDeps): Hono {
  const app = new Hono();
  const baseUrl = deps.baseUrl.replace(/\/+$/, '');
  const identify = deps.identify ?? (async () => anonymous);

  app.onError((err, c) => {
    const accept = c.req.header('Accept');
    const wantsHtml = decideLanding(accept, c.req.query('format'), deps.registry).html;
    // A merged record answers 301 to the same resource of its target: the linkset to the
    // linkset, ?format= kept, unAPI to unAPI; not always to the bare landing page.
    const redirect = (target: string) => {
      const url = new URL(c.req.url);
      if (c.req.path === '/unapi') {
        url.searchParams.set('id', target);
        return `${baseUrl}/unapi?${url.searchParams}`;
      }
      const suffix = c.req.path.endsWith('/linkset') ? '/linkset' : '';
      return `${baseUrl}/records/${encodeURIComponent(target)}${suffix}${url.search}`;
    };
    const res = toErrorResponse(err, wantsHtml && !c.req.path.endsWith('/linkset'), baseUrl, redirect);
    if (res) return c.req.method === 'HEAD' ? new Response(null, res) : res;
    // Not a domain error: a bug. Log it and answer 500 without leaking internals.
    console.error(err);
    return c.json({ type: 'about:blank', title: 'Internal Server Error', status: 500 }, 500, { 'Content-Type': 'application/problem+json' });
  });

  const load = async (c: Context) => deps.getRecord(c.req.param('id')!, await identify(c));

  app.get('/records/:id', async (c) => {
    const record = await load(c);
    const files = deps.listFiles?.(record) ?? [];
    const links = toSignpostLinks(record, deps.registry, baseUrl, files);
    const decision = decideLanding(c.req.header('Accept'), c.req.query('format'), deps.registry, record);
    const landing = toLandingUrl(record, baseUrl);
    if (!decision.html) {
      if (!decision.choice) return representNotAcceptable(c, deps.registry, { list: false, record });
      // A metadata document points back at the page it describes (Signposting "describes").
      return representRecord(c, record, decision.choice, { baseUrl, headers: { Link: toLinkHeader([{ href: landing, rel: 'describes', type: 'text/html' }]) } });
    }
    const etag = `W/"${record.revision}-html"`;
    const headers: Record<string, string> = { Link: toLinkHeader(toHeaderLinks(links)), Vary: 'Accept', ETag: etag };
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return new Response(null, { status: 304, headers });
    headers['Content-Type'] = 'text/html; charset=utf-8';
    const body = c.req.method === 'HEAD' ? null : toLandingPage({ record, registry: deps.registry, baseUrl, files });
    return new Response(body, { status: 200, headers });
  });

  app.get('/records/:id/linkset', async (c) => {
    const record = await load(c);
    const links = toSignpostLinks(record, deps.registry, baseUrl, deps.listFiles?.(record) ?? []);
    const anchor = toLandingUrl(record, baseUrl);
    const ranges = parseAccept(c.req.header('Accept'));
    const textQ = toAcceptWeight(ranges, 'application/linkset')?.q ?? 0;
    const jsonQ = ranges.length ? (toAcceptWeight(ranges, 'application/linkset+json')?.q ?? 0) : 1;
    const asText = c.req.query('format') === 'linkset' || (textQ > 0 && textQ > jsonQ);
    const headers = { Vary: 'Accept', 'Content-Type': asText ? 'application/linkset' : 'application/linkset+json' };
    const body = asText ? toLinksetText(links, anchor) : JSON.stringify(toLinksetJson(links, anchor));
    return new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers });
  });

  app.get('/unapi', async (c) => toUnapiResponse(c, deps.registry, baseUrl, (id) => deps.getRecord(id, anonymous)));
  return app;
}
