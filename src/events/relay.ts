/**
 * The transactional outbox relay. The record store writes an `outbox` row in the same
 * transaction as each change; the relay turns undispatched rows into jobs and marks them
 * dispatched. Exactly-once *effect* comes from three pieces together:
 *
 * - nothing is lost: a row stays undispatched until the transaction that enqueued its jobs
 *   commits, so a relay killed at any point leaves it for the next run;
 * - nothing is enqueued twice: each job's id is `outbox-<eventId>-<jobName>`, so a relay
 *   that enqueued and then died before marking re-enqueues as a no-op (with the in-process
 *   runner the enqueue and the mark are even one transaction);
 * - a job may still *run* twice (at-least-once delivery), so handlers are idempotent.
 */
import { transaction, type Client, type Pool } from '../db/pool.ts';
import type { JobQueue } from '../jobs/types.ts';

/** One outbox row, as handed to jobs. */
export interface OutboxEvent {
  id: number;
  /** record.created, record.updated, record.deleted, set.changed, ... */
  type: string;
  recordId: string | null;
  revision: number | null;
  payload: Record<string, unknown>;
  created: string;
}

/**
 * Event type → job names. A key is an exact type (`set.changed`), a prefix pattern
 * (`record.*`) or `*`. An event gets the union of every matching key's jobs.
 */
export type OutboxRoutes = Record<string, string[]>;

export interface OutboxRelayOptions {
  pool: Pool;
  queue: JobQueue;
  routes: OutboxRoutes;
  /** Rows per transaction (default 100). */
  batchSize?: number;
  /** Poll interval when not kicked, in ms (default 1000). */
  intervalMs?: number;
  /** Where relay errors go (default: stderr); the relay keeps running and retries next time. */
  onError?: (err: unknown) => void;
  /**
   * Longest wait for one enqueue into a queue outside the database (BullMQ), in ms (default
   * 10,000). Its batch then rolls back and is tried again on the next round: with Redis
   * unreachable, ioredis queues commands forever, and the batch's transaction would hold its
   * rows locked, and `stop()` wait, for the whole outage.
   */
  enqueueTimeoutMs?: number;
}

export interface OutboxRelay {
  /** Dispatch one batch; returns the number of events dispatched. */
  relayOnce(): Promise<number>;
  /** Dispatch until no undispatched event is left; returns the number dispatched. */
  drain(): Promise<number>;
  /** Dispatch soon (e.g. right after a write commits) instead of waiting for the interval. */
  kick(): void;
  /** Run on the interval and on kicks until stop(). */
  start(): void;
  /** Stop and wait for the batch in progress. */
  stop(): Promise<void>;
}

/** The job names an event type is routed to, in route order, without repeats. */
export function jobsForEventType(routes: OutboxRoutes, type: string): string[] {
  const names = new Set<string>();
  for (const [pattern, jobs] of Object.entries(routes)) {
    const match = pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)));
    if (match) for (const j of jobs) names.add(j);
  }
  return [...names];
}

/** The deterministic job id of one (event, job) pair: the relay's deduplication key. */
export function outboxJobId(eventId: number, jobName: string): string {
  // BullMQ refuses ":" in custom job ids.
  return `outbox-${eventId}-${jobName.replace(/:/g, '_')}`;
}

/**
 * `promise`, or an Error with `message` once `ms` have passed. A late enqueue still lands:
 * its job id is deterministic, so the next round's enqueue of the same event is a no-op.
 */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  promise.catch(() => undefined); // a rejection after the timeout is not unhandled
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function claimBatch(tx: Client, limit: number): Promise<OutboxEvent[]> {
  // SKIP LOCKED: several relays (API server and workers) share the table without blocking;
  // a row locked by a relay that dies is unlocked by its rollback and taken by the next.
  const { rows } = await tx.query<{ id: number; type: string; record_id: string | null; revision: number | null; payload: Record<string, unknown>; created: string }>(
    `SELECT id, type, record_id, revision, payload,
            to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created
     FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({ id: Number(r.id), type: r.type, recordId: r.record_id, revision: r.revision, payload: r.payload, created: r.created }));
}

/** Create a relay from the outbox to `queue`. Call start(), or relayOnce()/drain() yourself. */
export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const batchSize = opts.batchSize ?? 100;
  const intervalMs = opts.intervalMs ?? 1000;
  const onError = opts.onError ?? ((err: unknown) => process.stderr.write(`granary outbox relay: ${(err as Error)?.stack ?? String(err)}\n`));
  const { pool, queue, routes } = opts;
  const enqueueTimeoutMs = opts.enqueueTimeoutMs ?? 10_000;
  let inFlight: Promise<number> | null = null;
  let kicked = false;
  let timer: NodeJS.Timeout | null = null;
  let started = false;

  async function dispatchBatch(): Promise<number> {
    return transaction(pool, async (tx) => {
      const events = await claimBatch(tx, batchSize);
      for (const event of events) {
        for (const name of jobsForEventType(routes, event.type)) {
          const jobOpts = { jobId: outboxJobId(event.id, name) };
          // Only the transaction's client is used here: on PGlite the pool has one connection.
          if (queue.enqueueInTransaction) await queue.enqueueInTransaction(tx, name, event, jobOpts);
          else await withTimeout(queue.enqueue(name, event, jobOpts), enqueueTimeoutMs, `Enqueueing job ${name} for outbox event ${event.id} took over ${enqueueTimeoutMs} ms; the batch is tried again later.`);
        }
      }
      if (events.length) {
        await tx.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [events.map((e) => e.id)]);
      }
      return events.length;
    });
  }

  async function drainLoop(): Promise<number> {
    let total = 0;
    do {
      kicked = false;
      for (;;) {
        const n = await dispatchBatch();
        total += n;
        if (n < batchSize) break;
      }
    } while (kicked);
    return total;
  }

  /** One drain at a time per relay; a kick during a drain makes it look once more. */
  function drain(): Promise<number> {
    if (inFlight) {
      kicked = true;
      return inFlight;
    }
    inFlight = drainLoop().finally(() => (inFlight = null));
    return inFlight;
  }

  function schedule(ms: number): void {
    if (!started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      drain()
        .catch(onError)
        .finally(() => schedule(intervalMs));
    }, ms);
  }

  return {
    relayOnce: dispatchBatch,
    drain,
    kick() {
      if (inFlight) kicked = true;
      else schedule(0);
    },
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight?.catch(() => undefined);
    },
  };
}
