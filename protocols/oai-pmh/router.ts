/**
 * The OAI-PMH 2.0 data provider: a Hono sub-app the app assembly mounts at /oai.
 * GET and POST (application/x-www-form-urlencoded, section 3.1.1.2), all six verbs.
 * OAI errors are HTTP 200 with the error in the body (section 3.6); HTTP status codes
 * other than 200 are kept for HTTP matters: 503 flow control (section 3.1.2.2), 405, 413
 * and 415. The last three keep the status a client's HTTP layer acts on, and their body is
 * still an OAI-PMH response (badArgument, saying what was wrong), so a harvester that
 * parses or logs the body reads the reason in the protocol it speaks.
 */
import { Hono, type Context } from 'hono';
import { parseOaiRequest, type OaiRequest } from './arguments.ts';
import { createOaiContext, type OaiContext, type OaiRouterDeps } from './context.ts';
import { toOaiDatestamp } from './dates.ts';
import { hidesRequestArguments, OaiErrors, type OaiError } from './errors.ts';
import { toGetRecordXml } from './get-record.ts';
import { toIdentifyXml } from './identify.ts';
import { createListLimiter } from './limiter.ts';
import { prepareList } from './list-records.ts';
import { toListSetsXml } from './list-sets.ts';
import { toListMetadataFormatsXml } from './metadata-formats.ts';
import { chooseEncoding, toByteStream, toEncodedStream } from './response.ts';
import { ENVELOPE_END, toEnvelopeStart, toErrorElements } from './xml.ts';

export type { OaiRouterDeps, OaiFormatSource } from './context.ts';

const MAX_POST_BYTES = 64 * 1024;
const RETRY_AFTER_SECONDS = 10;

/** A request refused at the HTTP level: its status, the reason, and any headers that go with it. */
interface HttpRefusal {
  status: 405 | 413 | 415;
  message: string;
  headers?: Record<string, string>;
}

async function readPairs(c: Context): Promise<[string, string][] | HttpRefusal> {
  // hono routes HEAD to the GET handler with the request's method left as HEAD.
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return [...new URL(c.req.url).searchParams];
  const type = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return { status: 415, message: 'OAI-PMH POST requests must be sent as application/x-www-form-urlencoded (OAI-PMH 2.0 section 3.1.1.2).' };
  }
  const body = await c.req.text();
  if (body.length > MAX_POST_BYTES) return { status: 413, message: `The request body is larger than ${MAX_POST_BYTES} bytes.` };
  return [...new URLSearchParams(body)];
}

async function toVerbBody(ctx: OaiContext, req: OaiRequest): Promise<Iterable<string> | AsyncIterable<string>> {
  const a = req.args;
  switch (req.verb) {
    case 'Identify':
      return [await toIdentifyXml(ctx)];
    case 'ListMetadataFormats':
      return [await toListMetadataFormatsXml(ctx, a.identifier)];
    case 'ListSets':
      return [await toListSetsXml(ctx, a.resumptionToken)];
    case 'GetRecord':
      return [await toGetRecordXml(ctx, a.identifier, a.metadataPrefix)];
    case 'ListIdentifiers':
    case 'ListRecords':
      return prepareList(ctx, req.verb, req);
  }
}

/** Build the /oai sub-app. */
export function createOaiRouter(deps: OaiRouterDeps) {
  const ctx = createOaiContext(deps);
  const limiter = createListLimiter(ctx.oai.maxConcurrentLists);
  const app = new Hono();

  function respond(c: Context, args: Record<string, string> | null, body: Iterable<string> | AsyncIterable<string>, done: () => void, refusal?: HttpRefusal): Response {
    const start = toEnvelopeStart({ responseDate: toOaiDatestamp(ctx.now()), baseUrl: ctx.baseUrl, args, stylesheetUrl: ctx.oai.stylesheetUrl });
    const pieces = (async function* () {
      yield start;
      yield* body;
      yield ENVELOPE_END;
    })();
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    const headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=utf-8', Vary: 'Accept-Encoding' };
    if (encoding) headers['Content-Encoding'] = encoding;
    return new Response(toEncodedStream(toByteStream(pieces, done), encoding), { status: refusal?.status ?? 200, headers: { ...headers, ...refusal?.headers } });
  }

  const errorResponse = (c: Context, args: Record<string, string> | null, errors: OaiError[]) =>
    respond(c, hidesRequestArguments(errors) ? null : args, [toErrorElements(errors)], () => undefined);

  const refuse = (c: Context, refusal: HttpRefusal) => respond(c, null, [toErrorElements([{ code: 'badArgument', message: refusal.message }])], () => undefined, refusal);

  const handle = async (c: Context) => {
    const pairs = await readPairs(c);
    if (!Array.isArray(pairs)) return refuse(c, pairs);
    const req = parseOaiRequest(pairs);
    if (Array.isArray(req)) return errorResponse(c, null, req);
    const echo = { verb: req.verb, ...req.args };
    let release: () => void = () => undefined;
    if (req.verb === 'ListRecords' || req.verb === 'ListIdentifiers') {
      const entered = limiter.tryEnter();
      if (!entered) {
        // Section 3.1.2.2: flow control is HTTP 503 with Retry-After. No OAI error code means
        // "busy" (badArgument would tell a harvester its request was wrong), so the body is text.
        return c.text(`Too many harvests are running; retry in ${RETRY_AFTER_SECONDS} seconds.`, 503, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
      }
      release = entered;
    }
    try {
      const body = await toVerbBody(ctx, req);
      return respond(c, echo, body, release);
    } catch (err) {
      release();
      if (err instanceof OaiErrors) return errorResponse(c, echo, err.errors);
      throw err;
    }
  };

  app.get('/', async (c) => {
    const res = await handle(c);
    if (c.req.method !== 'HEAD') return res;
    // RFC 9110 section 9.3.2: HEAD is GET without the content. Cancelling the body ends a
    // list's stream, which frees its limiter slot; an unread stream would hold it forever.
    await res.body?.cancel();
    return new Response(null, res);
  });
  app.post('/', handle);
  app.all('/', (c) => refuse(c, { status: 405, message: 'OAI-PMH takes GET and POST only (OAI-PMH 2.0 section 3.1.1).', headers: { Allow: 'GET, POST' } }));
  app.onError((err, c) => {
    console.error('OAI-PMH: unexpected error', err);
    return c.text('Internal Server Error: the error has been logged.', 500);
  });
  return app;
}
