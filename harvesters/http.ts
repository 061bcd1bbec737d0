/**
 * The harvesters' HTTP client: GET with a timeout, a rate limit, gzip/deflate, and retries
 * with exponential backoff and jitter on network errors (including a connection reset in the
 * middle of a body), 5xx and 429. A Retry-After header is honoured in both of its forms.
 * Other 4xx answers are returned to the caller: OAI-PMH servers such as Zenodo send their
 * protocol errors (badResumptionToken, noRecordsMatch) with status 422.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** A response whose body was read in full. */
export interface FetchedResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Thrown by a `check` callback to say the body is unusable (e.g. truncated XML) and the request should be retried. */
export class RetryableResponse extends Error {
  override name = 'RetryableResponse';
}

/** The request failed after all retries, or the server asked us to wait longer than allowed. */
export class HarvestHttpError extends Error {
  override name = 'HarvestHttpError';
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Retries after the first attempt. */
  retries?: number;
  /** Most requests per second. */
  rateLimit?: number;
  /** A Retry-After longer than this fails the request instead of waiting. */
  maxRetryAfterSeconds?: number;
  /** First backoff delay; doubled on each retry, with full jitter, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Told about every retry (for the run log). */
  onRetry?(info: { url: string; attempt: number; waitMs: number; reason: string }): void;
  userAgent?: string;
  /**
   * Largest response body read, in bytes after decompression. The body is read as it
   * arrives and the request fails once it passes this, so a hostile or broken server
   * cannot fill the memory. Default 64 MB (the XML parser's own limit is 50 MB).
   */
  maxBodyBytes?: number;
}

/** A body over the limit: a property of the response, so it is not retried. */
class BodyTooLarge extends Error {}

/** The body, read as it arrives, failing past `max` bytes. */
async function readBody(res: Response, max: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (res.headers.get('content-encoding') === null && declared > max) {
    await res.body?.cancel();
    throw new BodyTooLarge(`the response is ${declared} bytes, more than the ${max} allowed`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    // Leaving the loop by throwing cancels the stream: the rest is never downloaded.
    if (total > max) throw new BodyTooLarge(`the response passed the ${max} bytes allowed`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Retry-After (RFC 9110 section 10.2.3) is either delay-seconds or an HTTP-date. Returns
 * milliseconds to wait, or undefined when absent or unreadable. A date in the past means now.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Some servers send fractional seconds although the grammar says 1*DIGIT.
  if (/^\d+\.\d+$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

class CheckFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('check failed');
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}

/** Create a client; one per harvest run, so its rate limit covers the whole run. */
export function createHttpClient(opts: HttpClientOptions = {}) {
  const retries = opts.retries ?? 5;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const baseDelayMs = opts.baseDelayMs ?? 1000;
  const maxDelayMs = opts.maxDelayMs ?? 60_000;
  const maxRetryAfterMs = (opts.maxRetryAfterSeconds ?? 3600) * 1000;
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const minIntervalMs = opts.rateLimit ? 1000 / opts.rateLimit : 0;
  let nextSlot = 0;

  async function waitForSlot(): Promise<void> {
    if (!minIntervalMs) return;
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + minIntervalMs;
    if (at > now) await delay(at - now, undefined, { signal: opts.signal });
  }

  function backoff(attempt: number): number {
    return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  }

  /** GET `url` and read the whole body; `check` may throw RetryableResponse to retry a broken body. */
  async function get(url: string, check?: (res: FetchedResponse) => void): Promise<FetchedResponse> {
    let lastReason: string;
    for (let attempt = 1; ; attempt++) {
      await waitForSlot();
      let waitMs: number | undefined;
      try {
        const signals = [AbortSignal.timeout(timeoutMs)];
        if (opts.signal) signals.push(opts.signal);
        const res = await fetch(url, {
          headers: {
            // undici decompresses gzip and deflate bodies itself.
            'Accept-Encoding': 'gzip, deflate',
            'User-Agent': opts.userAgent ?? 'Granary-harvester/0.1',
            ...opts.headers,
          },
          signal: AbortSignal.any(signals),
          redirect: 'follow',
        });
        const body = await readBody(res, maxBodyBytes);
        const fetched: FetchedResponse = { url: res.url || url, status: res.status, headers: res.headers, body };
        if (!isRetryableStatus(res.status)) {
          try {
            check?.(fetched);
            return fetched;
          } catch (err) {
            if (!(err instanceof RetryableResponse)) throw new CheckFailed(err);
            throw err;
          }
        }
        lastReason = `HTTP ${res.status}`;
        waitMs = parseRetryAfter(res.headers.get('retry-after'));
        if (waitMs !== undefined && waitMs > maxRetryAfterMs) {
          throw new HarvestHttpError(`${url}: the server asks to retry after ${Math.round(waitMs / 1000)} s, longer than the allowed ${maxRetryAfterMs / 1000} s`, url, res.status);
        }
      } catch (err) {
        if (err instanceof HarvestHttpError) throw err;
        if (err instanceof BodyTooLarge) throw new HarvestHttpError(`${url}: ${err.message}`, url);
        // The body arrived and the caller refuses it for good (hostile XML, not OAI-PMH): no retry.
        if (err instanceof CheckFailed) throw err.cause;
        if (opts.signal?.aborted) throw opts.signal.reason ?? err;
        lastReason = err instanceof RetryableResponse ? err.message : (err as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : describe(err);
      }
      if (attempt > retries) {
        throw new HarvestHttpError(`${url}: gave up after ${attempt} attempts; last: ${lastReason}`, url);
      }
      const wait = waitMs ?? backoff(attempt);
      opts.onRetry?.({ url, attempt, waitMs: wait, reason: lastReason });
      await delay(wait, undefined, { signal: opts.signal });
    }
  }

  return { get };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
