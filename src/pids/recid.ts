/**
 * Record ids: short, URL-safe and never reused. Ten Crockford base32 characters in two
 * groups of five (like InvenioRDM's `abcde-fgh12`), from a CSPRNG. Uniqueness and
 * never-reuse come from the `pids` primary key: a recid row is never deleted, only
 * tombstoned, so a minted value can never be handed out again.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford: no i, l, o, u

export function mintRecid(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += ALPHABET[bytes[i] & 31];
    if (i === 4) out += '-';
  }
  return out;
}

const RECID = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;

/** Does the string have the shape of a recid? (Cheap rejection of junk ids before a query.) */
export function isRecid(s: string): boolean {
  return RECID.test(s);
}
