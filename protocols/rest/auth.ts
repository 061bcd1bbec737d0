/** Bearer-token authentication: sets the request's Identity; a bad token is a 401, never anonymous. */
import type { MiddlewareHandler } from 'hono';
import { anonymous, type Identity } from '../../src/access/identity.ts';
import { Unauthorized } from '../../src/errors.ts';

export type IdentityResolver = (token: string) => Promise<Identity | null>;

export type AuthEnv = { Variables: { identity: Identity } };

/** The token of an `Authorization: Bearer <token>` header: undefined when absent, null when malformed. */
export function parseBearer(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

export function createAuthMiddleware(resolve: IdentityResolver): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = parseBearer(c.req.header('Authorization'));
    let identity = anonymous;
    if (token !== undefined) {
      if (token === null) throw new Unauthorized('The Authorization header must be "Bearer <token>".');
      const found = await resolve(token);
      if (!found) {
        const err = new Unauthorized('The bearer token is unknown or revoked.');
        err.bearerError = 'invalid_token';
        throw err;
      }
      identity = found;
    }
    c.set('identity', identity);
    await next();
  };
}
