/**
 * Record validation against the versioned JSON Schemas in schemas/. Every schema file is
 * loaded once and registered by its `$id`; a document is checked against the schema its
 * `$schema` names. Errors come back as FieldError (JSON pointer + what is allowed).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ValidationFailed, type FieldError } from '../errors.ts';
import { collectUnstorable, escapeToken } from '../text.ts';
import { RECORD_SCHEMA_ID } from './types.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The repository's schemas/ folder. */
export const DEFAULT_SCHEMAS_DIR = resolve(import.meta.dirname, '../../schemas');

/** Validates record documents; built once, reused for every record. */
export interface RecordValidator {
  /**
   * The problems with `doc`, or [] when it is valid. `kind` is the folder under schemas/ whose
   * schemas `doc` may name: a record may not declare itself a harvest source, nor the reverse.
   */
  validate(doc: unknown, kind?: 'records' | 'harvest'): FieldError[];
  /** Throws ValidationFailed listing every problem when `doc` is not valid. */
  assertValid(doc: unknown): void;
  /** The `$id`s of the loaded schemas. */
  schemaIds: string[];
}

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function toFieldError(e: ErrorObject): FieldError {
  const at = e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      // Point AT the offending property, not at its parent object.
      const name = String(p.additionalProperty ?? p.unevaluatedProperty);
      return { pointer: `${at}/${escapeToken(name)}`, message: `unknown property '${name}'` };
    }
    case 'required': {
      const name = String(p.missingProperty);
      return { pointer: `${at}/${escapeToken(name)}`, message: `'${name}' is required` };
    }
    case 'enum':
      return { pointer: at, message: `must be one of: ${quoteList(p.allowedValues as unknown[])}` };
    case 'const':
      return { pointer: at, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'type':
      return { pointer: at, message: `must be of type ${String(p.type)}` };
    case 'pattern':
      return { pointer: at, message: `must match the pattern ${String(p.pattern)}` };
    case 'format':
      return { pointer: at, message: `must be a valid ${String(p.format)}` };
    default:
      return { pointer: at, message: e.message ?? e.keyword };
  }
}

/** Drops the follow-on errors of `if`/`then` and duplicates so each problem is listed once. */
function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    if (e.keyword === 'if') continue;
    const fe = toFieldError(e);
    const key = `${fe.pointer}\u0000${fe.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fe);
  }
  return out;
}

/**
 * Loads every JSON Schema under `schemasDir` and returns a validator that picks the schema
 * by the document's `$schema` (defaulting to the current record schema when absent).
 */
export function createRecordValidator(schemasDir: string = DEFAULT_SCHEMAS_DIR): RecordValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  const ids: string[] = [];
  for (const file of listJsonFiles(schemasDir)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    if (!schema.$id) throw new Error(`${file} has no $id`);
    ajv.addSchema(schema);
    ids.push(schema.$id);
  }
  const compiled = new Map<string, ValidateFunction>();
  for (const id of ids) compiled.set(id, ajv.getSchema(id) as ValidateFunction);

  function validate(doc: unknown, kind: 'records' | 'harvest' = 'records'): FieldError[] {
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      return [{ pointer: '', message: 'must be a JSON object' }];
    }
    const declared = (doc as { $schema?: unknown }).$schema;
    const id = declared === undefined ? RECORD_SCHEMA_ID : declared;
    const allowed = ids.filter((i) => i.startsWith(`local://${kind}/`));
    const fn = typeof id === 'string' && allowed.includes(id) ? compiled.get(id) : undefined;
    if (!fn) {
      return [{ pointer: '/$schema', message: `unknown schema; allowed: ${quoteList(allowed)}` }];
    }
    const errors = fn(doc) ? [] : toFieldErrors(fn.errors);
    collectUnstorable(doc, errors);
    return errors;
  }

  return {
    validate,
    assertValid(doc) {
      const errors = validate(doc);
      if (errors.length) {
        throw new ValidationFailed(`The record is not valid (${errors.length} problem${errors.length > 1 ? 's' : ''}).`, errors);
      }
    },
    schemaIds: ids,
  };
}
