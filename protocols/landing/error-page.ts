/**
 * The landing router's one error table: domain errors to 301/400/401/403/404/410, as a
 * small HTML page for browsers and RFC 9457 problem+json for everyone else.
 */
import { BadRequest, DomainError, Forbidden, Gone, Moved, NotFound, Unauthorized } from '../../src/errors.ts';
import { escapeHtml } from './escape.ts';

const STATUS: [new (...args: never[]) => DomainError, number, string][] = [
  [NotFound, 404, 'Not Found'],
  [Gone, 410, 'Gone'],
  [BadRequest, 400, 'Bad Request'],
  [Unauthorized, 401, 'Unauthorized'],
  [Forbidden, 403, 'Forbidden'],
];

/** A Response for a domain error, or undefined for anything else (a bug: let it be a 500). */
export function toErrorResponse(err: unknown, wantsHtml: boolean, baseUrl: string, redirect?: (targetId: string) => string): Response | undefined {
  if (err instanceof Moved) {
    const location = redirect ? redirect(err.targetId) : `${baseUrl.replace(/\/+$/, '')}/records/${encodeURIComponent(err.targetId)}`;
    return new Response(null, { status: 301, headers: { Location: location, Vary: 'Accept' } });
  }
  const hit = STATUS.find(([cls]) => err instanceof cls);
  if (!hit || !(err instanceof DomainError)) return undefined;
  const [, status, title] = hit;
  // A tombstone says when the record went and why, as the REST API's 410 does.
  const gone = err instanceof Gone ? [err.deletedAt && `Deleted ${err.deletedAt}.`, err.reason && `Reason: ${err.reason}`].filter(Boolean).join(' ') : '';
  if (wantsHtml) {
    const body = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${status} ${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(err.message)}</p>${gone ? `<p>${escapeHtml(gone)}</p>` : ''}</body></html>\n`;
    return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', Vary: 'Accept' } });
  }
  const problem: Record<string, unknown> = { type: 'about:blank', title, status, detail: err.message };
  if (err.details.length) problem.errors = err.details;
  if (err instanceof Gone) {
    problem.deletedAt = err.deletedAt;
    if (err.reason) problem.reason = err.reason;
  }
  if ('listUrl' in err) problem.styles = `${baseUrl.replace(/\/+$/, '')}${String(err.listUrl)}`;
  return new Response(JSON.stringify(problem), { status, headers: { 'Content-Type': 'application/problem+json', Vary: 'Accept' } });
}
