import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from '../../src/xml/decode.ts';
import { parseCommonXml } from '../../src/xml/fast-parse.ts';
import { assertXmlWithinLimits } from '../../src/xml/limits.ts';
import { parseWithFastXmlParser, parseXmlSafely, type XmlElement } from '../../src/xml/parse.ts';
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';
import { FIXTURES } from '../support/xmllint.ts';

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? xmlFiles(p) : p.endsWith('.xml') ? [p] : [];
  });
}

/** What the general path makes of `text`: its tree, or its error message. */
function general(text: string): XmlElement | string {
  try {
    return parseWithFastXmlParser(text);
  } catch (e) {
    return (e as Error).message;
  }
}

// Every XML document the suites read, as the harvester reads it (decoded, control characters stripped).
const CORPUS = xmlFiles(FIXTURES).map((f) => ({ file: f.slice(FIXTURES.length + 1), text: stripInvalidXmlChars(decodeXmlBytes(readFileSync(f))) }));

const KITCHEN_SINK =
  '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="oai2.xsl"?>\r\n<!-- prolog -->' +
  '<a xml:lang="en" xmlns="urn:d" xmlns:x=\'urn:x\' b = "1 &amp; 2 &lt;&#x41;&#66;&quot;&apos;">x &amp; &#169; &#x263A;<br/>y<![CDATA[<z>&amp;]]>' +
  '<x:b c="\t" d="a\nb"/>te<!-- split -->xt\r\nmore<?pi q="x"?>after<![CDATA[]]><c\n/><d></d ></a>\n<!-- epilog -->\n';

describe('parseCommonXml (the fast path) against fast-xml-parser (the general path)', () => {
  it('builds the same tree for every fixture document it takes, and takes all but the broken one', () => {
    const declined: string[] = [];
    for (const { file, text } of CORPUS) {
      assertXmlWithinLimits(text);
      const fast = parseCommonXml(text);
      if (fast) expect(fast, file).toEqual(general(text));
      else declined.push(file);
    }
    expect(declined).toEqual(['oai-responses/sickle-sample-data/ListRecordsBroken.xml']);
  });

  it('reads comments, CDATA, processing instructions, references, CRLF and attribute spellings as the general path does', () => {
    const fast = parseCommonXml(KITCHEN_SINK);
    expect(fast).toBeDefined();
    expect(fast).toEqual(general(KITCHEN_SINK));
    expect(fast!.children.slice(0, 2)).toEqual(['x & © ☺', expect.objectContaining({ name: 'br', ns: 'urn:d' })]);
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['an HTML entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>AT&T</a>'],
    ['an ampersand in an attribute', '<a b="x & y"/>'],
    ['a C0 control as a reference', '<a>&#1;</a>'],
    ['a surrogate as a reference', '<a>&#xD800;</a>'],
    ['an upper-case X reference', '<a>&#X41;</a>'],
    ['a name outside ASCII', '<café/>'],
    ['a guarded name', '<a><constructor/></a>'],
    ['a mismatched end tag', '<a><b></a></b>'],
    ['a truncated document', '<a><b>text</b>'],
    ['a duplicate attribute', '<a b="1" b="2"/>'],
    ['an attribute without a value', '<a b/>'],
    ['attributes without a space between', '<a b="1"c="2"/>'],
    ['a < in an attribute value', '<a b="<"/>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['text before the root', 'x<a/>'],
    ['an XML declaration after the start', ' <?xml version="1.0"?><a/>'],
    ['a PI whose quoted value hides ?>', '<?pi a="?>"<a/>'],
    ['an entity reference cut by a comment', '<a>AT&am<!-- -->p;T</a>'],
    ['a character reference cut by a comment', '<a>&#<!-- -->65;</a>'],
  ])('gives %s to the general path', (_, text) => {
    expect(parseCommonXml(text)).toBeUndefined();
  });

  it('agrees with the general path on thousands of mutated documents (or leaves them to it)', () => {
    const small = CORPUS.filter((d) => d.text.length < 6000).map((d) => d.text);
    small.push(KITCHEN_SINK);
    const chars = ['<', '>', '&', '"', "'", '/', '=', ' ', '\n', '\r', '\t', ';', '#', '!', '?', '-', ']', 'x', ':', 'é'];
    const snippets = ['&amp;', '&nbsp;', '&#65;', '&#x1F600;', '&#0;', '&#X41;', '<!-- c -->', '<!---->', '<![CDATA[x]]>', '<?pi x?>', '<?xml version="1.0"?>', '<b/>', '</a>', '<!DOCTYPE x>', '<c d="1" d="2"/>', '<e f/>', '<toString/>', '<i j="&lt;&#x41;"/>', '<k\tl="m"\n/>', '&#13;', '\r\n', '<s xmlns:="u"/>', '<t xmlns="u"><u/></t>', '< w/>', '</ x>'];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    let taken = 0;
    for (let k = 0; k < 3000; k++) {
      let text = small[random(small.length)];
      for (let m = 1 + random(3); m > 0; m--) {
        const at = random(text.length);
        const kind = random(4);
        if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + random(3));
        else if (kind === 1) text = text.slice(0, at) + chars[random(chars.length)] + text.slice(at);
        else if (kind === 2) {
          const tagEnd = text.indexOf('>', at) + 1;
          text = text.slice(0, tagEnd) + snippets[random(snippets.length)] + text.slice(tagEnd);
        } else text = text.slice(0, at);
      }
      try {
        assertXmlWithinLimits(text);
      } catch {
        continue;
      }
      const fast = parseCommonXml(text);
      if (!fast) continue;
      taken++;
      expect(fast, JSON.stringify(text.slice(0, 300))).toEqual(general(text));
    }
    expect(taken).toBeGreaterThan(500);
  });

  it('is what parseXmlSafely returns, and parseXmlSafely still refuses what the general path refuses', () => {
    expect(parseXmlSafely(KITCHEN_SINK)).toEqual(parseCommonXml(KITCHEN_SINK));
    expect(() => parseXmlSafely('<a><b>text</b>')).toThrow(/Not well-formed/);
    expect(() => parseXmlSafely('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')).toThrow(/entity/);
  });
});
