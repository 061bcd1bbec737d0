/**
 * RFC 9457 problem details for the REST API. Domain errors map to HTTP statuses in this
 * one table; anything unexpected is logged and answered as a generic 500 problem.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, Gone, Moved, RevisionMismatch, Unauthorized, type FieldError } from '../../src/errors.ts';
import { isRetryableConflict } from '../../src/db/pool.ts';

export const PROBLEM_TYPE_BASE = 'https://granary.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const STATUS: Record<string, [number, string]> = {
  'not-found': [404, 'Not Found'],
  gone: [410, 'Gone'],
  moved: [301, 'Moved Permanently'],
  'validation-failed': [422, 'Validation Failed'],
  conflict: [409, 'Conflict'],
  'revision-mismatch': [412, 'Precondition Failed'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  'bad-request': [400, 'Bad Request'],
  locked: [503, 'Service Unavailable'],
  unavailable: [503, 'Service Unavailable'],
  'unsupported-media-type': [415, 'Unsupported Media Type'],
};

/** Serialize a problem (honouring ?prettyprint=1) with its content type. */
export function problemResponse(c: Context, problem: Problem, headers: Record<string, string> = {}): Response {
  const pretty = c.req.query('prettyprint') === '1';
  const body = problem.status === 304 ? null : JSON.stringify(problem, null, pretty ? 2 : undefined);
  // RFC 9110 15.5.2: a 401 MUST say how to authenticate; the API takes bearer tokens (RFC 6750 3).
  const challenge: Record<string, string> = problem.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="granary"' } : {};
  return new Response(body, { status: problem.status, headers: { 'Content-Type': 'application/problem+json', ...challenge, ...headers } });
}

export function problem(status: number, slug: string, title: string, detail?: string, extra: Record<string, unknown> = {}): Problem {
  return { type: PROBLEM_TYPE_BASE + slug, title, status, ...(detail ? { detail } : {}), ...extra };
}

/** Map any thrown error to a problem+json response. `redirect` builds the Location for Moved. */
export function errorToResponse(c: Context, err: unknown, redirect?: (targetId: string) => string): Response {
  const instance = new URL(c.req.url).pathname;
  if (err instanceof Moved && redirect) {
    return new Response(null, { status: 301, headers: { Location: redirect(err.targetId) } });
  }
  if (err instanceof DomainError) {
    const [status, title] = STATUS[err.code] ?? [400, 'Bad Request'];
    const p: Problem = { ...problem(status, err.code, title, err.message), instance };
    if (err.details.length) p.errors = err.details;
    if (err instanceof Gone) {
      p.deleted = err.deletedAt;
      p.reason = err.reason;
    }
    if (err instanceof RevisionMismatch) p.currentRevision = err.actual;
    // RFC 6750 section 3.1: a refused token is named in the challenge, so a client knows to get a new one.
    if (err instanceof Unauthorized && err.bearerError) return problemResponse(c, p, { 'WWW-Authenticate': `Bearer realm="granary", error="${err.bearerError}"` });
    // An unknown citation style or locale can come from the Accept header's parameters.
    if ('listUrl' in err) return problemResponse(c, p, { Vary: 'Accept' });
    return problemResponse(c, p);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const title = status === 413 ? 'Content Too Large' : err.message || 'Error';
    return problemResponse(c, { ...problem(status, status === 413 ? 'body-too-large' : 'http-error', title, err.message), instance });
  }
  if (isRetryableConflict(err)) {
    // A deadlock or serialization failure that outlasted the store's retries: nothing was
    // written, and the same request can simply be sent again.
    return problemResponse(c, { ...problem(503, 'write-conflict', 'Service Unavailable', 'The write collided with concurrent writes and was not applied; send it again.'), instance }, { 'Retry-After': '1' });
  }
  console.error('unexpected error', err);
  return problemResponse(c, { ...problem(500, 'internal-error', 'Internal Server Error', 'An unexpected error occurred; it has been logged.'), instance });
}
