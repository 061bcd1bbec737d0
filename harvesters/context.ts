/**
 * What a feed harvester is given by the runner: its source, an HTTP client, its loaders,
 * and the calls that read scope state and store a page together with its checkpoint.
 */
import type { HttpClient } from './http.ts';
import type { LoaderRegistry } from './loaders.ts';
import type { HarvestSource } from './source.ts';
import type { ScopeState } from './state.ts';
import type { HarvestItem, UpsertResult } from './upsert.ts';

/** Live progress of a run, as the CLI and the status endpoint show it. */
export interface HarvestProgress {
  pages: number;
  records: number;
  /** The server's completeListSize for the current list, when it gives one. */
  completeListSize?: number;
}

export interface FeedContext {
  source: HarvestSource;
  runId: number;
  http: HttpClient;
  loaders: LoaderRegistry;
  signal?: AbortSignal;
  loadState(scope: string): Promise<ScopeState>;
  /** Write a scope's state on its own (start of a run, end of a window, end of a scope). */
  saveState(scope: string, state: ScopeState): Promise<void>;
  /**
   * Normalize and validate items ahead of storePage, so that a feed can do it while the
   * previous page is being stored; storePage does what is left undone.
   */
  prepareItems(items: HarvestItem[]): HarvestItem[];
  /** Store a page's items and the scope's new state in one transaction. */
  storePage(scope: string, items: HarvestItem[], state: ScopeState, meta?: { completeListSize?: number }): Promise<UpsertResult>;
  /** Note an event in the run's log (restarts, windows, loops). */
  log(event: Record<string, unknown>): Promise<void>;
  /** The current time, for provenance harvestDate. */
  now(): Date;
}

/** Throws when the run was asked to stop (graceful shutdown of a job worker). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the harvest was stopped');
}

/**
 * The server's clock as an ISO timestamp, from an HTTP Date header or an OAI-PMH
 * responseDate, or `fallback` (our clock) when the value is missing or not a date. It
 * bounds the next incremental run, so a garbage value must not be stored: the next run
 * would send it as `from` and fail, or find no date windows and silently harvest nothing.
 */
export function toServerTime(value: string | null | undefined, fallback: () => Date): string {
  const ms = value ? Date.parse(value) : NaN;
  const t = Number.isNaN(ms) ? fallback() : new Date(ms);
  // Years 0000 and past 9999 are no datestamps either (OAI-PMH 3.3, xs:dateTime).
  if (t.getUTCFullYear() < 1 || t.getUTCFullYear() > 9999) return fallback().toISOString();
  // A UTC datestamp is kept as the server wrote it (an OAI responseDate); an HTTP-date becomes ISO 8601.
  return !Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value!) ? value! : t.toISOString();
}
