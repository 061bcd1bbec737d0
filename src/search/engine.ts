/**
 * The search engine interface. Every engine (PostgreSQL full-text search here; OpenSearch
 * or Elasticsearch later) takes the same request, parses `q` with the same parser
 * (query-parser.ts) and must return the same records for it; the contract suite in
 * test/search/ holds them to that.
 */
import type { Identity } from '../access/identity.ts';
import type { GranaryRecord } from '../records/types.ts';

/** How hits are ordered. */
export type SearchSort = 'bestmatch' | 'newest' | 'oldest' | 'title';

/** One search: query string, facet filters, order, page and who is asking. */
export interface SearchRequest {
  /** The query string (syntax in query-parser.ts); empty or missing matches everything. */
  q?: string;
  /** Facet selections by facet name (FACETS): OR within one facet, AND across facets. */
  filters?: Record<string, string[]>;
  /** Default: bestmatch when `q` has free text, else newest. */
  sort?: SearchSort;
  /** 1-based; default 1. */
  page?: number;
  /** Hits per page; default 10. */
  size?: number;
  /** Restricts hits and facet counts to what this identity may read. */
  identity: Identity;
  /**
   * Which facets to compute: true or absent for all (FACETS), false or [] for none, or the
   * names a client shows (as OpenSearch clients ask only for the aggregations they render).
   */
  facets?: boolean | readonly string[];
}

/** One facet value and how many matching records have it. */
export interface FacetBucket {
  key: string;
  doc_count: number;
}

/** A page of hits, the exact total, and the buckets of each facet asked for. */
export interface SearchResult {
  total: number;
  hits: GranaryRecord[];
  facets: Record<string, { buckets: FacetBucket[] }>;
}

/** A search engine over the records store. */
export interface SearchEngine {
  /** Run one search. Throws BadRequest (pointer /q, /page, /size, /sort or /<filter>) on bad input. */
  search(req: SearchRequest): Promise<SearchResult>;
  /** Make these records' current state searchable (after their write committed). */
  index(ids: string[]): Promise<void>;
  /** Make these records unsearchable. */
  remove(ids: string[]): Promise<void>;
  /** Rebuild everything; returns the number of records processed. */
  reindexAll(onProgress?: (done: number, total: number) => void): Promise<number>;
}
