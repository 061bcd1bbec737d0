/**
 * OAI-PMH set definitions: list, get, create, replace and delete. Every change is one
 * transaction that writes the definition and an outbox event `set.changed` {setSpec};
 * the event's handler is recomputeSet (recompute.ts), which the outbox relay dispatches.
 * Until the relay runs in every deployment, the service also recomputes in-process right
 * after commit; recomputeSet is idempotent, so the relay's later run changes nothing.
 */
import { transaction, type Pool, type Queryable } from '../db/pool.ts';
import { Conflict, NotFound, ValidationFailed, DomainError, type FieldError } from '../errors.ts';
import { collectUnstorable } from '../text.ts';
import { parseQuery } from '../search/query-parser.ts';
import { lockSetDefinitionsExclusive } from './lock.ts';
import { recomputeSet, type RecomputeResult } from './recompute.ts';
import { isSetSpec, toParentSpecs } from './spec.ts';

/** A set as stored and as the REST API shows it. */
export interface OaiSet {
  spec: string;
  name: string;
  description: string | null;
  /** The search query of a query set; null for a static set. */
  query: string | null;
  /** A static set's explicit record ids (absent for query sets and in lists). */
  records?: string[];
  /** Records currently in the set (its children's included). */
  size: number;
  created: string;
  updated: string;
}

/** What a client sends to create or replace a set: `query` or `records`, not both. */
export interface OaiSetInput {
  spec: string;
  name: string;
  description?: string | null;
  query?: string | null;
  records?: string[];
}

export interface SetServiceDeps {
  pool: Pool;
  /** Recompute in-process after commit (default true); false when the outbox relay does it. */
  recomputeAfterCommit?: boolean;
  /** Told about each in-process recompute's outcome (or failure); the outbox event remains for a retry. */
  onRecomputed?: (spec: string, result: RecomputeResult | Error) => void;
}

const MAX_STATIC_RECORDS = 1_000_000;

/** Check a set input; throws ValidationFailed listing every problem with its JSON pointer. */
export function parseSetInput(body: unknown, specFromPath?: string): OaiSetInput {
  const errors: FieldError[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailed('A set must be a JSON object.', [{ pointer: '', message: 'expected a JSON object' }]);
  }
  const b = body as Record<string, unknown>;
  const spec = specFromPath ?? b.spec;
  if (typeof spec !== 'string' || !isSetSpec(spec)) {
    errors.push({ pointer: '/spec', message: "a setSpec: setTags of letters, digits and -_.!~*'() joined by ':' (e.g. community:physics)" });
  } else if (specFromPath !== undefined && b.spec !== undefined && b.spec !== specFromPath) {
    errors.push({ pointer: '/spec', message: `must equal the spec in the URL (${specFromPath}) or be left out` });
  }
  if (typeof b.name !== 'string' || !b.name.trim()) errors.push({ pointer: '/name', message: 'a non-empty string' });
  if (b.description !== undefined && b.description !== null && typeof b.description !== 'string') {
    errors.push({ pointer: '/description', message: 'a string or null' });
  }
  const hasQuery = b.query !== undefined && b.query !== null;
  const hasRecords = b.records !== undefined && b.records !== null;
  if (hasQuery && hasRecords) errors.push({ pointer: '/query', message: 'give either query (a query set) or records (a static set), not both' });
  if (hasQuery) {
    if (typeof b.query !== 'string' || !b.query.trim()) errors.push({ pointer: '/query', message: 'a non-empty search query, e.g. type:Dataset AND year:[2020 TO *]' });
    else {
      try {
        parseQuery(b.query);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ pointer: '/query', message: err.message });
      }
    }
  }
  if (hasRecords) {
    const r = b.records;
    if (!Array.isArray(r) || r.some((x) => typeof x !== 'string' || !x)) errors.push({ pointer: '/records', message: 'an array of record ids' });
    else if (r.length > MAX_STATIC_RECORDS) errors.push({ pointer: '/records', message: `at most ${MAX_STATIC_RECORDS} record ids` });
  }
  collectUnstorable(b, errors);
  if (errors.length) throw new ValidationFailed('The set definition is not valid.', errors);
  return {
    spec: spec as string,
    name: (b.name as string).trim(),
    description: (b.description as string | null | undefined) ?? null,
    query: hasQuery ? (b.query as string) : null,
    records: hasQuery ? undefined : [...new Set((b.records as string[] | undefined) ?? [])],
  };
}

interface SetRow {
  spec: string;
  name: string;
  description: string | null;
  query: string | null;
  created: string;
  updated: string;
  size: number;
}

function toOaiSet(row: SetRow, records?: string[]): OaiSet {
  const iso = (t: string) => new Date(t).toISOString();
  const set: OaiSet = { spec: row.spec, name: row.name, description: row.description, query: row.query, size: Number(row.size), created: iso(row.created), updated: iso(row.updated) };
  if (records) set.records = records;
  return set;
}

const SELECT_SET = `SELECT s.spec, s.name, s.description, s.query, s.created, s.updated,
  (SELECT count(*) FROM oai_set_records m WHERE m.set_spec = s.spec) AS size FROM oai_sets s`;

/** Every defined set, ordered by spec. */
export async function listSets(db: Queryable): Promise<OaiSet[]> {
  const { rows } = await db.query<SetRow>(`${SELECT_SET} ORDER BY s.spec`);
  return rows.map((r) => toOaiSet(r));
}

