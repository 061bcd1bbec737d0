/** Bearer-token authentication: sets the request's Identity; a bad token is a 401, never anonymous. */
import type { MiddlewareHandler } from 'hono';
import { anonymous, type Identity } from '../../src/access/identity.ts';
import { Unauthorized } from '../../src/errors.ts';

export type IdentityResolver = (token: string) => Promise<Identity | null>;

export type AuthEnv = { Variables: { identity: Identity } };

export function createAuthMiddleware(resolve: IdentityResolver): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    let identity = anonymous;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new Unauthorized('The Authorization header must be "Bearer <token>".');
      const found = await resolve(m[1]);
      if (!found) throw new Unauthorized('The bearer token is unknown or revoked.');
      identity = found;
    }
    c.set('identity', identity);
    await next();
  };
}
