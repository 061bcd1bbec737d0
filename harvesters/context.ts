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
