import { describe, expect, it } from 'vitest';
import { toBibtex, toBibtexList, toLatexText } from '../../../serializers/bibtex/to-bibtex.ts';
import { BASE_URL, articleRecord, corpusRecords } from '../csl/corpus.ts';

/** Braces must balance once escaped braces are ignored, or BibTeX swallows the rest of the file. */
function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const c of text.replace(/\\[{}]/g, '')) {
    if (c === '{') depth++;
    if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('toBibtex', () => {
  it('writes the reference article as an @article with hand-checked fields', () => {
    expect(toBibtex(articleRecord(), { baseUrl: BASE_URL })).toBe(
      [
        '@article{curie2021radioactive,',
        '  author = {Curie, Marie and Bohr, Niels},',
        '  title = {{On radioactive substances}},',
        '  journal = {Journal of Physics},',
        '  year = {2021},',
        '  month = mar,',
        '  volume = {12},',
        '  number = {3},',
        '  pages = {100--110},',
        '  publisher = {Zenodo},',
        '  version = {2.0},',
        '  doi = {10.5281/zenodo.123456},',
        '  url = {https://repo.example.org/records/abcd-1234},',
        '  issn = {0028-0836},',
        '  language = {en},',
        '  keywords = {physics, radioactivity},',
        '  copyright = {Creative Commons Attribution 4.0 International},',
        '  abstract = {We study radium \\& polonium.}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['type-Dataset', '@misc{'], ['type-Book', '@book{'], ['type-BookChapter', '@incollection{'],
    ['type-ConferencePaper', '@inproceedings{'], ['type-Dissertation', '@phdthesis{'], ['type-Report', '@techreport{'],
    ['type-ConferenceProceeding', '@proceedings{'], ['type-Software', '@misc{'],
  ])('%s starts with %s', (id, start) => {
    const record = corpusRecords().find((r) => r.id === id)!;
    expect(toBibtex(record, { baseUrl: BASE_URL }).startsWith(start)).toBe(true);
  });

  it('braces organisations and escapes TeX specials', () => {
    const out = toBibtex(corpusRecords().find((r) => r.id === 'type-Dataset')!, { baseUrl: BASE_URL });
    expect(out).toContain('author = {Doe, Jane and {CERN}}');
    expect(toLatexText('50% of $5 & {x}_1 #2 ~ ^ \\')).toBe('50\\% of \\$5 \\& \\{x\\}\\_1 \\#2 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  });

  it.each(corpusRecords().map((r) => [r.id, r] as const))('%s gives one balanced entry without control characters or HTML', (_id, record) => {
    const out = toBibtex(record, { baseUrl: BASE_URL });
    expect(out).toMatch(/^@\w+\{[A-Za-z0-9-]+,\n/);
    expect(bracesBalance(out)).toBe(true);
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(out).not.toMatch(/<\/?(p|b|i|script|div)\b/i);
  });

  it('makes citation keys unique in a list', () => {
    const out = toBibtexList([articleRecord(), articleRecord(), articleRecord()], { baseUrl: BASE_URL });
    expect(out.match(/^@article\{[^,]+/gm)).toEqual(['@article{curie2021radioactive', '@article{curie2021radioactivea', '@article{curie2021radioactiveb']);
  });

  it('writes doi and url verbatim, as biblatex reads them, with braces percent-encoded', () => {
    const rec = { ...articleRecord(), doi: '10.1234/x_y%z#1~&', url: 'https://example.org/a_b?c=1&d=%7E{x}' };
    const out = toBibtex(rec, { baseUrl: BASE_URL });
    expect(out).toContain('  doi = {10.1234/x_y%z#1~&},');
    expect(out).toContain('  url = {https://example.org/a_b?c=1&d=%7E%7Bx%7D},');
    expect(bracesBalance(out)).toBe(true);
  });
});
