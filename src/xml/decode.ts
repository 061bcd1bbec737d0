/**
 * Turning the bytes of an XML document into text, the way real feeds need it: BOMs, UTF-16,
 * and declarations that lie about the encoding.
 */

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');

/**
 * Bytes that are mostly UTF-8 with a few broken sequences, read as UTF-8 with U+FFFD for
 * each broken one; undefined when the bytes look like another encoding (more broken
 * sequences than well-formed non-ASCII characters). One stray byte in a UTF-8 page must not
 * turn every "é" on it into "Ã©".
 */
function decodeMostlyUtf8(buf: Buffer): string | undefined {
  const text = utf8Lossy.decode(buf);
  let broken = 0;
  let good = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) broken++;
    else if (c > 0x7f) good++;
  }
  return good > broken ? text : undefined;
}

function swapBytes(buf: Buffer): Buffer {
  const out = Buffer.from(buf.subarray(0, buf.length - (buf.length % 2)));
  return out.swap16();
}

/** The encoding named in the XML declaration, lower-cased, if any (XML 1.0 section 4.3.3). */
function declaredEncoding(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 200).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return m?.[1].toLowerCase();
}

// Windows-1252 in 0x80-0x9F (WHATWG Encoding: labels iso-8859-1 and latin1 mean windows-1252,
// because C1 controls are never what a feed meant). Undefined slots stay as their C1 code point.
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWindows1252(buf: Buffer): string {
  const latin = buf.toString('latin1');
  return /[\u0080-\u009F]/.test(latin) ? latin.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : latin;
}

function decodeDeclared(buf: Buffer, encoding: string | undefined): string {
  if (!encoding || /^(iso-8859-1|latin1|l1|us-ascii|ascii|windows-1252|cp1252)$/.test(encoding)) {
    return decodeWindows1252(buf);
  }
  try {
    return new TextDecoder(encoding).decode(buf);
  } catch {
    return decodeWindows1252(buf);
  }
}

/**
 * Decodes an XML document's bytes: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or
 * declared), else the declared single-byte encoding. A document that is valid UTF-8 is read as
 * UTF-8 even if it declares ISO-8859-1, because repositories often mislabel UTF-8 output;
 * bytes that are not valid UTF-8 fall back to the declared encoding, or Latin-1.
 */
export function decodeXmlBytes(buf: Buffer | string): string {
  if (typeof buf === 'string') return buf.charCodeAt(0) === 0xfeff ? buf.slice(1) : buf;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return swapBytes(buf.subarray(2)).toString('utf16le');
  // No BOM: detect UTF-16 from the first '<' (XML 1.0 appendix F.1).
  if (buf[0] === 0x3c && buf[1] === 0x00) return buf.toString('utf16le');
  if (buf[0] === 0x00 && buf[1] === 0x3c) return swapBytes(buf).toString('utf16le');
  try {
    return utf8Fatal.decode(buf);
  } catch {
    // A declaration we could read in ASCII cannot be right about UTF-16 or UTF-32: those
    // start 3C 00 or 00 3C (handled above) or with a BOM (XML 1.0 appendix F.1; section 4.3.3
    // requires the BOM for UTF-16). Such a label is ignored, as if there were none.
    const label = declaredEncoding(buf);
    const declared = label && /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(label) ? undefined : label;
    const saysUtf8 = declared === undefined || declared === 'utf-8' || declared === 'utf8';
    if (saysUtf8) {
      const mostly = decodeMostlyUtf8(buf);
      if (mostly !== undefined) return mostly;
    }
    return decodeDeclared(buf, saysUtf8 ? undefined : declared);
  }
}
