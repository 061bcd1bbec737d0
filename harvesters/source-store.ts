/**
 * The `harvest_sources` table: create, list, get, replace and remove sources. Every write is
 * validated with defineHarvestSource first.
 */
import type { Queryable } from '../src/db/pool.ts';
import { Conflict, NotFound } from '../src/errors.ts';
import type { RecordValidator } from '../src/records/schema.ts';
import { defineHarvestSource, type HarvestSource } from './source.ts';

/** CRUD over configured sources. */
export function createHarvestSourceStore(deps: { pool: Queryable; validator: RecordValidator }) {
  const { pool, validator } = deps;

  async function create(input: unknown): Promise<HarvestSource> {
    const src = defineHarvestSource(validator, input);
    const res = await pool.query(`INSERT INTO harvest_sources (id, json) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [src.id, src]);
    if (res.rowCount === 0) throw new Conflict(`A harvest source with id ${src.id} exists.`, [{ pointer: '/id', message: `"${src.id}" is taken; choose another id or PUT to replace it` }]);
    return src;
  }

  async function list(): Promise<HarvestSource[]> {
    const { rows } = await pool.query<{ json: HarvestSource }>(`SELECT json FROM harvest_sources ORDER BY id`);
    return rows.map((r) => r.json);
  }

  async function get(id: string): Promise<HarvestSource> {
    const { rows } = await pool.query<{ json: HarvestSource }>(`SELECT json FROM harvest_sources WHERE id = $1`, [id]);
    if (!rows[0]) throw new NotFound(`No harvest source with id ${id}.`);
    return rows[0].json;
  }

  /** Replace a source. Its id cannot change: harvested records' source PIDs contain it. */
  async function replace(id: string, input: unknown): Promise<HarvestSource> {
    const src = defineHarvestSource(validator, { ...(input as object), id: (input as { id?: unknown })?.id ?? id });
    if (src.id !== id) throw new Conflict('A source id cannot change.', [{ pointer: '/id', message: `must be "${id}"` }]);
    const res = await pool.query(`UPDATE harvest_sources SET json = $2, updated = now() WHERE id = $1`, [id, src]);
    if (res.rowCount === 0) throw new NotFound(`No harvest source with id ${id}.`);
    return src;
  }

  /** Remove a source with its state and run history; the records it harvested stay. */
  async function remove(id: string): Promise<void> {
    const res = await pool.query(`DELETE FROM harvest_sources WHERE id = $1`, [id]);
    if (res.rowCount === 0) throw new NotFound(`No harvest source with id ${id}.`);
  }

  return { create, list, get, replace, remove };
}

export type HarvestSourceStore = ReturnType<typeof createHarvestSourceStore>;
