/** Reading JSON request bodies: the content type is checked and malformed JSON is a 400, never a 500. */
import type { Context } from 'hono';
import { BadRequest, RevisionMismatch, UnsupportedMediaType } from '../../src/errors.ts';
import { toEntityTags } from './represent.ts';

export async function readJsonBody(c: Context, accepted: string[] = ['application/json']): Promise<unknown> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new UnsupportedMediaType(`The request body must be sent as ${accepted.join(' or ')}, not "${type || 'no content type'}".`, [
      { pointer: '', message: `Content-Type must be ${accepted.join(' or ')}` },
    ]);
  }
  // JSON text is UTF-8 (RFC 8259 section 8.1). A lenient decoder would store invalid bytes
  // as U+FFFD, a corrupted revision nobody asked for, so they are refused (a charset
  // parameter is ignored, as section 11 allows: the bytes must be UTF-8 either way).
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw new BadRequest('The request body is not valid UTF-8, which JSON requires (RFC 8259 section 8.1).', [{ pointer: '', message: 'invalid UTF-8 byte sequence' }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    throw new BadRequest(`The request body is not valid JSON: ${msg}`, [{ pointer: '', message: msg }]);
  }
}

/** The revision an entity-tag we issue names: W/"N" (writes, the JSON representation) or W/"N-json". */
function toRevision(opaque: string): number | undefined {
  const m = /^(0|[1-9]\d{0,8})(?:-json)?$/.exec(opaque);
  return m ? Number(m[1]) : undefined;
}

/**
 * An If-Match or If-None-Match value: "*", or the revisions its entity-tags name (RFC 9110
 * section 8.8.3: `#entity-tag`, any number of them). Tags we never issue, or that belong to
 * another representation (W/"3-bibtex"), name no revision and so never match. A value that
 * is not a list of entity-tags matches nothing.
 */
function toTagList(value: string): '*' | number[] {
  const tags = toEntityTags(value);
  return tags === '*' ? '*' : tags.map(toRevision).filter((r): r is number => r !== undefined);
}

/**
 * The RFC 9110 section 13 preconditions of a write (PUT, PATCH, DELETE), checked on the
 * locked current version, in the order of section 13.2.2:
 * 1. If-Match: true when it is "*" or names the current revision (any tag of the list);
 *    otherwise 412. Our ETags are weak (W/"N"), which issue #2 asks for, so the comparison is
 *    the weak one: section 13.1.1's strong comparison would make every If-Match fail.
 * 2. Without If-Match, If-Unmodified-Since: 412 when the record changed after that date
 *    (compared in whole seconds, as Last-Modified gives it); ignored when not an HTTP-date.
 * 3. If-None-Match: "*" is false for a record that exists, and so is a tag of its current
 *    revision; a write then answers 412 (section 13.1.2).
 */
export function toPrecondition(c: Context): ((current: { revision: number; updated: string }) => void) | undefined {
  const ifMatch = c.req.header('If-Match');
  const ifNoneMatch = c.req.header('If-None-Match');
  const sinceHeader = ifMatch === undefined ? c.req.header('If-Unmodified-Since') : undefined;
  const since = sinceHeader === undefined ? NaN : Date.parse(sinceHeader);
  if (ifMatch === undefined && ifNoneMatch === undefined && Number.isNaN(since)) return undefined;
  const match = ifMatch === undefined ? undefined : toTagList(ifMatch);
  const noneMatch = ifNoneMatch === undefined ? undefined : toTagList(ifNoneMatch);
  return ({ revision, updated }) => {
    if (match !== undefined && match !== '*' && !match.includes(revision)) {
      throw new RevisionMismatch(match.length === 1 ? match[0] : null, revision, match.length === 1 ? undefined : `The record is at revision ${revision} (ETag W/"${revision}"); If-Match names none of its tags.`);
    }
    if (!Number.isNaN(since) && Math.floor(Date.parse(updated) / 1000) * 1000 > since) {
      throw new RevisionMismatch(null, revision, `The record was modified at ${updated}, after the If-Unmodified-Since date.`);
    }
    if (noneMatch === '*' || noneMatch?.includes(revision)) {
      throw new RevisionMismatch(null, revision, `The record exists at revision ${revision}, and If-None-Match asks that it not match.`);
    }
  };
}
