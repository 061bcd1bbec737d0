/**
 * Set membership, materialized at write time: the RecordWriteHooks implementation that
 * runs inside every record write's transaction. The store has already set the record's
 * datestamp to the write's time, so a membership change made here is announced to
 * incremental harvesters by that same datestamp (OAI-PMH 2.0 section 2.7.1: the datestamp
 * changes when the set membership changes).
 */
import type { Client } from '../db/pool.ts';
import type { RecordWrite, RecordWriteHooks } from '../records/hooks.ts';
import { lockSetDefinitionsShared } from './lock.ts';
import { toSetMatchSql, type SetRule } from './match.ts';
import { toSelfAndParentSpecs } from './spec.ts';

/** Every defined set's rule. */
export async function loadSetRules(db: Pick<Client, 'query'>): Promise<SetRule[]> {
  const { rows } = await db.query<SetRule>('SELECT spec, query FROM oai_sets ORDER BY spec');
  return rows;
}

/** The expanded membership (sets and their defined parents) given the sets matched directly. */
export function toExpandedSpecs(direct: readonly string[], defined: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const spec of direct) for (const s of toSelfAndParentSpecs(spec)) if (defined.has(s)) out.add(s);
  return [...out].sort();
}

async function syncOne(write: RecordWrite): Promise<void> {
  const { tx, id } = write;
  await lockSetDefinitionsShared(tx);
  const rules = await loadSetRules(tx);
  let wanted: string[] = [];
  if (rules.length) {
    const params: unknown[] = [id];
    const cols = rules.map((r, i) => `${toSetMatchSql(r, params, 'r')} AS m${i}`).join(', ');
    const { rows } = await tx.query<Record<string, boolean>>(`SELECT ${cols} FROM records r WHERE r.id = $1`, params);
    const row = rows[0] ?? {};
    const direct = rules.filter((_, i) => row[`m${i}`] === true).map((r) => r.spec);
    wanted = toExpandedSpecs(direct, new Set(rules.map((r) => r.spec)));
  }
  const { rows: current } = await tx.query<{ set_spec: string }>('SELECT set_spec FROM oai_set_records WHERE record_id = $1', [id]);
  const have = new Set(current.map((r) => r.set_spec));
  const gone = [...have].filter((s) => !wanted.includes(s));
  const added = wanted.filter((s) => !have.has(s));
  if (gone.length) await tx.query('DELETE FROM oai_set_records WHERE record_id = $1 AND set_spec = ANY($2::text[])', [id, gone]);
  if (added.length) {
    // ON CONFLICT: a concurrent recompute may have inserted the same row (recompute.ts).
    await tx.query('INSERT INTO oai_set_records (set_spec, record_id) SELECT unnest($2::text[]), $1 ON CONFLICT DO NOTHING', [id, added]);
  }
}

async function syncMany(tx: Client, ids: string[]): Promise<void> {
  await lockSetDefinitionsShared(tx);
  const rules = await loadSetRules(tx);
  if (!rules.length || !ids.length) return;
  const defined = new Set(rules.map((r) => r.spec));
  const params: unknown[] = [ids];
  const selects = rules.map((r) => {
    params.push(toExpandedSpecs([r.spec], defined));
    const specs = `$${params.length}::text[]`;
    return `SELECT s.spec, r.id FROM records r CROSS JOIN unnest(${specs}) AS s(spec) WHERE r.id = ANY($1::text[]) AND ${toSetMatchSql(r, params, 'r')}`;
  });
  await tx.query(`INSERT INTO oai_set_records (set_spec, record_id) ${selects.join(' UNION ')} ON CONFLICT DO NOTHING`, params);
}

/**
 * The hooks that keep oai_set_records up to date. A deleted record keeps the memberships
 * it had, so a selective harvest of its sets reports the deletion (OAI-PMH 2.0 section
 * 2.5.1: deletions are persistent).
 */
export function createSetMembershipHooks(): RecordWriteHooks {
  return {
    async afterWrite(write) {
      if (write.deleted) return;
      await syncOne(write);
    },
    async afterBulkCreate(tx, ids) {
      await syncMany(tx, ids);
    },
  };
}
