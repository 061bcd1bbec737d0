/**
 * Refuses a request URL whose path or query cannot be decoded, or decodes to text PostgreSQL
 * cannot store, with 400 problem+json naming the part at fault. Without it `%00` in a record
 * id or `q=%00` reached SQL and failed there (SQLSTATE 22021), and a malformed escape such as
 * `%ZZ` failed later in whichever handler decoded it.
 */
import type { MiddlewareHandler } from 'hono';
import { BadRequest } from '../../src/errors.ts';
import { unstorableText } from '../../src/text.ts';

function decodeOrThrow(raw: string, pointer: string): string {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // RFC 3986 section 2.1: "%" followed by two hex digits, which must decode to UTF-8 here.
    throw new BadRequest(`The URL is not valid.`, [{ pointer, message: `has a malformed percent-encoding: ${JSON.stringify(raw.slice(0, 200))}` }]);
  }
  const why = unstorableText(text);
  if (why) throw new BadRequest(`The URL is not valid.`, [{ pointer, message: why }]);
  return text;
}

export const checkUrlText: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  url.pathname.split('/').forEach((segment, i) => decodeOrThrow(segment, `path segment ${i}`));
  for (const pair of url.search.slice(1).split('&')) {
    if (!pair) continue;
    const [name = '', value = ''] = pair.replace(/\+/g, ' ').split(/=(.*)/s);
    const key = decodeOrThrow(name, 'query parameter name');
    decodeOrThrow(value, `query parameter ${key}`);
  }
  await next();
};
