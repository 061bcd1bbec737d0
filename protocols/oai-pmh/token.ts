/**
 * Resumption tokens: stateless, opaque and signed (HMAC-SHA256 with the server secret),
 * so any server process sharing the secret resumes any list, across restarts, and a token
 * never expires (no expirationDate is sent: OAI-PMH 2.0 section 3.5.1 makes it optional).
 *
 * A token carries the exact (datestamp, id) of the last record sent, with the datestamp
 * as PostgreSQL wrote it (microseconds and offset), so the next page starts strictly after
 * it: nothing is skipped or repeated, and re-sending a token gives the same page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a list's resumption token remembers. */
export interface ListState {
  verb: 'ListRecords' | 'ListIdentifiers';
  metadataPrefix: string;
  set: string | null;
  /** Inclusive lower bound, ISO instant. */
  from: string | null;
  /** Exclusive upper bound, ISO instant (see dates.ts). */
  until: string | null;
  /** The last record sent: its datestamp exactly as stored, and its id. */
  after: { datestamp: string; id: string } | null;
  /** Records of the list before the next page (the next response's cursor attribute). */
  cursor: number;
  completeListSize: number;
}

interface Wire {
  v: 'R' | 'I';
  p: string;
  s?: string;
  f?: string;
  u?: string;
  d: string;
  i: string;
  c: number;
  n: number;
}

const MAC_BYTES = 16;

/** Encode and check tokens with one secret. */
export function createTokenCodec(secret: string) {
  const mac = (payload: string) => createHmac('sha256', secret).update('oai-token\0').update(payload).digest().subarray(0, MAC_BYTES);

  function encode(state: ListState): string {
    if (!state.after) throw new Error('a resumption token needs the last record sent');
    const wire: Wire = { v: state.verb === 'ListRecords' ? 'R' : 'I', p: state.metadataPrefix, d: state.after.datestamp, i: state.after.id, c: state.cursor, n: state.completeListSize };
    if (state.set !== null) wire.s = state.set;
    if (state.from !== null) wire.f = state.from;
    if (state.until !== null) wire.u = state.until;
    const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
    return `${payload}.${mac(payload).toString('base64url')}`;
  }

  /** The state in a token, or null for anything not made by this codec (or for another verb). */
  function decode(token: string, verb: ListState['verb']): ListState | null {
    const dot = token.indexOf('.');
    if (dot < 1 || token.length > 4096) return null;
    const payload = token.slice(0, dot);
    const macText = token.slice(dot + 1);
    const given = Buffer.from(macText, 'base64url');
    // Buffer.from skips characters outside base64url ('=', '!'), so only the exact spelling
    // this codec writes is accepted: a token is one string, not a family of them.
    if (given.toString('base64url') !== macText) return null;
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(payload))) return null;
    let w: Wire;
    try {
      w = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire;
    } catch {
      return null;
    }
    if ((w.v === 'R' ? 'ListRecords' : 'ListIdentifiers') !== verb) return null;
    return {
      verb,
      metadataPrefix: w.p,
      set: w.s ?? null,
      from: w.f ?? null,
      until: w.u ?? null,
      after: { datestamp: w.d, id: w.i },
      cursor: w.c,
      completeListSize: w.n,
    };
  }

  return { encode, decode };
}

/** The token codec's interface. */
export type TokenCodec = ReturnType<typeof createTokenCodec>;
