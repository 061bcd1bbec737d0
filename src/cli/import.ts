/**
 * `granary import <file|dir|->`: JSON Lines of internal records, or DataCite XML files.
 * Streams its input, commits per batch, and reports every rejected record with its line
 * (or file) and reason. Stops at the first bad record only with --strict.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import type { Readable } from 'node:stream';
import { prepareBatch, writeBatch, type BulkItem, type BulkResult, type Rejected } from '../records/bulk.ts';
import type { RecordValidator } from '../records/store.ts';
import type { RecordWriteHooks } from '../records/hooks.ts';
import type { Pool } from '../db/pool.ts';
import type { RecordInput } from '../records/types.ts';
import { DomainError } from '../errors.ts';
import type { Progress } from './progress.ts';

export interface ImportDeps {
  pool: Pool;
  validator: RecordValidator;
  hooks?: RecordWriteHooks;
  /** Loaders by file extension for non-JSON files (e.g. .xml → DataCite XML). */
  loaders: Record<string, (text: Buffer) => RecordInput>;
}

export interface ImportSummary {
  created: number;
  rejected: Rejected[];
  stoppedEarly: boolean;
}

/** One line of JSON Lines as an item, or its rejection. */
function jsonLine(line: string, position: string): BulkItem | Rejected {
  try {
    const value = JSON.parse(line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { position, errors: [{ pointer: '', message: 'expected a JSON object on this line' }] };
    }
    if (Object.hasOwn(value, '$deleted')) {
      return { position, errors: [{ pointer: '/$deleted', message: 'a deleted record (from export --include-deleted); import does not bring deleted records back' }] };
    }
    return { position, input: value as RecordInput };
  } catch (err) {
    return { position, errors: [{ pointer: '', message: `invalid JSON: ${(err as Error).message}` }] };
  }
}

const EOL = /\r\n|\r|\n/g;
const BOM = 0xfeff;

/**
 * JSON Lines, a chunk of items per chunk of input. Splitting chunks by hand rather than
 * with node:readline, and yielding arrays rather than single items, spares an async
 * iteration step per line (a few µs of Node CPU per record, measured on 20,000 generated
 * records). Lines end at LF, CRLF or a lone CR, as readline's do, and are numbered from 1
 * for error reports. A UTF-8 byte order mark before the first line is skipped. Each chunk
 * is scanned once: a line longer than a chunk is kept as pieces and joined at its end, so
 * a 50 MB line costs linear time, not a rescan of everything before it per chunk.
 */
export async function* jsonLines(input: Readable, name: string): AsyncGenerator<(BulkItem | Rejected)[]> {
  input.setEncoding('utf8'); // a multi-byte character split between chunks is joined again
  let n = 0;
  /** The pieces of the line not yet ended (they hold no line end). */
  let pending: string[] = [];
  let lastWasCr = false;
  let first = true;
  const take = (line: string, out: (BulkItem | Rejected)[]) => {
    n++;
    if (line.trim()) out.push(jsonLine(line, `${name}:${n}`));
  };
  for await (let chunk of input as AsyncIterable<string>) {
    if (first && chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1);
    first = false;
    // A CRLF split between chunks: the LF belongs to the line the CR ended.
    if (lastWasCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    const out: (BulkItem | Rejected)[] = [];
    let start = 0;
    EOL.lastIndex = 0;
    for (let m = EOL.exec(chunk); m; m = EOL.exec(chunk)) {
      const piece = chunk.slice(start, m.index);
      take(pending.length ? pending.join('') + piece : piece, out);
      pending = [];
      start = EOL.lastIndex;
    }
    lastWasCr = chunk.charCodeAt(chunk.length - 1) === 13;
    if (start < chunk.length) pending.push(chunk.slice(start));
    if (out.length) yield out;
  }
  if (pending.length) {
    const out: (BulkItem | Rejected)[] = [];
    take(pending.join(''), out);
    yield out;
  }
}

/**
 * A .json file: one JSON document, a record or an array of records, however it is laid
 * out (a pretty-printed record is not read line by line). A file that is not one document
 * is read as JSON Lines, as .json files were before. The file is read whole; JSON Lines
 * (.jsonl) is the streaming form for large imports.
 */
async function* jsonDocument(file: string): AsyncGenerator<(BulkItem | Rejected)[]> {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === BOM) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // JSON Lines in a .json file: its first line is a whole document. Otherwise this is one
    // document with a mistake, reported once with its line and column (read line by line,
    // a pretty-printed record gave a meaningless "invalid JSON" for every line).
    const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
    if (isJson(firstLine)) {
      yield* jsonLines(createReadStream(file), file);
      return;
    }
    yield [{ position: file, errors: [{ pointer: '', message: `not valid JSON: ${toJsonErrorPlace(err as Error, text)}` }] }];
    return;
  }
  const list = Array.isArray(doc) ? doc : [doc];
  yield list.map((value, i) => {
    const position = Array.isArray(doc) ? `${file}: item ${i + 1}` : file;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { position, errors: [{ pointer: '', message: 'expected a JSON object (a record) or an array of them' }] };
    }
    return { position, input: value as RecordInput };
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON.parse's message with the line and column of the offset it names ("at position 812"). */
function toJsonErrorPlace(err: Error, text: string): string {
  const at = /at position (\d+)/.exec(err.message);
  if (!at) return err.message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${err.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/** The files of `path` (itself, or a directory's files at any depth, symbolic links to files included), hidden ones left out. */
function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && (e.isFile() || (e.isSymbolicLink() && isFileTarget(join(e.parentPath, e.name)))))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function isFileTarget(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling link
  }
}

async function* items(source: string, deps: ImportDeps): AsyncGenerator<(BulkItem | Rejected)[]> {
  if (source === '-') {
    yield* jsonLines(process.stdin, 'stdin');
    return;
  }
  const files = listFiles(source);
  // An empty directory (or one of hidden files only) is a mistake to report, not "0 imported".
  if (!files.length) yield [{ position: source, errors: [{ pointer: '', message: 'no files to import here (hidden files are skipped)' }] }];
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    if (ext === '.jsonl' || ext === '.ndjson') {
      yield* jsonLines(createReadStream(file), file);
      continue;
    }
    if (ext === '.json') {
      yield* jsonDocument(file);
      continue;
    }
    const loader = deps.loaders[ext];
    if (!loader) {
      yield [{ position: file, errors: [{ pointer: '', message: `no loader for "${ext}" files (known: .jsonl, .ndjson, .json, ${Object.keys(deps.loaders).join(', ')})` }] }];
      continue;
    }
    try {
      yield [{ position: file, input: loader(readFileSync(file)) }];
    } catch (err) {
      const details = err instanceof DomainError && err.details.length ? err.details : [{ pointer: '', message: (err as Error).message }];
      yield [{ position: file, errors: details }];
    }
  }
}