/** One set with, for a static set, its record ids. Throws NotFound. */
export async function getSet(db: Queryable, spec: string): Promise<OaiSet> {
  const { rows } = await db.query<SetRow>(`${SELECT_SET} WHERE s.spec = $1`, [spec]);
  if (!rows[0]) throw new NotFound(`No OAI set with spec ${spec}.`);
  if (rows[0].query !== null) return toOaiSet(rows[0]);
  const { rows: members } = await db.query<{ record_id: string }>('SELECT record_id FROM oai_set_static_members WHERE set_spec = $1 ORDER BY record_id', [spec]);
  return toOaiSet(rows[0], members.map((m) => m.record_id));
}

/** The set service: definition changes with their outbox event and recompute. */
export function createSetService(deps: SetServiceDeps) {
  const { pool } = deps;

  async function afterCommit(spec: string): Promise<void> {
    if (deps.recomputeAfterCommit === false) return;
    try {
      // Not `deps.onRecomputed?.(spec, await recomputeSet(...))`: optional chaining skips
      // evaluating the arguments when there is no callback, and nothing was recomputed.
      const result = await recomputeSet(pool, spec);
      deps.onRecomputed?.(spec, result);
    } catch (err) {
      // The outbox event stays; the relay retries it.
      deps.onRecomputed?.(spec, err as Error);
    }
  }

  async function write(input: OaiSetInput, mode: 'create' | 'replace'): Promise<OaiSet> {
    await transaction(pool, async (tx) => {
      await lockSetDefinitionsExclusive(tx);
      const { rows } = await tx.query<{ spec: string }>('SELECT spec FROM oai_sets WHERE spec = ANY($1::text[])', [[input.spec, ...toParentSpecs(input.spec)]]);
      const existing = new Set(rows.map((r) => r.spec));
      if (mode === 'create' && existing.has(input.spec)) throw new Conflict(`An OAI set with spec ${input.spec} already exists.`);
      if (mode === 'replace' && !existing.has(input.spec)) throw new NotFound(`No OAI set with spec ${input.spec}.`);
      // A child's parent must exist, so ListSets shows the whole hierarchy (OAI-PMH 2.0 section 4.6).
      const missing = toParentSpecs(input.spec).filter((p) => !existing.has(p));
      if (missing.length) throw new ValidationFailed(`Create the parent set ${missing[missing.length - 1]} first.`, [{ pointer: '/spec', message: `parent set ${missing.join(', ')} does not exist` }]);
      await tx.query(
        `INSERT INTO oai_sets (spec, name, description, query) VALUES ($1, $2, $3, $4)
         ON CONFLICT (spec) DO UPDATE SET name = $2, description = $3, query = $4, updated = now()`,
        [input.spec, input.name, input.description ?? null, input.query ?? null],
      );
      if (!input.query && input.records?.length) {
        // A static set names records that exist (deleted ones too: they are listed as deleted headers).
        const { rows: known } = await tx.query<{ id: string }>('SELECT id FROM records WHERE id = ANY($1::text[])', [input.records]);
        const found = new Set(known.map((r) => r.id));
        const unknown = input.records.flatMap((id, i) => (found.has(id) ? [] : [{ pointer: `/records/${i}`, message: `no record has the id ${JSON.stringify(id)}` }]));
        if (unknown.length) throw new ValidationFailed(`The set names ${unknown.length} unknown record${unknown.length > 1 ? 's' : ''}.`, unknown);
      }
      await tx.query('DELETE FROM oai_set_static_members WHERE set_spec = $1', [input.spec]);
      if (!input.query && input.records?.length) {
        await tx.query('INSERT INTO oai_set_static_members (set_spec, record_id) SELECT $1, unnest($2::text[])', [input.spec, input.records]);
      }
      await tx.query(`INSERT INTO outbox (type, payload) VALUES ('set.changed', $1)`, [{ setSpec: input.spec }]);
    });
    await afterCommit(input.spec);
    return getSet(pool, input.spec);
  }

  /** Delete a set (not one with child sets); its records leave it and get new datestamps. */
  async function remove(spec: string): Promise<void> {
    await transaction(pool, async (tx) => {
      await lockSetDefinitionsExclusive(tx);
      const { rows } = await tx.query<{ spec: string }>(`SELECT spec FROM oai_sets WHERE spec = $1 OR spec LIKE $2 ORDER BY spec`, [spec, `${spec.replace(/[\\%_]/g, '\\$&')}:%`]);
      if (!rows.some((r) => r.spec === spec)) throw new NotFound(`No OAI set with spec ${spec}.`);
      const children = rows.filter((r) => r.spec !== spec).map((r) => r.spec);
      if (children.length) throw new Conflict(`The set ${spec} has child sets (${children.join(', ')}); delete them first.`);
      await tx.query('DELETE FROM oai_sets WHERE spec = $1', [spec]);
      await tx.query(`INSERT INTO outbox (type, payload) VALUES ('set.changed', $1)`, [{ setSpec: spec }]);
    });
    await afterCommit(spec);
  }

  return {
    list: () => listSets(pool),
    get: (spec: string) => getSet(pool, spec),
    create: (input: OaiSetInput) => write(input, 'create'),
    replace: (input: OaiSetInput) => write(input, 'replace'),
    remove,
  };
}

/** The set service's interface. */
export type SetService = ReturnType<typeof createSetService>;
