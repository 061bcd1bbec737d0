/**
 * Hooks that run inside a record write's transaction, after the record row is written and
 * before the outbox event. OAI-PMH set membership is one: every write is one transaction
 * holding the record, its revision, its PIDs, its set memberships and its outbox event.
 */
import type { Client } from '../db/pool.ts';
import type { GranaryRecord } from './types.ts';

export interface RecordWrite {
  tx: Client;
  id: string;
  /** The record as written; for a deletion, the last version (with deleted set). */
  record: GranaryRecord;
  deleted: boolean;
  /** ISO timestamp of the write; also the record's new datestamp. */
  now: string;
}

export interface RecordWriteHooks {
  /** One record was created, updated or deleted. */
  afterWrite?(write: RecordWrite): Promise<void>;
  /** Many records were created at once by a bulk import, in one transaction. */
  afterBulkCreate?(tx: Client, ids: string[], now: string): Promise<void>;
}
