/**
 * FAIR Signposting (signposting.org/FAIR): level 1 as HTTP Link headers on the landing page,
 * level 2 as a linkset (RFC 9264) at /records/:id/linkset. Every URL is built from the
 * configured base URL, never from the request's Host header.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import { isWebUrl, toDoiUrl, toLandingUrl, toOrcidUrl } from '../../serializers/csl/record-fields.ts';
import { toSchemaOrgType } from '../../serializers/schemaorg/schemaorg-type.ts';

/** One typed link from the landing page (the anchor) to a target. */
export interface SignpostLink {
  href: string;
  rel: string;
  type?: string;
}

/** A file of the record that Signposting lists as an `item`. */
export interface FileLink {
  href: string;
  type?: string;
}

/** Formats that describe the record (not the citation text or list-only JSON Lines). */
function metadataFormats(registry: FormatRegistry, record: GranaryRecord) {
  return registry
    .listFormats()
    .filter((f) => f.id !== 'citation' && !registry.isListOnly(f) && (!f.supports || f.supports(record)));
}

/** The record's Signposting links, level 1 and 2 alike. */
export function toSignpostLinks(record: GranaryRecord, registry: FormatRegistry, baseUrl: string, files: FileLink[] = []): SignpostLink[] {
  const landing = toLandingUrl(record, baseUrl);
  const links: SignpostLink[] = [{ href: toDoiUrl(record) ?? landing, rel: 'cite-as' }];
  for (const f of metadataFormats(registry, record)) {
    links.push({ href: `${landing}?format=${encodeURIComponent(f.id)}`, rel: 'describedby', type: f.mediaTypes[0] });
  }
  links.push({ href: `https://schema.org/${toSchemaOrgType(record.types?.resourceTypeGeneral)}`, rel: 'type' });
  links.push({ href: 'https://schema.org/AboutPage', rel: 'type' });
  for (const c of record.creators ?? []) {
    const orcid = toOrcidUrl(c);
    if (orcid) links.push({ href: orcid, rel: 'author' });
  }
  for (const r of record.rightsList ?? []) if (isWebUrl(r.rightsUri)) links.push({ href: r.rightsUri, rel: 'license' });
  for (const f of files) links.push({ href: f.href, rel: 'item', ...(f.type ? { type: f.type } : {}) });
  links.push({ href: `${landing}/linkset`, rel: 'linkset', type: 'application/linkset+json' });
  links.push({ href: `${landing}/linkset`, rel: 'linkset', type: 'application/linkset' });
  return links;
}

/** A URI inside <...> must not contain ">" or spaces (RFC 8288 3.1); percent-encode them. */
const toLinkTarget = (href: string) => href.replace(/[<>\s"]/g, (c) => encodeURIComponent(c));

/**
 * The Link header value (RFC 8288). `type` is a plain quoted media type: never a quoted
 * string inside quotes (Zenodo once sent type="\"application/json\"", which parsers reject).
 */
export function toLinkHeader(links: SignpostLink[], anchor?: string): string {
  return links
    .map((l) => {
      const parts = [`<${toLinkTarget(l.href)}>`, `rel="${l.rel}"`];
      if (l.type) parts.push(`type="${l.type.replace(/"/g, '')}"`);
      if (anchor) parts.push(`anchor="${toLinkTarget(anchor)}"`);
      return parts.join(' ; ').replace(/ ; /g, '; ');
    })
    .join(', ');
}

/** application/linkset+json (RFC 9264 4.2): one context object, relations grouped by rel. */
export function toLinksetJson(links: SignpostLink[], anchor: string): { linkset: Record<string, unknown>[] } {
  // href is a URI reference (RFC 9264 4.2.2): the same encoded target as the Link header and the text form.
  const context: Record<string, unknown> = { anchor: toLinkTarget(anchor) };
  for (const l of links) {
    const targets = (context[l.rel] ??= []) as Record<string, string>[];
    const href = toLinkTarget(l.href);
    targets.push(l.type ? { href, type: l.type } : { href });
  }
  return { linkset: [context] };
}

/** application/linkset (RFC 9264 4.1): Link-header syntax with explicit anchors, one link per line. */
export function toLinksetText(links: SignpostLink[], anchor: string): string {
  return `${links.map((l) => toLinkHeader([l], anchor)).join(',\n')}\n`;
}
