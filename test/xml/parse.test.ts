import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../../src/xml/parse.ts';
import { XmlRejected } from '../../src/xml/limits.ts';
import { attribute, childElements, firstChild, textContent } from '../../src/xml/tree.ts';
import { BadRequest } from '../../src/errors.ts';
import { FIXTURES } from '../support/xmllint.ts';

const KERNEL4 = 'http://datacite.org/schema/kernel-4';

function rejection(input: string | Buffer, opts = {}): XmlRejected {
  try {
    parseXmlSafely(input, opts);
  } catch (e) {
    return e as XmlRejected;
  }
  throw new Error('parseXmlSafely accepted hostile input');
}

describe('parseXmlSafely', () => {
  it('resolves namespace prefixes: default:resource is a kernel-4 resource', () => {
    const root = parseXmlSafely(readFileSync(resolve(FIXTURES, 'datacite/lupo/datacite_namespace.xml')));
    expect(root.name).toBe('default:resource');
    expect([root.local, root.ns]).toEqual(['resource', KERNEL4]);
    const id = firstChild(root, 'identifier', KERNEL4);
    expect(id && textContent(id)).toBe('10.5880/PIK.2017.010');
  });

  it('loads UTF-16 and UTF-8-with-BOM documents from bytes', () => {
    for (const f of ['utf-16.xml', 'utf-8_bom.xml']) {
      const root = parseXmlSafely(readFileSync(resolve(FIXTURES, 'datacite/lupo', f)));
      expect([root.local, root.ns]).toEqual(['resource', KERNEL4]);
    }
  });

  it('keeps mixed content in order, decodes entities and character references, keeps xml:lang', () => {
    const root = parseXmlSafely('<a xml:lang="en" xmlns:x="urn:x">x &amp; &#169; &#x263A;<br/>y<![CDATA[<z>]]><x:b/></a>');
    expect(attribute(root, 'xml:lang')).toBe('en');
    expect(root.children[0]).toBe('x & © ☺');
    expect(childElements(root).map((e) => [e.local, e.ns])).toEqual([['br', ''], ['b', 'urn:x']]);
    expect(textContent(root)).toBe('x & © ☺y<z>');
  });

  it("reads an element's own attributes only, never Object.prototype's members", () => {
    const root = parseXmlSafely('<a toString="t" x:valueOf="v" xmlns:x="urn:x"/>');
    expect(attribute(root, 'toString')).toBe('t');
    expect(attribute(root, 'valueOf')).toBe('v');
    expect(attribute(root, 'constructor')).toBeUndefined();
    expect(attribute(root, 'hasOwnProperty')).toBeUndefined();
  });

  it('refuses XXE (external entity to file:///etc/passwd)', () => {
    const e = rejection('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>');
    expect(e).toBeInstanceOf(XmlRejected);
    expect(e).toBeInstanceOf(BadRequest);
    expect(e.message).toMatch(/entity/i);
  });

  it('refuses entity expansion bombs (billion laughs)', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    expect(rejection(`<!DOCTYPE lolz [${lol.join('')}]><lolz>&lol9;</lolz>`)).toBeInstanceOf(XmlRejected);
  });

  it('refuses an external DOCTYPE', () => {
    expect(rejection('<!DOCTYPE r SYSTEM "http://evil.example/x.dtd"><r/>').message).toMatch(/external/);
  });

  it('refuses a DOCTYPE the checks once missed: no space after the keyword, hidden behind a decoy in a comment or PI, inside an element', () => {
    const cases: [string, RegExp][] = [
      ['<!DOCTYPE[<!ENTITY e "expanded">]><a>&e;</a>', /entity/],
      ['<!DOCTYPE[<!ENTITY lt "PWNED">]><a>&lt;</a>', /entity/],
      ['<!DOCTYPE[<!ELEMENT a ANY>]><a/>', /malformed DOCTYPE/],
      ['<!-- <!DOCTYPE x> --><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', /external/],
      ['<!--<!DOCTYPE x>--><!DOCTYPE a [<!ELEMENT a ANY>]><a/>', /internal subset/],
      ['<?pi <!DOCTYPE x> ?><!DOCTYPE a PUBLIC "-//x" "http://evil.example/x.dtd"><a/>', /external/],
      ['<a><!DOCTYPE x [<!ATTLIST a b CDATA "c">]></a>', /internal subset/],
      ["<!DOCTYPE[ ' ]><r q='x'>" + '<a>'.repeat(300) + '</a>'.repeat(300) + '</r>', /malformed DOCTYPE/],
    ];
    for (const [xml, why] of cases) expect(rejection(xml).message, xml).toMatch(why);
    // Markup-like text where it is not markup is no DOCTYPE; a bare DOCTYPE stays accepted.
    expect(parseXmlSafely('<!-- <!DOCTYPE x [<!ELEMENT y ANY>]> --><a><![CDATA[<!DOCTYPE z SYSTEM "q">]]></a>').children).toEqual(['<!DOCTYPE z SYSTEM "q">']);
    expect(parseXmlSafely('<!DOCTYPE a><a/>').local).toBe('a');
  });

  it('refuses nesting 10k deep, and accepts nesting within the limit', () => {
    const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
    expect(rejection(deep).message).toMatch(/deeper than 256/);
    const ok = '<a>'.repeat(200) + '</a>'.repeat(200);
    expect(parseXmlSafely(ok).local).toBe('a');
    expect(rejection(ok, { maxDepth: 100 }).message).toMatch(/deeper than 100/);
  });

  it('refuses documents over the size limit (default 50 MB)', () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20);
    expect(rejection(big).message).toMatch(/larger than/);
    expect(rejection('<a>0123456789</a>', { maxSize: 10 }).message).toMatch(/larger than 10/);
  });

  it('refuses malformed XML with a typed error', () => {
    expect(rejection('<a><b></a>')).toBeInstanceOf(XmlRejected);
    expect(rejection('no xml here')).toBeInstanceOf(XmlRejected);
  });
});
