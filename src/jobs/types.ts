/**
 * Background jobs: one interface, two implementations (BullMQ on Redis, and a durable
 * in-process runner whose jobs are rows in the database). The same handlers run on both.
 */
import type { Queryable } from '../db/pool.ts';

export interface JobContext {
  /** The job's id (stable across retries). */
  id: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  /** Aborted on graceful shutdown: long handlers should stop at a safe point and throw. */
  signal: AbortSignal;
}

/** A job handler. It must be idempotent: a job may run more than once (at-least-once delivery). */
export type JobHandler<T = any> = (data: T, ctx: JobContext) => Promise<void>;

/** Handlers by job name: the registry the app assembly builds and every runner executes. */
export type JobHandlers = Record<string, JobHandler>;

export interface EnqueueOptions {
  /** Deduplication key: enqueueing an id that already exists (pending or done) is a no-op. */
  jobId?: string;
  delayMs?: number;
  /** Total attempts before the job goes to the dead-letter state (default 5). */
  attempts?: number;
}

export interface DeadJob {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): Promise<string>;
  /**
   * Enqueue inside the caller's open transaction on the same database, so the job exists
   * if and only if the transaction commits. Only runners whose jobs are database rows have it.
   */
  enqueueInTransaction?(tx: Queryable, name: string, data: unknown, opts?: EnqueueOptions): Promise<string>;
  /** Run `name` with `data` on a cron schedule; `key` identifies the schedule (re-scheduling replaces it). */
  schedule(key: string, cron: string, name: string, data: unknown): Promise<void>;
  unschedule(key: string): Promise<void>;
  /** Start processing with these handlers. */
  work(handlers: Record<string, JobHandler>, opts?: { concurrency?: number }): Promise<void>;
  deadLetters(): Promise<DeadJob[]>;
  retryDead(id: string): Promise<boolean>;
  discardDead(id: string): Promise<boolean>;
  /** Graceful shutdown: stop taking jobs, let running ones finish (or abort after a grace period). */
  close(): Promise<void>;
}
