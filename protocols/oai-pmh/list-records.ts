/**
 * ListRecords and ListIdentifiers (OAI-PMH 2.0 sections 4.3 and 4.5): keyset pages over
 * (datestamp, id) under signed stateless resumption tokens (token.ts).
 *
 * A record changed during a harvest gets a later datestamp, moves behind the keyset
 * position, and is sent again further on: harvesters see its new state, as section 3.5
 * intends ("records changed after the harvest began may be returned later").
 */
import type { Format } from '../../serializers/format.ts';
import type { OaiRequest } from './arguments.ts';
import type { OaiContext } from './context.ts';
import { OaiErrors, toOaiErrors, type OaiError } from './errors.ts';
import { countList, fetchListPage, type OaiRow } from './records-query.ts';
import { toHeaderXml, toRecordXml } from './record-xml.ts';
import type { ListState } from './token.ts';
import { toResumptionTokenElement } from './xml.ts';

type ListVerb = ListState['verb'];

async function toFirstState(ctx: OaiContext, verb: ListVerb, req: OaiRequest): Promise<ListState> {
  const errors: OaiError[] = [];
  const prefix = req.args.metadataPrefix;
  const format = ctx.formats.byOaiPrefix(prefix);
  if (!format?.serializeFragment) errors.push({ code: 'cannotDisseminateFormat', message: `The metadata format ${prefix} is not supported; see ListMetadataFormats.` });
  const set = req.args.set ?? null;
  if (set !== null) {
    const { rows } = await ctx.pool.query<{ n: number; found: boolean }>('SELECT count(*) AS n, bool_or(spec = $1) AS found FROM oai_sets', [set]);
    if (Number(rows[0].n) === 0) errors.push({ code: 'noSetHierarchy', message: 'This repository has no sets.' });
    else if (!rows[0].found) errors.push({ code: 'noRecordsMatch', message: `There is no set ${set}; see ListSets.` });
  }
  if (errors.length) throw new OaiErrors(errors);
  return {
    verb,
    metadataPrefix: prefix,
    set,
    from: req.from ? req.from.start.toISOString() : null,
    until: req.until ? req.until.end.toISOString() : null,
    after: null,
    cursor: 0,
    completeListSize: -1,
  };
}

/** One page: its rows, whether more follow, and how many list positions it consumed. */
async function fetchPage(ctx: OaiContext, state: ListState, format: Format): Promise<{ rows: OaiRow[]; more: boolean; consumed: number; last: OaiRow | null }> {
  const size = ctx.oai.pageSize;
  // oai_dc can carry every item (section 3.4), so ListIdentifiers needs no JSON to check it.
  const checkSupport = !!format.supports && format.oai?.metadataPrefix !== 'oai_dc';
  const withJson = state.verb === 'ListRecords' || checkSupport;
  const sel = { set: state.set, from: state.from, until: state.until };
  let after = state.after;
  let consumed = 0;
  for (;;) {
    // One more than a page tells whether another page follows, so a list whose length is
    // a multiple of the page size ends without an empty extra page.
    const got = await fetchListPage(ctx.pool, sel, after, size + 1, withJson);
    const more = got.length > size;
    const page = more ? got.slice(0, size) : got;
    consumed += page.length;
    const last = page.length ? page[page.length - 1] : null;
    // Items that cannot be given in this format are left out of the list; a deleted one is
    // only a header and is always listed.
    const rows = checkSupport ? page.filter((r) => r.deleted || !r.json || format.supports!(r.json)) : page;
    if (rows.length || !more) return { rows, more, consumed, last };
    after = { datestamp: last!.datestamp, id: last!.id };
  }
}

/** Prepare a list response: errors are thrown before anything is written; the records are serialized as the stream pulls them. */
export async function prepareList(ctx: OaiContext, verb: ListVerb, req: OaiRequest): Promise<Iterable<string>> {
  let state: ListState;
  const token = req.args.resumptionToken;
  if (token !== undefined) {
    const decoded = ctx.tokens.decode(token, verb);
    if (!decoded) throw toOaiErrors('badResumptionToken', `The resumptionToken is not one this repository issued for ${verb}.`);
    state = decoded;
  } else {
    state = await toFirstState(ctx, verb, req);
  }
  const format = ctx.formats.byOaiPrefix(state.metadataPrefix);
  if (!format?.serializeFragment) throw toOaiErrors('badResumptionToken', `The resumptionToken names the format ${state.metadataPrefix}, which is no longer offered.`);
  const { rows, more, consumed, last } = await fetchPage(ctx, state, format);
  if (!rows.length) {
    // Also for a token whose remaining records have all become unreadable: an empty list element is not valid (OAI-PMH.xsd).
    throw toOaiErrors('noRecordsMatch', 'No records match the request.');
  }
  let completeListSize = state.completeListSize;
  if (completeListSize < 0) completeListSize = more ? await countList(ctx.pool, state) : consumed;
  const multiPage = more || token !== undefined;
  let tokenXml = '';
  if (more) {
    const next: ListState = { ...state, after: { datestamp: last!.datestamp, id: last!.id }, cursor: state.cursor + consumed, completeListSize };
    tokenXml = toResumptionTokenElement(ctx.tokens.encode(next), state.cursor, completeListSize);
  } else if (multiPage) {
    // Section 3.5: the last response of an incomplete list carries an empty resumptionToken.
    tokenXml = toResumptionTokenElement('', state.cursor, completeListSize);
  }
  return (function* () {
    yield `<${verb}>\n`;
    for (const row of rows) yield verb === 'ListRecords' ? toRecordXml(ctx, row, format) : toHeaderXml(ctx, row) + '\n';
    yield tokenXml;
    yield `</${verb}>\n`;
  })();
}
