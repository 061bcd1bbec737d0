/**
 * Canonical form of an XML tree for "equal modulo element order" comparisons: attributes
 * sorted (namespace declarations and xsi: annotations such as
 * schemaLocation and xsi:type left out), whitespace collapsed,
 * `<br/>` read as whitespace, numbers in coordinate elements compared as numbers, children
 * sorted, and elements without attributes, text or children dropped (they carry nothing).
 */
import { parseXmlSafely, type XmlElement } from '../../../src/xml/parse.ts';

const NUMERIC = new Set(['pointLongitude', 'pointLatitude', 'westBoundLongitude', 'eastBoundLongitude', 'southBoundLatitude', 'northBoundLatitude']);

function canon(el: XmlElement): string | undefined {
  const attrs = Object.entries(el.attrs)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:') && !k.startsWith('xsi:'))
    .map(([k, v]) => `${k}=${JSON.stringify(v.trim())}`)
    .filter((a) => !a.endsWith('=""'))
    .sort();
  let text = '';
  const kids: string[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') text += c;
    else if (c.local === 'br') text += ' ';
    else {
      const k = canon(c);
      if (k !== undefined) kids.push(k);
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (NUMERIC.has(el.local) && text !== '') text = String(Number(text));
  if (!attrs.length && !text && !kids.length) return undefined;
  return `<{${el.ns}}${el.local} ${attrs.join(' ')}>${JSON.stringify(text)}[${kids.sort().join(',')}]`;
}

/** The canonical string of an XML document (see the module comment). */
export function toCanonicalXml(xml: string | Buffer): string {
  return canon(parseXmlSafely(xml)) ?? '';
}
