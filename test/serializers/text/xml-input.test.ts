import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXmlSafely, type XmlElement } from '../../../src/xml/parse.ts';
import { loaderAttribute, loaderTextContent, parseXmlElement, textContent, toLoaderElement } from '../../../serializers/text/xml-input.ts';
import { FIXTURES } from '../../support/xmllint.ts';

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? xmlFiles(p) : p.endsWith('.xml') ? [p] : [];
  });
}

function* elements(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) if (typeof c !== 'string') yield* elements(c);
}

describe('textContent (loaders)', () => {
  it('trims and collapses whitespace exactly as replace(/\\s+/g, " ").trim() does, with or without its fast path', () => {
    const samples = ['plain', 'one space', ' edges ', 'two  spaces', 'tab\there', 'line\nbreak', 'nbsp\u00a0here', '\u2003em space', '   ', 'a \n b', 'ideographic\u3000space', 'trailing\n'];
    for (const s of samples) {
      const el = parseXmlElement(`<t>${s}</t>`);
      expect(textContent(el), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
    }
  });
});

describe('loaderTextContent and loaderAttribute (the loader view, without building it)', () => {
  it('read what textContent and attributes read on the loader view: own text first, the last attribute of a local name, no xmlns', () => {
    const el = parseXmlSafely('<a xmlns:lang="urn:l" lang="de" xml:lang="en">x <b>y</b> z</a>');
    expect(loaderTextContent(el)).toBe(textContent(toLoaderElement(el)));
    expect(loaderTextContent(el)).toBe('x zy');
    expect(loaderAttribute(el, 'lang')).toBe('en');
    expect(loaderAttribute(parseXmlSafely('<a xmlns="urn:x"/>'), 'xmlns')).toBeUndefined();
  });

  it('agree with the loader view on every element of every fixture document', () => {
    let n = 0;
    for (const file of xmlFiles(FIXTURES)) {
      let root: XmlElement;
      try {
        root = parseXmlSafely(readFileSync(file));
      } catch {
        continue;
      }
      for (const el of elements(root)) {
        const view = toLoaderElement(el);
        expect(loaderTextContent(el), file).toBe(textContent(view));
        for (const name of ['lang', 'code', 'tag', 'type', ...Object.keys(view.attributes)]) expect(loaderAttribute(el, name), `${file} @${name}`).toBe(view.attributes[name]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(10_000);
  });
});
