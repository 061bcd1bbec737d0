import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BadRequest } from '../../../src/errors.ts';
import { createCitationRenderer } from '../../../serializers/citation/render.ts';
import { UnknownCitationLocale, UnknownCitationStyle } from '../../../serializers/citation/errors.ts';
import { createCitationFormat } from '../../../serializers/citation/format.ts';
import { toCsl } from '../../../serializers/csl/to-csl.ts';
import { BASE_URL, articleRecord, corpusRecords } from '../csl/corpus.ts';

const renderer = createCitationRenderer();
const article = toCsl(articleRecord(), { baseUrl: BASE_URL });

describe('bundled styles', () => {
  const required = [
    'apa', 'harvard-cite-them-right', 'chicago-author-date', 'ieee', 'vancouver-nlm', 'modern-language-association',
    'nature', 'elsevier-harvard', 'american-chemical-society', 'american-medical-association',
  ];
  it('include the ten required ones and the required locales', () => {
    const ids = renderer.listStyles().map((s) => s.id);
    for (const id of required) expect(ids).toContain(id);
    for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES']) expect(renderer.listLocales()).toContain(l);
  });

  it.each(renderer.listStyles().map((s) => [s.id]))('%s renders every corpus record', (style) => {
    for (const record of corpusRecords()) {
      const text = renderer.render([toCsl(record, { baseUrl: BASE_URL })], { style });
      expect(text.trim().length, `${style} / ${record.id}`).toBeGreaterThan(0);
      expect(text).not.toMatch(/\[CSL STYLE ERROR/);
    }
  });
});

describe('hand-verified citations of the reference article', () => {
  it.each([
    ['apa', undefined, 'Curie, M., & Bohr, N. (2021). On radioactive substances. Journal of Physics, 12(3), 100–110. https://doi.org/10.5281/zenodo.123456'],
    ['ieee', undefined, '[1] M. Curie and N. Bohr, “On radioactive substances,” Journal of Physics, vol. 12, no. 3, pp. 100–110, Mar. 2021, doi: 10.5281/zenodo.123456.'],
    ['harvard-cite-them-right', undefined, 'Curie, M. and Bohr, N. (2021) “On radioactive substances,” Journal of Physics, 12(3), pp. 100–110. Available at: https://doi.org/10.5281/zenodo.123456.'],
    ['nature', undefined, '1.  Curie, M. & Bohr, N. On radioactive substances. Journal of Physics 12, 100–110 (2021).'],
    ['vancouver', undefined, '1. Curie M, Bohr N. On radioactive substances. Journal of Physics. 2021 Mar 15;12(3):100–10. doi:10.5281/zenodo.123456'],
    ['chicago-author-date', 'de-DE', 'Curie, Marie, und Niels Bohr. 2021. „On Radioactive Substances“. Journal of Physics 12 (3): 100–110. https://doi.org/10.5281/zenodo.123456.'],
  ] as const)('%s (%s)', (style, locale, expected) => {
    expect(renderer.render([article], { style, locale })).toBe(expected);
  });

  it('knows the pre-2024 Chicago notes ids citation tools still send', () => {
    const notes = renderer.render([article], { style: 'chicago-notes-bibliography' });
    expect(renderer.render([article], { style: 'chicago-fullnote-bibliography' })).toBe(notes);
    expect(renderer.render([article], { style: 'chicago-note-bibliography' })).toBe(notes);
  });

  it('renders html with escaped markup on request', () => {
    const html = renderer.render([article], { style: 'apa', output: 'html' });
    expect(html).toContain('<div class="csl-entry">Curie, M., &#38; Bohr, N. (2021).');
    expect(html).toContain('<i>Journal of Physics</i>');
  });

  it('renders a list as one entry per line, sorted by the style', () => {
    const two = renderer.render([article, { ...article, id: 'b', author: [{ family: 'Adams', given: 'Ann' }] }], { style: 'apa' });
    const lines = two.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Adams, A\./);
  });
});

describe('unknown styles and locales', () => {
  it('throws a BadRequest naming the styles list, never falling back to APA', () => {
    expect(() => renderer.render([article], { style: 'no-such-style' })).toThrow(UnknownCitationStyle);
    try {
      renderer.render([article], { style: 'no-such-style' });
    } catch (e) {
      expect(e).toBeInstanceOf(BadRequest);
      expect((e as Error).message).toContain('/api/citation-styles');
    }
  });

  it('rejects unknown locales and accepts a bare language tag', () => {
    expect(() => renderer.check({ locale: 'xx-YY' })).toThrow(UnknownCitationLocale);
    expect(renderer.check({ locale: 'de' }).locale).toBe('de-DE');
    expect(renderer.check({ locale: 'en_gb' }).locale).toBe('en-GB');
    expect(renderer.check({ style: 'http://www.zotero.org/styles/apa' }).style).toBe('apa');
  });
});

describe('extra styles directory', () => {
  it('adds a style from a .csl file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'granary-styles-'));
    const ieee = readFileSync(fileURLToPath(new URL('../../../serializers/citation/styles/ieee.csl', import.meta.url)), 'utf8');
    writeFileSync(join(dir, 'my-ieee.csl'), ieee.replace(/<title>[^<]*<\/title>/, '<title>My IEEE</title>'));
    const extra = createCitationRenderer({ extraStylesDir: dir });
    expect(extra.listStyles().find((s) => s.id === 'my-ieee')?.title).toBe('My IEEE');
    expect(extra.render([article], { style: 'my-ieee' })).toMatch(/^\[1\] M\. Curie and N\. Bohr/);
  });
});

describe('citation format', () => {
  it('serializes a record through toCsl with style and locale options', () => {
    const format = createCitationFormat(renderer);
    expect(format.serialize(articleRecord(), { baseUrl: BASE_URL, style: 'ieee' })).toMatch(/^\[1\] M\. Curie/);
    expect(format.serializeList!([articleRecord(), articleRecord()], { baseUrl: BASE_URL, style: 'apa' }).split('\n')).toHaveLength(2);
  });
});

describe('cached engines and edited records', () => {
  it('renders a record edited under the same id with its new data, not the cached citation', () => {
    const renderer = createCitationRenderer();
    const item = { id: 'abcde-fghjk', type: 'dataset', title: 'First title', author: [{ family: 'Doe', given: 'Jane' }], issued: { 'date-parts': [[2020]] } };
    expect(renderer.render([item as never], { style: 'apa' })).toContain('First title');
    const again = renderer.render([{ ...item, title: 'Second title' } as never], { style: 'apa' });
    expect(again).toContain('Second title');
    expect(again).not.toContain('First title');
  });
});
