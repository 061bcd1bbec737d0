/**
 * ListRecords and ListIdentifiers (OAI-PMH 2.0 sections 4.3 and 4.5): keyset pages over
 * (datestamp, id) under signed stateless resumption tokens (token.ts).
 *
 * A record changed during a harvest gets a later datestamp, moves behind the keyset
 * position, and is sent again further on: harvesters see its new state, as section 3.5
 * intends ("records changed after the harvest began may be returned later").
 */
import type { OaiRequest } from './arguments.ts';
import type { OaiContext } from './context.ts';
import { OaiErrors, toOaiErrors, type OaiError } from './errors.ts';
import { mayLeaveOut, readPageChunks, type PageEnd } from './page-chunks.ts';
import { toSqlBound } from './dates.ts';
import { countList, type OaiRow } from './records-query.ts';
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
    from: req.from ? toSqlBound(req.from.start) : null,
    until: req.until ? toSqlBound(req.until.end) : null,
    after: null,
    cursor: 0,
    completeListSize: -1,
  };
}

/**
 * Prepare a list response: errors are thrown before anything is written (the first chunk
 * of the page is read first); the rest of the page is read and serialized as the stream
 * pulls it.
 */
export async function prepareList(ctx: OaiContext, verb: ListVerb, req: OaiRequest): Promise<AsyncIterable<string>> {
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
  // completeListSize is counted once, on the first page, beside the page's first query, and
  // carried in the tokens. A format that may leave items out (DataCite) cannot know how many
  // it will send without serializing them all, so there the optional attribute is left out
  // rather than overstated (section 3.5: the size of the complete list).
  const sized = !mayLeaveOut(format);
  let count: Promise<number> | null = null;
  if (sized && state.completeListSize < 0) {
    count = countList(ctx.pool, state);
    count.catch(() => undefined); // not needed when the list fits in one page
  }
  const chunks = readPageChunks(ctx, state, format);
  const first = await chunks.next();
  if (first.done) {
    // Also for a token whose remaining records have all become unreadable: an empty list element is not valid (OAI-PMH.xsd).
    throw toOaiErrors('noRecordsMatch', 'No records match the request.');
  }
  const toXml = verb === 'ListRecords' ? (row: OaiRow) => toRecordXml(ctx, row, format) : (row: OaiRow) => toHeaderXml(ctx, row) + '\n';
  return (async function* () {
    try {
      yield `<${verb}>\n`;
      let next: IteratorResult<OaiRow[], PageEnd> = first;
      while (!next.done) {
        let xml = '';
        for (const row of next.value) xml += toXml(row);
        yield xml;
        next = await chunks.next();
      }
      const { more, consumed, sent, last } = next.value;
      const completeListSize = !sized ? -1 : state.completeListSize >= 0 ? state.completeListSize : more ? await count! : consumed;
      const shown = sized ? completeListSize : null;
      if (more) {
        const after = { datestamp: last!.datestamp, id: last!.id };
        // Section 3.5: cursor counts the elements returned so far, not the records skipped.
        const nextState: ListState = { ...state, after, cursor: state.cursor + sent, completeListSize };
        yield toResumptionTokenElement(ctx.tokens.encode(nextState), state.cursor, shown);
      } else if (token !== undefined) {
        // Section 3.5: the last response of an incomplete list carries an empty resumptionToken.
        yield toResumptionTokenElement('', state.cursor, shown);
      }
      yield `</${verb}>\n`;
    } finally {
      await chunks.return(undefined as never);
    }
  })();
}
