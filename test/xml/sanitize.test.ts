import { describe, expect, it } from 'vitest';
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';

describe('stripInvalidXmlChars', () => {
  it('removes C0 controls but keeps TAB, LF and CR', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0001c\u0008\u000B\u000C\u001Fd\te\nf\rg')).toBe('abcd\te\nf\rg');
  });

  it('removes U+FFFE, U+FFFF and lone surrogates, keeps astral characters', () => {
    expect(stripInvalidXmlChars('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(stripInvalidXmlChars('a\uD800b\uDC00c')).toBe('abc');
    expect(stripInvalidXmlChars('𝔘𝔫𝔦 😀 中文 é')).toBe('𝔘𝔫𝔦 😀 中文 é');
  });

  it('strips exactly what the exact XML 1.0 test strips, for every BMP code unit and for surrogate pairs', () => {
    const exact = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
    for (let c = 0; c <= 0xffff; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      expect(stripInvalidXmlChars(s)).toBe(s.replace(exact, ''));
    }
    for (const s of ['\uD83D\uDE00', '\uD83D\uDE00\uD83D', '\uDE00\uD83D', 'x\uDBFF\uDFFFy']) expect(stripInvalidXmlChars(s)).toBe(s.replace(exact, ''));
  });

  it('returns clean strings unchanged', () => {
    const s = 'plain text & <markup>';
    expect(stripInvalidXmlChars(s)).toBe(s);
  });
});

describe('toBuilderValue', () => {
  it('survives an xmlbuilder2 round trip exactly, including entity-like text', async () => {
    const { create } = await import('xmlbuilder2');
    const { parseXmlSafely } = await import('../../src/xml/parse.ts');
    const { textContent } = await import('../../src/xml/tree.ts');
    const { toBuilderValue } = await import('../../src/xml/sanitize.ts');
    const value = '<p>&nbsp; &amp; & &#169; "q" \'a\'</p>\u0001';
    const xml = create().ele('a', { t: toBuilderValue(value) }).txt(toBuilderValue(value)).end({ headless: true });
    const root = parseXmlSafely(xml);
    expect(textContent(root)).toBe(value.slice(0, -1));
    expect(root.attrs.t).toBe(value.slice(0, -1));
  });
});
