/** Reading JSON request bodies: the content type is checked and malformed JSON is a 400, never a 500. */
import type { Context } from 'hono';
import { BadRequest, UnsupportedMediaType } from '../../src/errors.ts';

export async function readJsonBody(c: Context, accepted: string[] = ['application/json']): Promise<unknown> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new UnsupportedMediaType(`The request body must be sent as ${accepted.join(' or ')}, not "${type || 'no content type'}".`, [
      { pointer: '', message: `Content-Type must be ${accepted.join(' or ')}` },
    ]);
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    throw new BadRequest(`The request body is not valid JSON: ${msg}`, [{ pointer: '', message: msg }]);
  }
}

/** Parse If-Match: `W/"3"`, `"3"` or `*`. Returns the revision, null for `*`/absent. */
export function ifMatchRevision(c: Context): number | undefined {
  const h = c.req.header('If-Match');
  if (h === undefined || h.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d+)(?:-[^"]*)?"\s*$/.exec(h);
  // An unparseable or foreign ETag can never match ours (RFC 9110 13.1.1): revision -1 fails the check.
  return m ? Number(m[1]) : -1;
}
