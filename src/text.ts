/**
 * Text Granary can store. PostgreSQL rejects U+0000 in text and jsonb values (SQLSTATE 22021
 * and 22P05), and an unpaired surrogate is not a Unicode scalar value: RFC 8259 section 8.2
 * leaves such JSON strings' behaviour unpredictable, and jsonb rejects their escapes. Both
 * are refused at the edge, naming where they were found, instead of failing deep in SQL.
 */

import type { FieldError } from './errors.ts';

// With the `u` flag a surrogate range matches only unpaired surrogates; pairs are one code point.
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/u;

/** Why `s` cannot be stored, or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  const m = UNSTORABLE.exec(s);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const at = `at character ${m.index + 1}`;
  return code === 0 ? `must not contain U+0000 (NUL), found ${at}` : `must not contain an unpaired surrogate (U+${code.toString(16).toUpperCase()}), found ${at}`;
}

/** Escapes one reference token for a JSON pointer (RFC 6901 section 3). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

// Any U+0000 or surrogate, paired or not: a cheap first test; pairs are sorted out by unstorableText.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

/** True when some key or string may be unstorable. Deeper than 64 levels it says "maybe" (true). */
function hasUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return MAYBE_UNSTORABLE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (depth > 64) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (hasUnstorable(v, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    if (MAYBE_UNSTORABLE.test(k) || hasUnstorable((value as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

/**
 * Adds a FieldError for every key or string value PostgreSQL cannot store.
 * Iterative, so a body nested thousands of levels deep cannot exhaust the stack.
 */
export function collectUnstorable(doc: unknown, out: FieldError[]): void {
  if (!hasUnstorable(doc)) return; // the common case, without building a pointer per value
  const stack: Array<[unknown, string]> = [[doc, '']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, pointer] = item;
    if (typeof value === 'string') {
      const why = unstorableText(value);
      if (why) out.push({ pointer, message: why });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value).reverse()) {
        const at = `${pointer}/${escapeToken(k)}`;
        const why = unstorableText(k);
        if (why) out.push({ pointer: at, message: `property name ${why}` });
        stack.push([v, at]);
      }
    }
  }
}
