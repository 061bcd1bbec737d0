/**
 * FAIR Signposting (signposting.org/FAIR): level 1 as HTTP Link headers on the landing page,
 * level 2 as a linkset (RFC 9264) at /records/:id/linkset. Every URL is built from the
 * configured base URL, never from the request's Host header.
 */
import type { GranaryRecord } from '../../src/records/types.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import { isWebUrl, toDoiUrl, toLandingUrl, toOrcidUrl, toRorUrl } from '../../serializers/csl/record-fields.ts';
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
  // FAIR Signposting 2.1.1: an author link for each author with a persistent identifier
  // (an ORCID for a person, a ROR for an organisation), each once.
  const authors = new Set<string>();
  for (const c of record.creators ?? []) {
    const id = toOrcidUrl(c) ?? toRorUrl(c);
    if (id && !authors.has(id)) {
      authors.add(id);
      links.push({ href: id, rel: 'author' });
    }
  }
  // At most one license (FAIR Signposting: 0..1): the first that is a web URL.
  const license = record.rightsList?.find((r) => isWebUrl(r.rightsUri));
  if (license) links.push({ href: license.rightsUri as string, rel: 'license' });
  for (const f of files) links.push({ href: f.href, rel: 'item', ...(f.type ? { type: f.type } : {}) });
  links.push({ href: `${landing}/linkset`, rel: 'linkset', type: 'application/linkset+json' });
  links.push({ href: `${landing}/linkset`, rel: 'linkset', type: 'application/linkset' });
  return links;
}

/** More authors (or files) than this are left to the linkset (toHeaderLinks). */
const MAX_HEADER_LINKS_PER_REL = 20;

/**
 * The links of the Link header: all of them, but for a record with more than
 * MAX_HEADER_LINKS_PER_REL authors or files, none of those (FAIR Signposting 2.1.1 advises keeping
 * the header small; a 400-author record made a 24 kB header that Node's own HTTP client
 * refuses). The linkset, which the header links to, always has every link.
 */
export function toHeaderLinks(links: SignpostLink[]): SignpostLink[] {
  const count = (rel: string) => links.filter((l) => l.rel === rel).length;
  const drop = new Set(['author', 'item'].filter((rel) => count(rel) > MAX_HEADER_LINKS_PER_REL));
  return drop.size ? links.filter((l) => !drop.has(l.rel)) : links;
}

/** A URI inside <...> must not contain ">" or spaces (RFC 8288 3.1); percent-encode them. */
export const toLinkTarget = (href: string) => href.replace(/[<>\s"]/g, (c) => encodeURIComponent(c));

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

/**
 * The linkset's contexts: the landing page with its links, then each metadata document it
 * is `describedby` with a `describes` link back (FAIR Signposting 2.2.3: at level 2 the
 * linkset also gives the links from the metadata resources).
 */
function toContexts(links: SignpostLink[], anchor: string): { anchor: string; links: SignpostLink[] }[] {
  const described = links.filter((l) => l.rel === 'describedby');
  return [{ anchor, links }, ...described.map((d) => ({ anchor: d.href, links: [{ href: anchor, rel: 'describes', type: 'text/html' }] }))];
}

/** application/linkset+json (RFC 9264 4.2): one object per context, relations grouped by rel. */
export function toLinksetJson(links: SignpostLink[], anchor: string): { linkset: Record<string, unknown>[] } {
  // href is a URI reference (RFC 9264 4.2.2): the same encoded target as the Link header and the text form.
  return {
    linkset: toContexts(links, anchor).map((ctx) => {
      const context: Record<string, unknown> = { anchor: toLinkTarget(ctx.anchor) };
      for (const l of ctx.links) {
        const targets = (context[l.rel] ??= []) as Record<string, string>[];
        const href = toLinkTarget(l.href);
        targets.push(l.type ? { href, type: l.type } : { href });
      }
      return context;
    }),
  };
}

/** application/linkset (RFC 9264 4.1): Link-header syntax with explicit anchors, one link per line. */
export function toLinksetText(links: SignpostLink[], anchor: string): string {
  const lines = toContexts(links, anchor).flatMap((ctx) => ctx.links.map((l) => toLinkHeader([l], ctx.anchor)));
  return `${lines.join(',\n')}\n`;
}
