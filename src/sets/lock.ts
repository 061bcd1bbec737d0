/**
 * One advisory lock orders set-definition changes against record writes. A record write's
 * hook takes it shared; a definition change takes it exclusive. So a write either finished
 * before the change committed (and the recompute that follows sees it), or reads the new
 * definition. The recompute itself needs no lock: see recompute.ts.
 */
import type { Client } from '../db/pool.ts';

const SET_DEFINITIONS_LOCK = 7345003;

/** Block set-definition changes until this transaction ends. */
export async function lockSetDefinitionsShared(tx: Client): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [SET_DEFINITIONS_LOCK]);
}

/** Wait for in-flight record writes, and hold new ones back until this transaction ends. */
export async function lockSetDefinitionsExclusive(tx: Client): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [SET_DEFINITIONS_LOCK]);
}
