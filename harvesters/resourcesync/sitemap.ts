/**
 * Reading ResourceSync documents (ANSI/NISO Z39.99-2017): sitemaps (`urlset`) and sitemap
 * indexes (`sitemapindex`) with `rs:md` and `rs:ln` extensions. Only what a harvester needs:
 * the document's capability and times, and each entry's location, lastmod, change and type.
 */
import { decodeXmlBytes } from '../../src/xml/decode.ts';
import { parseXmlSafely, type XmlElement } from '../../src/xml/parse.ts';
import { stripInvalidXmlChars } from '../../src/xml/sanitize.ts';
import { attribute, childElements, firstChild, textContent } from '../../src/xml/tree.ts';

export const RS_NS = 'http://www.openarchives.org/rs/terms/';

export interface RsEntry {
  loc: string;
  lastmod?: string;
  capability?: string;
  /** created, updated or deleted (change lists, ResourceSync 12.1). */
  change?: string;
  /** rs:md datetime (change lists) */
  datetime?: string;
  type?: string;
}

export interface RsDocument {
  /** `urlset` or `sitemapindex`. */
  kind: 'urlset' | 'sitemapindex';
  capability?: string;
  /** rs:md at / from / until / completed (ResourceSync 10.1, 12.1). */
  at?: string;
  from?: string;
  until?: string;
  entries: RsEntry[];
}

function md(el: XmlElement): XmlElement | undefined {
  return childElements(el, 'md').find((m) => m.ns === RS_NS);
}

/** Parse a ResourceSync sitemap or sitemap index. */
export function parseRsDocument(body: Buffer | string): RsDocument {
  const root = parseXmlSafely(stripInvalidXmlChars(decodeXmlBytes(body)));
  if (root.local !== 'urlset' && root.local !== 'sitemapindex') throw new TypeError(`not a sitemap: the root element is <${root.name}>`);
  const rootMd = md(root);
  const entries: RsEntry[] = [];
  for (const u of childElements(root, root.local === 'urlset' ? 'url' : 'sitemap')) {
    const loc = firstChild(u, 'loc');
    if (!loc) continue;
    const m = md(u);
    const lastmod = firstChild(u, 'lastmod');
    entries.push({
      loc: textContent(loc).trim(),
      ...(lastmod ? { lastmod: textContent(lastmod).trim() } : {}),
      ...(m && attribute(m, 'capability') ? { capability: attribute(m, 'capability') } : {}),
      ...(m && attribute(m, 'change') ? { change: attribute(m, 'change') } : {}),
      ...(m && attribute(m, 'datetime') ? { datetime: attribute(m, 'datetime') } : {}),
      ...(m && attribute(m, 'type') ? { type: attribute(m, 'type') } : {}),
    });
  }
  return {
    kind: root.local,
    capability: rootMd ? attribute(rootMd, 'capability') : undefined,
    at: rootMd ? attribute(rootMd, 'at') : undefined,
    from: rootMd ? attribute(rootMd, 'from') : undefined,
    until: rootMd ? attribute(rootMd, 'until') : undefined,
    entries,
  };
}
