/**
 * GET /api/records?q=&page=&size=&sort=&facets=&<facet>= — search with facets, in the
 * spirit of Invenio's response: {hits: {hits, total}, aggregations, links: {self, next, prev}}.
 */
import { Hono, type Context } from 'hono';
import { BadRequest } from '../../src/errors.ts';
import type { SearchEngine, SearchRequest, SearchResult } from '../../src/search/engine.ts';
import { FILTER_NAMES } from '../../src/search/facets.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import type { AuthEnv } from './auth.ts';
import { jsonBody, type Links } from './links.ts';

const SORTS = ['bestmatch', 'newest', 'oldest', 'title'] as const;

export interface SearchRouteDeps {
  search: SearchEngine;
  links: Links;
  maxPageSize: number;
  /** Content negotiation for lists (CSL-JSON array, BibTeX, RIS, JSON Lines); JSON when absent or null. */
  representList?: (c: Context, records: GranaryRecord[], body: () => unknown) => Response | null;
}

function positiveInt(raw: string | undefined, name: string, def: number, max: number): number {
  if (raw === undefined || raw === '') return def;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new BadRequest(`The ${name} parameter must be a whole number from 1 to ${max}.`, [{ pointer: `/${name}`, message: `"${raw}" is not a whole number from 1 to ${max}` }]);
  }
  const n = Number(raw);
  if (n > max) throw new BadRequest(`The ${name} parameter may be at most ${max}.`, [{ pointer: `/${name}`, message: `${n} is more than the maximum ${max}` }]);
  return n;
}

/** Parse the search request from the query string; bad values are 400s naming the parameter. */
export function parseSearchParams(c: Context<AuthEnv>, maxPageSize: number): SearchRequest {
  const q = c.req.query('q');
  const sortRaw = c.req.query('sort');
  if (sortRaw !== undefined && !(SORTS as readonly string[]).includes(sortRaw)) {
    throw new BadRequest(`Unknown sort "${sortRaw}".`, [{ pointer: '/sort', message: `expected one of ${SORTS.join(', ')}` }]);
  }
  const filters: Record<string, string[]> = {};
  // Query parameters named after a facet filter by it (values OR'ed within one, AND'ed across).
  for (const name of FILTER_NAMES) {
    const values = c.req.queries(name)?.filter((v) => v !== '');
    if (values?.length) filters[name] = values;
  }
  // ?facets=type,year (or repeated) computes only those aggregations, as OpenSearch clients
  // ask only for what they show; ?facets= none; absent, all. Names are checked by the engine.
  const facets = c.req.queries('facets')?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return {
    q: q?.trim() || undefined,
    filters,
    sort: sortRaw as SearchRequest['sort'],
    page: positiveInt(c.req.query('page'), 'page', 1, 1_000_000),
    size: positiveInt(c.req.query('size'), 'size', 10, maxPageSize),
    identity: c.get('identity'),
    facets: facets ?? true,
  };
}

function toBody(result: SearchResult, req: SearchRequest, c: Context, links: Links) {
  const url = new URL(c.req.url);
  const page = req.page ?? 1;
  const size = req.size ?? 10;
  const at = (p: number) => {
    const params = new URLSearchParams(url.search);
    params.set('page', String(p));
    params.set('size', String(size));
    return links.search(params);
  };
  // A page past the end links back to the last page that has hits (page 1 when none do),
  // not to the empty page before it. (size is 1 or more here: parseSearchParams.)
  const last = Math.max(1, Math.ceil(result.total / size));
  return {
    hits: { hits: result.hits, total: result.total },
    aggregations: result.facets,
    links: {
      self: at(page),
      ...(page * size < result.total ? { next: at(page + 1) } : {}),
      ...(page > 1 ? { prev: at(Math.min(page - 1, last)) } : {}),
    },
  };
}

export function createSearchRoute(deps: SearchRouteDeps) {
  const app = new Hono<AuthEnv>();
  app.get('/', async (c) => {
    const req = parseSearchParams(c, deps.maxPageSize);
    const result = await deps.search.search(req);
    const body = toBody(result, req, c, deps.links);
    // Paging travels in headers too (RFC 8288 Link, and the total), so a client that asked
    // for BibTeX, RIS or CSL-JSON, which have no room for it, can still page through.
    const paging = {
      Link: Object.entries(body.links)
        .map(([rel, href]) => `<${href}>; rel="${rel}"`)
        .join(', '),
      'X-Total-Count': String(result.total),
    };
    const negotiated = deps.representList?.(c, result.hits, () => body);
    if (negotiated) {
      for (const [name, value] of Object.entries(paging)) negotiated.headers.set(name, value);
      return negotiated;
    }
    return new Response(jsonBody(body, c.req.query('prettyprint') === '1'), { headers: { 'Content-Type': 'application/json', Vary: 'Accept', ...paging } });
  });
  return app;
}
