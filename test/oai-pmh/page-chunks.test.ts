/**
 * readPageChunks at chunk sizes smaller than the page (the list suites run with pages of 5,
 * read in one query): every record once and in order across chunks and pages, `more` and
 * `consumed` exact at every list length, and pages of items the format cannot give skipped.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Format } from '../../serializers/format.ts';
import { dublinCoreFormat } from '../../serializers/dublin-core/format.ts';
import { createOaiContext, type OaiContext } from '../../protocols/oai-pmh/context.ts';
import { readPageChunks } from '../../protocols/oai-pmh/page-chunks.ts';
import type { ListState } from '../../protocols/oai-pmh/token.ts';
import { createOaiHarness, toFormatSource, toTestConfig, toTestRecord, type OaiHarness } from './harness.ts';

const PAGE = 5;

/** Read the whole list page by page with chunks of `chunk` rows; returns the ids per page and each page's end. */
async function readAll(ctx: OaiContext, format: Format, chunk: number) {
  let state: ListState = { verb: 'ListRecords', metadataPrefix: format.oai!.metadataPrefix, set: null, from: null, until: null, after: null, cursor: 0, completeListSize: -1 };
  const pages: { ids: string[]; chunks: number[]; more: boolean; consumed: number }[] = [];
  for (;;) {
    const it = readPageChunks(ctx, state, format, chunk);
    const ids: string[] = [];
    const chunks: number[] = [];
    let next = await it.next();
    while (!next.done) {
      expect(next.value.length).toBeGreaterThan(0);
      chunks.push(next.value.length);
      ids.push(...next.value.map((r) => r.id));
      next = await it.next();
    }
    const { more, consumed, last } = next.value;
    pages.push({ ids, chunks, more, consumed });
    if (!more) return pages;
    state = { ...state, after: { datestamp: last!.datestamp, id: last!.id }, cursor: state.cursor + consumed };
  }
}

describe('readPageChunks', () => {
  let h: OaiHarness;
  let ctx: OaiContext;
  const ids: string[] = [];

  beforeAll(async () => {
    h = await createOaiHarness('pglite', { pageSize: PAGE });
    ctx = createOaiContext({ pool: h.db.pool, config: toTestConfig({ pageSize: PAGE }), formats: toFormatSource([dublinCoreFormat]) });
  }, 60_000);
  afterAll(() => h?.close());

  test('every record once, in order, at every list length from 0 to 11, with chunks of 1, 2 and 3', async () => {
    for (let n = 0; n <= 11; n++) {
      if (n > 0) ids.push(await h.create(toTestRecord(`Chunked ${n}`)));
      for (const chunk of [1, 2, 3]) {
        const pages = await readAll(ctx, dublinCoreFormat, chunk);
        expect(pages.flatMap((p) => p.ids)).toEqual(ids);
        // Pages of 5 exactly; no empty extra page when n is a multiple of 5.
        expect(pages.map((p) => p.ids.length)).toEqual(n === 0 ? [0] : Array.from({ length: Math.ceil(n / PAGE) }, (_, i) => Math.min(PAGE, n - i * PAGE)));
        expect(pages.map((p) => p.more)).toEqual(pages.map((_, i) => i < pages.length - 1));
        expect(pages.map((p) => p.consumed)).toEqual(pages.map((p) => p.ids.length));
        for (const p of pages) expect(p.chunks.every((c) => c <= chunk)).toBe(true);
      }
    }
  });

  test('items the format cannot give are left out; a page of nothing else is skipped, its positions still counted', async () => {
    // ids holds 11 records from the test above; give only the last two.
    const wanted = new Set(ids.slice(-2));
    const picky: Format = { ...dublinCoreFormat, oai: { ...dublinCoreFormat.oai!, metadataPrefix: 'picky' }, supports: (r) => wanted.has(r.id) };
    for (const chunk of [1, 2, 3]) {
      const pages = await readAll(ctx, picky, chunk);
      expect(pages.flatMap((p) => p.ids)).toEqual(ids.slice(-2));
      expect(pages.reduce((s, p) => s + p.consumed, 0)).toBe(ids.length);
      expect(pages[0].ids.length).toBeGreaterThan(0);
    }
  });

  test('a page promises another only when an item the format gives follows (no token to an empty page, OAI-PMH 3.5)', async () => {
    // Give the first six of the 11 records only: the rows after them are all left out, so
    // the page ending at the fifth says more (the sixth follows), the one with the sixth says no more.
    for (const k of [5, 6, 7, 10]) {
      const wanted = new Set(ids.slice(0, k));
      const picky: Format = { ...dublinCoreFormat, oai: { ...dublinCoreFormat.oai!, metadataPrefix: 'picky' }, supports: (r) => wanted.has(r.id) };
      for (const chunk of [1, 2, 3]) {
        const pages = await readAll(ctx, picky, chunk);
        expect(pages.flatMap((p) => p.ids)).toEqual(ids.slice(0, k));
        // Every page read has items: no token ever leads to an empty page.
        expect(pages.every((p) => p.ids.length > 0)).toBe(true);
        expect(pages.at(-1)!.more).toBe(false);
      }
    }
  });
});
