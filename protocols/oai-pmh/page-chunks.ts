/**
 * One list page read in keyset chunks, each chunk's query sent before the previous chunk is
 * serialized: PostgreSQL reads and sends the next rows, and node-postgres parses them, while
 * Node writes the current ones. A page read as one query leaves Node idle for the whole
 * query and PostgreSQL idle for the whole serialization.
 *
 * Chunks see the table at different instants, as pages do; a record changed between two
 * chunks moves behind the keyset position and comes again later (OAI-PMH 2.0 section 3.5),
 * so nothing is lost or repeated within one state of a record.
 */
import type { Format } from '../../serializers/format.ts';
import type { OaiContext } from './context.ts';
import { fetchListPage, type OaiRow } from './records-query.ts';
import type { ListState } from './token.ts';

/** How a page ended: whether the list goes on, how many list positions it used and items it sent, and its last row (for the token). */
export interface PageEnd {
  more: boolean;
  consumed: number;
  sent: number;
  last: OaiRow | null;
}

/**
 * Can the format leave items of the list out (DataCite needs the kernel's mandatory
 * properties)? oai_dc can carry every item (section 3.4), so it is never checked.
 */
export function mayLeaveOut(format: Format): boolean {
  return !!format.supports && format.oai?.metadataPrefix !== 'oai_dc';
}

/**
 * A page is read in about four queries, of at least 100 rows: each query costs about as
 * much as serializing a few records (bench:oai profile: ~0.3 ms to send it on a loaded
 * machine), so pages of 100 are read in one and only larger ones are split.
 */
export function toChunkRows(pageSize: number): number {
  return Math.max(100, Math.ceil(pageSize / 4));
}

/**
 * The rows of the page after `state.after`, in non-empty chunks, ending with a PageEnd.
 * Items the format cannot give are left out (a deleted one is only a header and is always
 * listed); a page whose items are all left out is skipped, so the first chunk, if any, has rows.
 */
export async function* readPageChunks(
  ctx: OaiContext,
  state: ListState,
  format: Format,
  chunk = toChunkRows(ctx.oai.pageSize),
): AsyncGenerator<OaiRow[], PageEnd, undefined> {
  const size = ctx.oai.pageSize;
  // oai_dc can carry every item (section 3.4), so ListIdentifiers needs no JSON to check it.
  const checkSupport = mayLeaveOut(format);
  const withJson = state.verb === 'ListRecords' || checkSupport;
  const sel = { set: state.set, from: state.from, until: state.until };
  // The last chunk of a page asks one row more than the page holds: that row tells whether
  // another page follows, so a list whose length is a multiple of the page size ends
  // without an empty extra page.
  const limitFor = (budget: number) => (budget <= chunk ? budget + 1 : chunk);
  const query = (after: ListState['after'], limit: number) => {
    const p = fetchListPage(ctx.pool, sel, after, limit, withJson);
    p.catch(() => undefined); // awaited below, or abandoned when the client leaves
    return p;
  };

  const listed = (r: OaiRow) => r.deleted || !r.json || format.supports!(r.json);
  /**
   * Does the list give another item after `row` (inclusive)? A token promises one (section
   * 3.5: the page with the last item carries an empty token): when the rows left are all
   * items the format leaves out, the next request would find none and answer noRecordsMatch,
   * which a harvester reads as a failed harvest. Usually `row` itself is listed; otherwise
   * the rows after it are read until one is, or the list ends.
   */
  const listedFrom = async (row: OaiRow): Promise<boolean> => {
    if (listed(row)) return true;
    for (let after = row; ; ) {
      const rows = await query({ datestamp: after.datestamp, id: after.id }, chunk);
      if (rows.some(listed)) return true;
      if (rows.length < chunk) return false;
      after = rows[rows.length - 1];
    }
  };

  let budget = size;
  let consumed = 0;
  let sent = 0;
  let last: OaiRow | null = null;
  let asked = limitFor(budget);
  let pending = query(state.after, asked);
  for (;;) {
    const got = await pending;
    const final = asked > budget;
    const rows = final && got.length > budget ? got.slice(0, budget) : got;
    // After the last chunk: does the list go on? After another: might the page go on?
    const more = final ? got.length > budget : got.length === asked;
    consumed += rows.length;
    budget -= rows.length;
    if (rows.length) last = rows[rows.length - 1];
    const out = checkSupport ? rows.filter(listed) : rows;
    const pageDone = final || !more;
    const skipPage = pageDone && more && sent + out.length === 0;
    // The list goes on only if an item the format gives follows (see listedFrom).
    // got[rows.length] is the row asked beyond the page (limitFor).
    if (final && more && !skipPage && checkSupport && !(await listedFrom(got[rows.length]))) {
      if (out.length) yield out;
      return { more: false, consumed, sent: sent + out.length, last };
    }
    if (!pageDone || skipPage) {
      if (skipPage) budget = size;
      asked = limitFor(budget);
      pending = query({ datestamp: last!.datestamp, id: last!.id }, asked);
    }
    if (out.length) {
      sent += out.length;
      yield out;
    }
    if (pageDone && !skipPage) return { more: final && more, consumed, sent, last };
  }
}
