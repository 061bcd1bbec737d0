/**
 * Retry delays: exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential
 * Backoff And Jitter", 2015). A uniformly random delay in [0, min(cap, base * 2^(n-1)))
 * spreads retries of jobs that failed together (say, a partner endpoint going down), where
 * plain exponential backoff would have them all retry in lockstep.
 */

export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms (default 1000). */
  baseMs?: number;
  /** No retry waits longer than this, in ms (default 1 hour). */
  capMs?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 1000, capMs: 60 * 60 * 1000 };

/** Delay before retry number `failedAttempts` (1 after the first failure), full jitter, capped. */
export function computeBackoffMs(failedAttempts: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = opts.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const cap = opts.capMs ?? DEFAULT_BACKOFF.capMs;
  // 2^n overflows to Infinity long before it matters; min() keeps it at the cap.
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

/** Default total attempts before a job is dead-lettered. */
export const DEFAULT_ATTEMPTS = 5;