export async function runImport(
  source: string,
  deps: ImportDeps,
  opts: {
    strict?: boolean;
    batchSize?: number;
    /**
     * Batches written at once, each on its own connection (default 1). 2 suits a server
     * PostgreSQL on 2+ cores; PGlite has one connection, so it must stay 1. --strict
     * always writes one batch at a time, so it can stop right after the first rejection.
     */
    writers?: number;
    progress?: Progress;
    onRejected?: (r: Rejected) => void;
  },
): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? 1000;
  const writers = opts.strict ? 1 : Math.max(1, Math.floor(opts.writers ?? 1));
  const summary: ImportSummary = { created: 0, rejected: [], stoppedEarly: false };
  let batch: BulkItem[] = [];
  const reject = (r: Rejected) => {
    summary.rejected.push(r);
    opts.onRejected?.(r);
  };
  // Up to `writers` writes in flight while the next batch is validated: CPU (ajv) and
  // database overlap. Results are accounted in batch order whatever order writes finish in,
  // and a line that was no JSON is reported with the batch it was read in, in its place, so
  // rejections come out in input order.
  const inFlight: Promise<void>[] = [];
  let accounted: Promise<void> = Promise.resolve();
  const settle = async () => {
    while (inFlight.length) await inFlight.shift();
  };
  // Input order of the items read since the last flush, good and bad.
  let seq = new Map<string, number>();
  let unreadable: Rejected[] = [];
  const account = (res: BulkResult, n: number, bad: Rejected[], order: Map<string, number>) => {
    summary.created += res.created.length;
    const at = (r: Rejected) => order.get(r.position) ?? Number.MAX_SAFE_INTEGER;
    [...bad, ...res.rejected].sort((a, b) => at(a) - at(b)).forEach(reject);
    opts.progress?.tick(n + bad.length);
  };
  const flush = async () => {
    if (!batch.length && !unreadable.length) return;
    const n = batch.length;
    const bad = unreadable;
    const order = seq;
    unreadable = [];
    seq = new Map();
    if (!n) {
      // Only unreadable lines since the last batch: reported after the batches before them.
      const done = accounted.then(() => account({ created: [], rejected: [] }, 0, bad, order));
      accounted = done;
      inFlight.push(done);
      return;
    }
    const prepared = prepareBatch({ validator: deps.validator }, batch);
    batch = [];
    if (opts.strict) await settle();
    else while (inFlight.length >= writers) await inFlight.shift();
    if (opts.strict && summary.rejected.length) return;
    const deps2 = { pool: deps.pool, validator: deps.validator, hooks: deps.hooks };
    if (opts.strict) {
      account(await writeBatch(deps2, prepared, { strict: true }), n, bad, order);
      return;
    }
    const write = writeBatch(deps2, prepared);
    const done = accounted.then(() => write).then((res) => account(res, n, bad, order));
    accounted = done;
    // Handled here so a failure is not an unhandled rejection before it is awaited; the
    // awaits in settle() and above still throw it.
    done.catch(() => undefined);
    inFlight.push(done);
  };
  read: for await (const chunk of items(source, deps)) {
    for (const item of chunk) {
      seq.set(item.position, seq.size);
      if ('errors' in item) {
        if (opts.strict) {
          // --strict stops at the first bad record (its batch is not written, as when a record fails validation).
          reject(item);
          opts.progress?.tick(1);
          break read;
        }
        unreadable.push(item);
        continue;
      }
      batch.push(item);
      if (batch.length >= batchSize) {
        await flush();
        if (opts.strict && summary.rejected.length) break read;
      }
    }
  }
  if (!(opts.strict && summary.rejected.length)) await flush();
  await settle();
  summary.stoppedEarly = Boolean(opts.strict && summary.rejected.length);
  // A large import changes the table's statistics at once, and autovacuum analyzes only
  // after its next nap (a minute by default): searches right after the import would be
  // planned for the table as it was. PostgreSQL's "Populating a Database" (14.4.8) says to
  // run ANALYZE after loading; on 100,000 records it takes a fraction of a second.
  if (summary.created >= ANALYZE_AFTER) await deps.pool.query('ANALYZE records');
  return summary;
}

/** Imports of at least this many records analyze the table when they end. */
const ANALYZE_AFTER = 1000;
