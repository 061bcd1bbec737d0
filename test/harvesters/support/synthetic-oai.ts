/**
 * A synthetic OAI-PMH 2.0 data provider for fault injection: records in datestamp order,
 * stateless resumption tokens, `from`/`until` honoured, its own fixed clock, and a hook that
 * may replace any response with a fault (503 with Retry-After, a reset mid-body, a truncated
 * body, a token loop, badResumptionToken, 500s, slow answers, gzip/deflate).
 */
import { gzipSync, deflateSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import type { Handler } from './http-server.ts';

export interface SyntheticRecord {
  id: string;
  datestamp: string;
  deleted?: boolean;
  title?: string;
  doi?: string;
}

export interface RequestInfo {
  /** 1-based count of all requests so far. */
  n: number;
  verb: string | null;
  token: string | null;
  /** 0-based page index of a ListRecords answer. */
  page: number;
  from: string | null;
  until: string | null;
}

export type Fault =
  | { status: 503 | 500 | 502 | 429; retryAfter?: string }
  | { reset: true }
  | { truncate: true }
  | { token: string }
  | { oaiError: string }
  | { delayMs: number }
  | { encoding: 'gzip' | 'deflate' };

export interface SyntheticOptions {
  records: () => SyntheticRecord[];
  pageSize: number;
  /** The server's clock (responseDate); far from the test's own clock on purpose. */
  responseDate?: string;
  granularity?: 'YYYY-MM-DD' | 'YYYY-MM-DDThh:mm:ssZ';
  /** `empty`: the last page has an empty token; `none`: no token element at all. */
  lastToken?: 'empty' | 'none';
  /** `given`: list in the order of `records()`, not by datestamp (OAI-PMH promises no order). */
  order?: 'datestamp' | 'given';
  fault?(req: RequestInfo): Fault | Fault[] | undefined;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function toRecordXml(r: SyntheticRecord): string {
  const header = `<header${r.deleted ? ' status="deleted"' : ''}><identifier>${r.id}</identifier><datestamp>${r.datestamp}</datestamp></header>`;
  if (r.deleted) return `<record>${header}</record>`;
  const title = r.title === undefined ? `Title of ${r.id}` : r.title;
  return (
    `<record>${header}<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
    (title ? `<dc:title>${esc(title)}</dc:title>` : '') +
    `<dc:creator>Doe, Jane</dc:creator><dc:date>2020-05-01</dc:date><dc:type>Dataset</dc:type>` +
    (r.doi ? `<dc:identifier>https://doi.org/${r.doi}</dc:identifier>` : '') +
    `</oai_dc:dc></metadata></record>`
  );
}

function envelope(responseDate: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>${responseDate}</responseDate><request>http://synthetic/oai</request>${inner}</OAI-PMH>`;
}

function send(res: ServerResponse, body: string, faults: Fault[]): void {
  let bytes = Buffer.from(body, 'utf8');
  const headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=utf-8' };
  const enc = faults.find((f): f is { encoding: 'gzip' | 'deflate' } => 'encoding' in f);
  if (enc) {
    bytes = enc.encoding === 'gzip' ? gzipSync(bytes) : deflateSync(bytes);
    headers['Content-Encoding'] = enc.encoding;
  }
  if (faults.some((f) => 'reset' in f)) {
    // Promise the whole body, send half, then drop the connection.
    res.writeHead(200, { ...headers, 'Content-Length': String(bytes.length) });
    res.write(bytes.subarray(0, bytes.length >> 1), () => res.socket?.destroy());
    return;
  }
  if (faults.some((f) => 'truncate' in f)) bytes = bytes.subarray(0, bytes.length >> 1);
  res.writeHead(200, { ...headers, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

export function createSyntheticOai(opts: SyntheticOptions): Handler {
  let n = 0;
  const responseDate = opts.responseDate ?? '2031-03-04T05:06:07Z';
  const granularity = opts.granularity ?? 'YYYY-MM-DDThh:mm:ssZ';
  return async (_req, res, url) => {
    n++;
    const p = url.searchParams;
    const verb = p.get('verb');
    const token = p.get('resumptionToken');
    // Token: "<offset>|<from>|<until>", stateless like our own provider's.
    const [offsetText, tFrom, tUntil] = token ? token.split('|') : ['0', p.get('from') ?? '', p.get('until') ?? ''];
    const offset = Number(offsetText);
    const info: RequestInfo = { n, verb, token, page: Math.floor(offset / opts.pageSize), from: tFrom || null, until: tUntil || null };
    const faults = ([] as Fault[]).concat(opts.fault?.(info) ?? []);
    for (const f of faults) {
      if ('delayMs' in f) await new Promise((r) => setTimeout(r, f.delayMs));
      if ('status' in f) {
        res.writeHead(f.status, { 'Content-Type': 'text/plain', ...(f.retryAfter ? { 'Retry-After': f.retryAfter } : {}) });
        res.end('try again later');
        return;
      }
      if ('oaiError' in f) return send(res, envelope(responseDate, `<error code="${f.oaiError}">injected</error>`), []);
    }
    if (verb === 'Identify') {
      return send(
        res,
        envelope(
          responseDate,
          `<Identify><repositoryName>Synthetic</repositoryName><baseURL>http://synthetic/oai</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>a@example.org</adminEmail><earliestDatestamp>2020-01-01T00:00:00Z</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>${granularity}</granularity><compression>gzip</compression><compression>deflate</compression></Identify>`,
        ),
        faults,
      );
    }
    if (verb !== 'ListRecords' || (token && !/^\d+$/.test(offsetText))) return send(res, envelope(responseDate, `<error code="badArgument">unsupported</error>`), []);
    const day = (s: string) => (granularity === 'YYYY-MM-DD' ? s.slice(0, 10) : s);
    const selected = opts.records().filter((r) => (!tFrom || day(r.datestamp) >= tFrom) && (!tUntil || day(r.datestamp) <= tUntil));
    const all = opts.order === 'given' ? selected : selected.sort((a, b) => (a.datestamp < b.datestamp ? -1 : a.datestamp > b.datestamp ? 1 : a.id < b.id ? -1 : 1));
    if (!all.length) return send(res, envelope(responseDate, `<error code="noRecordsMatch">none</error>`), faults);
    const page = all.slice(offset, offset + opts.pageSize);
    const more = offset + opts.pageSize < all.length;
    const forced = faults.find((f): f is { token: string } => 'token' in f);
    const size = `completeListSize="${all.length}" cursor="${offset}"`;
    let tokenXml = '';
    if (forced) tokenXml = `<resumptionToken ${size}>${forced.token}</resumptionToken>`;
    else if (more) tokenXml = `<resumptionToken ${size}>${offset + opts.pageSize}|${tFrom}|${tUntil}</resumptionToken>`;
    else if (opts.lastToken !== 'none') tokenXml = `<resumptionToken ${size}/>`;
    send(res, envelope(responseDate, `<ListRecords>${page.map(toRecordXml).join('')}${tokenXml}</ListRecords>`), faults);
  };
}

/** `count` records with increasing datestamps, one minute apart, from `start`. */
export function generateSyntheticRecords(count: number, start = '2024-01-01T00:00:00Z', prefix = 'oai:synthetic:'): SyntheticRecord[] {
  const t0 = Date.parse(start);
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, datestamp: new Date(t0 + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }));
}
