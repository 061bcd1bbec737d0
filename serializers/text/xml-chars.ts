/**
 * Text and attribute values as the XML serializers emit them. XML 1.0 forbids some
 * characters outright (section 2.2 Char; `&#0;` is itself illegal), so they are dropped.
 * These are plain text: a writer that hands them to xmlbuilder2's txt() or att() must pass
 * them through toBuilderValue (src/xml/sanitize.ts), or "&amp;" in the data comes out as "&".
 */
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';

/** The text cleaned for XML and trimmed, or undefined when nothing is left. */
export function toXmlValue(text: string | number | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const s = String(text);
  // stripInvalidXmlChars screens for suspect code units first and copies only when it must.
  const clean = stripInvalidXmlChars(s).trim();
  return clean === '' ? undefined : clean;
}

/**
 * The language tag when it is a valid xs:language (what xml:lang requires in the W3C
 * xml.xsd the official schemas import), else undefined so the attribute is left out.
 */
export function toXmlLang(lang: string | undefined): string | undefined {
  const tag = lang?.trim().replace(/_/g, '-');
  return tag && /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(tag) ? tag : undefined;
}

// RFC 3986 section 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
// Section 3.2.2: an IP literal in brackets (IPv6, or IPvFuture).
const IP_LITERAL = /^\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]$/;

/**
 * The value when xs:anyURI accepts it, else undefined so the attribute is left out. The
 * schema validators in use (libxml2's xmllint among them) first escape characters a URI may
 * not hold, such as spaces or non-ASCII letters, then read an RFC 3986 URI reference; what
 * they refuse is structure: a bad percent escape, a second `#`, a scheme that is no scheme
 * ("::::" or "1a:b"), a broken IP literal or port. Record fields typed as URIs by DataCite
 * and OpenAIRE (schemeURI, valueURI, rightsURI, awardURI, classificationCode) are free
 * strings in a record, so a harvested or hand-made value may be any of these.
 */
export function toXmlAnyUri(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = stripInvalidXmlChars(value).trim();
  if (v === '' || /%(?![0-9A-Fa-f]{2})/.test(v)) return undefined;
  const hash = v.indexOf('#');
  if (hash >= 0 && v.includes('#', hash + 1)) return undefined;
  // A colon before any "/", "?" or "#" ends a scheme (section 4.2: a relative path's first segment has no colon).
  const end = v.search(/[:/?#]/);
  const hasScheme = end >= 0 && v[end] === ':';
  if (hasScheme && !SCHEME.test(v.slice(0, end))) return undefined;
  const rest = hasScheme ? v.slice(end + 1) : v;
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split(/[/?#]/, 1)[0];
    // userinfo holds no "@"; a port, when its colon is there, is digits (libxml2 refuses an empty one).
    const [hostPort, ...userinfo] = authority.split('@').reverse();
    const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(.*))?$/.exec(hostPort);
    if (userinfo.length > 1 || !m || (m[1].startsWith('[') && !IP_LITERAL.test(m[1])) || (m[2] !== undefined && !/^\d+$/.test(m[2]))) return undefined;
  }
  return v;
}
