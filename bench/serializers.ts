/**
 * npm run bench:serializers — serializations per second per format over the DataCite
 * fixture corpus, and formatted citations per second end to end over HTTP, as a ratio to
 * citeproc-js makeBibliography on a cached engine in the same process.
 */
import { serve } from '@hono/node-server';
import CSL from 'citeproc';
import { createFormatRegistry } from '../serializers/registry.ts';
import { createCslCatalog } from '../serializers/citation/catalog.ts';
import { toCsl } from '../serializers/csl/to-csl.ts';
import { openEmbeddedDatabase } from '../src/db/pool.ts';
import { createGranary } from '../src/app.ts';
import { importBatch } from '../src/records/bulk.ts';
import { createRecordValidator } from '../src/records/schema.ts';
import { loadConfig } from '../src/config.ts';
import type { GranaryRecord } from '../src/records/types.ts';
import { freePort } from '../test/setup/services.ts';
import { dataciteFixtureRecords } from '../test/serializers/csl/corpus-datacite.ts';
import { line } from './support.ts';

const BASE = 'https://repo.example.org';
const validator = createRecordValidator();

/** The schema-valid DataCite fixtures, as the serializer suites see them. */
function corpus(): GranaryRecord[] {
  return dataciteFixtureRecords().filter((r) => validator.validate(r).length === 0);
}

/** Run fn over the records repeatedly for about `ms`; returns operations per second. */
function rate(records: GranaryRecord[], fn: (r: GranaryRecord) => unknown, ms = 1500): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (const r of records) {
      fn(r);
      n++;
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

async function main() {
  const records = corpus();
  const registry = createFormatRegistry();
  process.stdout.write(`bench:serializers — ${records.length} schema-valid DataCite fixture records\n`);
  for (const format of registry.listFormats()) {
    if (registry.isListOnly(format)) continue;
    const ok = records.filter((r) => !format.supports || format.supports(r));
    const opts = format.id === 'citation' ? { baseUrl: BASE, style: 'apa' } : { baseUrl: BASE };
    // Warm-up: the first citation builds the style's engine (1-2 s for APA); we measure the cached engine.
    format.serialize(ok[0], opts);
    line(`serialize ${format.id}`, `${rate(ok, (r) => format.serialize(r, opts)).toFixed(0)} /s`, `${ok.length} records it supports`);
  }

  // Peer: citeproc-js on one cached engine, in process (no HTTP, no database, no negotiation).
  // The registry is emptied before each render, as our renderer does: otherwise citeproc
  // returns its cached rendering of an id it has seen, which measures a lookup, not a citation.
  const catalog = createCslCatalog();
  const apa = catalog.styles.get('apa')!;
  const items = new Map(records.map((r) => [r.id, { ...toCsl(r, { baseUrl: BASE }), id: r.id }]));
  const engine = new CSL.Engine({ retrieveLocale: (l: string) => catalog.locales.get(l) ?? catalog.locales.get('en-US') ?? false, retrieveItem: (id: string) => items.get(id) }, apa.xml, 'en-US');
  const peer = rate(records, (r) => {
    engine.updateItems([]);
    engine.updateItems([r.id]);
    return engine.makeBibliography();
  }, 3000);

  // End to end: GET /api/records/{id} with Accept: text/x-bibliography over a real socket.
  const db = await openEmbeddedDatabase('memory://');
  const config = loadConfig({ GRANARY_DATA_DIR: '/tmp/granary-bench-ser', GRANARY_SECRET: 'bench-secret-0123456789', GRANARY_BASE_URL: BASE });
  const g = await createGranary(config, db);
  const res = await importBatch({ pool: db.pool, validator }, records.map((r, i) => ({ position: String(i), input: r })));
  const port = await freePort();
  const server = serve({ fetch: g.app.fetch, port, hostname: '127.0.0.1' });
  const ids = res.created;
  const concurrency = 4;
  // Warm-up request: builds the server's cached engine for apa before timing, as the peer's is built.
  await (await fetch(`http://127.0.0.1:${port}/api/records/${ids[0]}`, { headers: { Accept: 'text/x-bibliography; style=apa' } })).text();
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + 5000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < deadline; i += concurrency) {
        const r = await fetch(`http://127.0.0.1:${port}/api/records/${ids[i % ids.length]}`, { headers: { Accept: 'text/x-bibliography; style=apa' } });
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        await r.text();
        done++;
      }
    }),
  );
  const http = done / ((performance.now() - t0) / 1000);
  server.close();
  await g.close();
  line('citeproc makeBibliography, cached engine (peer)', `${peer.toFixed(0)} /s`, 'apa, same process');
  line('text/x-bibliography over HTTP (PGlite)', `${http.toFixed(0)} /s`, `${concurrency} concurrent clients`);
  line('HTTP / peer ratio', (http / peer).toFixed(2), 'aim ≥ 0.50');
}

await main();
