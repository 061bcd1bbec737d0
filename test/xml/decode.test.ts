import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from '../../src/xml/decode.ts';
import { FIXTURES } from '../support/xmllint.ts';

const doc = '<?xml version="1.0"?><t>Ελληνικά · Müller · 中文</t>';

describe('decodeXmlBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeXmlBytes(Buffer.from(doc, 'utf8'))).toBe(doc);
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]))).toBe(doc);
  });

  it('reads UTF-16 LE and BE, with a BOM or detected from the first "<"', () => {
    const le = Buffer.from(doc, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(doc);
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(doc);
    expect(decodeXmlBytes(le)).toBe(doc);
    expect(decodeXmlBytes(be)).toBe(doc);
  });

  it('prefers valid UTF-8 over a declared ISO-8859-1', () => {
    const mislabelled = '<?xml version="1.0" encoding="ISO-8859-1"?><t>Müller</t>';
    expect(decodeXmlBytes(Buffer.from(mislabelled, 'utf8'))).toBe(mislabelled);
  });

  it('reads a UTF-8 page with one broken byte as UTF-8, the broken byte replaced', () => {
    const text = '<t>Café Ångström — “quoted” ';
    for (const declaration of ['', '<?xml version="1.0" encoding="UTF-8"?>']) {
      const bytes = Buffer.concat([Buffer.from(declaration + text), Buffer.from([0xff]), Buffer.from('Doe, Jane</t>')]);
      expect(decodeXmlBytes(bytes)).toBe(`${declaration}${text}\uFFFDDoe, Jane</t>`);
    }
  });

  it('falls back to Latin-1 for bytes that are not UTF-8', () => {
    const latin = '<?xml version="1.0" encoding="ISO-8859-1"?><t>Müller</t>';
    expect(decodeXmlBytes(Buffer.from(latin, 'latin1'))).toBe(latin);
    expect(decodeXmlBytes(Buffer.from('<t>Müller</t>', 'latin1'))).toBe('<t>Müller</t>');
  });

  it('uses another declared single-byte encoding when the bytes are not UTF-8', () => {
    const bytes = Buffer.from([...Buffer.from('<?xml version="1.0" encoding="windows-1252"?><t>'), 0x80, ...Buffer.from('</t>')]);
    expect(decodeXmlBytes(bytes)).toContain('<t>€</t>');
  });

  it('ignores a UTF-16 or UTF-32 label on bytes that are ASCII-compatible (no BOM, no 3C 00), as XML 1.0 appendix F.1 implies', () => {
    for (const label of ['UTF-16', 'UTF-16BE', 'utf-32']) {
      const head = `<?xml version="1.0" encoding="${label}"?><t>`;
      // One byte that is not UTF-8 sends the decoder to the declared encoding.
      expect(decodeXmlBytes(Buffer.from([...Buffer.from(`${head}caf`), 0xe9, ...Buffer.from('</t>')]))).toBe(`${head}café</t>`);
      expect(decodeXmlBytes(Buffer.from([...Buffer.from(`${head}Café Ångström `), 0xff, ...Buffer.from('</t>')]))).toBe(`${head}Café Ångström \uFFFD</t>`);
    }
  });

  it('strips a BOM from strings', () => {
    expect(decodeXmlBytes('\uFEFF<t/>')).toBe('<t/>');
  });

  it('decodes the UTF-16 and BOM fixtures', () => {
    const utf16 = decodeXmlBytes(readFileSync(resolve(FIXTURES, 'datacite/lupo/utf-16.xml')));
    const bom = decodeXmlBytes(readFileSync(resolve(FIXTURES, 'datacite/lupo/utf-8_bom.xml')));
    expect(utf16).toMatch(/^<\?xml/);
    expect(utf16).toContain('<resource');
    expect(bom).toMatch(/^<\?xml/);
  });
});
