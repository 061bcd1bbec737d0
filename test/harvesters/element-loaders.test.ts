/**
 * The loaders' element entry points (the harvester's path: one parse per page) must read
 * exactly what their text entry points read from the same record serialized as a standalone
 * fragment (the path they replace), on every recorded feed, namespaces on ancestors included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDefaultLoaders, type Loader } from '../../harvesters/loaders.ts';
import { findElement, toXmlFragment } from '../../harvesters/oai-pmh/fragment.ts';
import { parseOaiResponse, toListRecordsPage } from '../../harvesters/oai-pmh/response.ts';
import { parseXmlSafely } from '../../src/xml/parse.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const loaders = createDefaultLoaders();

function outcome(read: () => unknown): unknown {
  try {
    return { ok: read() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const pages: [string, string, Loader][] = [
  ...['zenodo-invenio/ListRecords-oai_dc/page1.xml', 'zenodo-invenio/ListRecords-oai_dc/page2.xml', 'tethys-rdr/ListRecords/page1.xml', 'sickle-sample-data/ListRecords.xml',
    'dspace-mit/ListRecords-set.xml', 'dspace-erasmus-2003/ListRecords-2004-large.xml'].map((p) => [p, 'oai_dc', loaders.oai_dc!] as [string, string, Loader]),
  ['zenodo-invenio/ListRecords-datacite-page1.xml', 'datacite-xml', loaders['datacite-xml']!],
  ['inspire-invenio-legacy/ListRecords-marcxml.xml', 'marc21', loaders.marc21!],
];

describe('element loaders read what text loaders read', () => {
  for (const [path, name, loader] of pages) {
    it(`${name}: ${path}`, () => {
      const page = toListRecordsPage(parseOaiResponse(readFileSync(join(FIXTURES, 'oai-responses', path))));
      const withMetadata = page.records.filter((r) => r.metadata);
      expect(withMetadata.length).toBeGreaterThan(0);
      for (const rec of withMetadata) {
        const target = loader.xmlRoot ? findElement(rec.metadata!.element, rec.metadata!.namespaces, loader.xmlRoot) : rec.metadata!;
        expect(target, rec.identifier).toBeDefined();
        const viaText = outcome(() => loader.parse(toXmlFragment(target!.element, target!.namespaces)));
        const viaElement = outcome(() => loader.parseElement!(target!.element));
        expect(viaElement, rec.identifier).toEqual(viaText);
      }
    });
  }

  it('writes a fragment that reads back to the same text, a carriage return from &#13; included', () => {
    const el = parseXmlSafely('<a b="x&#13;y">one&#13;two &amp; &lt;three&gt;\nfour</a>');
    expect(el.children).toEqual(['one\rtwo & <three>\nfour']);
    const again = parseXmlSafely(toXmlFragment(el, {}));
    expect(again.children).toEqual(el.children);
    expect(again.attrs).toEqual(el.attrs);
  });

  it('oai_openaire: the OpenAIRE samples', () => {
    const dir = join(FIXTURES, 'openaire/samples');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.xml'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const loader = loaders.oai_openaire!;
      expect(outcome(() => loader.parseElement!(parseXmlSafely(text))), file).toEqual(outcome(() => loader.parse(text)));
    }
  });
});
