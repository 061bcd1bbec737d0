import { describe, expect, it } from 'vitest';
import { toRis, toRisList } from '../../../serializers/ris/to-ris.ts';
import { BASE_URL, articleRecord, corpusRecords } from '../csl/corpus.ts';

describe('toRis', () => {
  it('writes the reference article with hand-checked tags', () => {
    expect(toRis(articleRecord(), { baseUrl: BASE_URL }).split('\r\n')).toEqual([
      'TY  - JOUR',
      'AU  - Curie, Marie',
      'AU  - Bohr, Niels',
      'TI  - On radioactive substances',
      'T2  - Journal of Physics',
      'PY  - 2021',
      'DA  - 2021/03/15/',
      'VL  - 12',
      'IS  - 3',
      'SP  - 100',
      'EP  - 110',
      'PB  - Zenodo',
      'ET  - 2.0',
      'SN  - 0028-0836',
      'DO  - 10.5281/zenodo.123456',
      'UR  - https://repo.example.org/records/abcd-1234',
      'LA  - en',
      'KW  - physics',
      'KW  - radioactivity',
      'AB  - We study radium & polonium.',
      'ER  - ',
      '',
    ]);
  });

  it.each([
    ['type-Dataset', 'DATA'], ['type-Software', 'COMP'], ['type-Book', 'BOOK'], ['type-BookChapter', 'CHAP'],
    ['type-ConferencePaper', 'CPAPER'], ['type-Dissertation', 'THES'], ['type-Report', 'RPRT'], ['type-Image', 'FIGURE'],
    ['type-Audiovisual', 'VIDEO'], ['type-Other', 'GEN'],
  ])('%s is TY %s', (id, ty) => {
    const record = corpusRecords().find((r) => r.id === id)!;
    expect(toRis(record, { baseUrl: BASE_URL }).startsWith(`TY  - ${ty}\r\n`)).toBe(true);
  });

  it.each(corpusRecords().map((r) => [r.id, r] as const))('%s: every line is a tag line and values are single-line', (_id, record) => {
    const lines = toRis(record, { baseUrl: BASE_URL }).split('\r\n');
    expect(lines.pop()).toBe('');
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- [^\r\n\u0000-\u0008]*$/);
    expect(lines.at(-1)).toBe('ER  - ');
  });

  it('separates list records by a blank line', () => {
    const out = toRisList([articleRecord(), articleRecord()], { baseUrl: BASE_URL });
    expect(out.match(/^TY {2}- /gm)).toHaveLength(2);
    expect(out).toContain('ER  - \r\n\r\nTY  - JOUR');
  });
});
