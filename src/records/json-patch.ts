/**
 * RFC 6902 JSON Patch applied to a record's current version (the store's PATCH), through
 * fast-json-patch with the checks it lacks: RFC 6901 array indexes, `__proto__`, a move into
 * its own child, and every library exception turned into a 400 naming the operation.
 */
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { BadRequest, ValidationFailed } from '../errors.ts';
import type { GranaryRecord, RecordInput } from './types.ts';

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * Check an operation's JSON Pointers against the document the operation applies to, for what
 * fast-json-patch lets through or fails on with an exception: an array index with leading
 * zeros ("/titles/00": RFC 6901 section 4 forbids them, and the library read it as 0 in
 * `test`), `__proto__` (the library throws a TypeError), and a move into the moved value's
 * own child (RFC 6902 section 4.4). Returns the problem, or undefined.
 */
function toPointerProblem(doc: unknown, op: Operation): string | undefined {
  const pointers: [string, unknown][] = [['path', op.path]];
  if (op.op === 'move' || op.op === 'copy') pointers.push(['from', (op as { from?: unknown }).from]);
  for (const [name, pointer] of pointers) {
    if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) return `"${name}" must be a JSON Pointer (RFC 6901), such as "/titles/0".`;
    const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = doc;
    for (const [i, token] of tokens.entries()) {
      if (token === '__proto__') return `"${name}" names __proto__, which no record has.`;
      if (Array.isArray(node)) {
        const last = i === tokens.length - 1;
        if (!ARRAY_INDEX.test(token) && !(token === '-' && last && name === 'path' && op.op === 'add')) {
          return `"${name}": "${token}" is not an index of the array at "/${tokens.slice(0, i).join('/')}" (RFC 6901 section 4: digits without leading zeros).`;
        }
        node = node[Number(token)];
      } else if (node !== null && typeof node === 'object') {
        node = Object.hasOwn(node, token) ? (node as Record<string, unknown>)[token] : undefined;
      } else {
        break;
      }
    }
  }
  const from = (op as { from?: string }).from;
  if (op.op === 'move' && typeof from === 'string' && op.path.startsWith(`${from}/`)) {
    return `"from" is a proper prefix of "path": a value cannot be moved into one of its own children (RFC 6902 section 4.4).`;
  }
  return undefined;
}

/**
 * Apply an RFC 6902 patch, one operation at a time so that an error names the operation at
 * fault. Whatever the patch does wrong is a 400 naming it (RFC 5789 section 2.2), never an
 * exception out of the library: a document nested too deep for its deep clone, a value
 * of the wrong type. A patch may leave something that is no record (it removed or replaced
 * the whole document): that is a 422, as any PUT of a non-object would be.
 */
export function applyJsonPatch(current: GranaryRecord, ops: Operation[]): RecordInput {
  let doc: unknown = structuredClone(current);
  for (const [i, op] of ops.entries()) {
    const problem = toPointerProblem(doc, op);
    if (problem) throw new BadRequest(`The JSON Patch cannot be applied: operation ${i} ${problem}`, [{ pointer: `/${i}`, message: problem }]);
    try {
      doc = fastJsonPatch.applyOperation(doc, op, true, true, true, i).newDocument;
    } catch (err) {
      const message = err instanceof RangeError ? 'the value is nested too deeply' : `${(err as Error).name}: ${(err as Error).message.split('\n')[0]}`;
      throw new BadRequest(`The JSON Patch cannot be applied: operation ${i} failed.`, [{ pointer: `/${i}`, message }]);
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ValidationFailed('The patched document is not a record: a record is a JSON object.', [{ pointer: '', message: 'expected a JSON object' }]);
  }
  return doc as RecordInput;
}
