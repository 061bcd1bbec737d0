/**
 * Every format Granary serves, in server-preference order (the order breaks ties in
 * content negotiation, RFC 9110 12.5.1, and orders 406 bodies and Signposting links).
 * REST negotiation, the landing page and the OAI-PMH provider all look formats up here.
 */
import type { Format } from './format.ts';
import { bibtexFormat } from './bibtex/format.ts';
import { createCitationFormat } from './citation/format.ts';
import { createCitationRenderer, type CitationRenderer } from './citation/render.ts';
import { cslFormat } from './csl/format.ts';
import { dataciteJsonFormat, dataciteXmlFormat, oaiDataciteFormat } from './datacite/format.ts';
import { dublinCoreFormat } from './dublin-core/format.ts';
import { jsonFormat, jsonLinesFormat } from './json/format.ts';
import { marcXmlFormat } from './marcxml/format.ts';
import { openaireFormat } from './openaire/format.ts';
import { risFormat } from './ris/format.ts';
import { schemaOrgFormat } from './schemaorg/format.ts';
import type { StyleInfo } from './citation/catalog.ts';

export interface FormatRegistryOptions {
  /** A folder of extra `.csl` styles and `locales-*.xml` files (see serializers/citation/styles/README.md). */
  extraStylesDir?: string;
}

/** Lookups over the registered formats. */
export interface FormatRegistry {
  /** All formats, server preference first. */
  listFormats(): Format[];
  byId(id: string): Format | undefined;
  /** By any of a format's media types, case-insensitively, parameters ignored. */
  byMediaType(mediaType: string): Format | undefined;
  byOaiPrefix(metadataPrefix: string): Format | undefined;
  /** Formats with an OAI-PMH metadataPrefix, for ListMetadataFormats. */
  oaiFormats(): Format[];
  /** Formats that only make sense for lists (JSON Lines); not offered for a single record. */
  isListOnly(format: Format): boolean;
  /** The citation styles and locales text/x-bibliography accepts. */
  listStyles(): { styles: StyleInfo[]; locales: string[] };
  /** The renderer behind text/x-bibliography (checks style/locale before a response starts). */
  citation: CitationRenderer;
}

/** Build the registry; create it once per app, since it reads the CSL styles from disk. */
export function createFormatRegistry(options: FormatRegistryOptions = {}): FormatRegistry {
  const citation = createCitationRenderer({ extraStylesDir: options.extraStylesDir });
  // Server preference: our own JSON first (what `Accept: */*` gets), then DataCite JSON so
  // that Zotero's equal-q Accept (DataCite JSON, Crossref, CSL-JSON) picks DataCite JSON,
  // as doi.org content negotiation does.
  const formats: Format[] = [
    jsonFormat,
    dataciteJsonFormat,
    dataciteXmlFormat,
    cslFormat,
    schemaOrgFormat,
    createCitationFormat(citation),
    bibtexFormat,
    risFormat,
    dublinCoreFormat,
    marcXmlFormat,
    openaireFormat,
    oaiDataciteFormat,
    jsonLinesFormat,
  ];
  const listOnly = new Set<Format>([jsonLinesFormat]);
  const byId = new Map(formats.map((f) => [f.id, f]));
  const byMediaType = new Map(formats.flatMap((f) => f.mediaTypes.map((m) => [m.toLowerCase(), f] as const)).reverse());
  const byOaiPrefix = new Map(formats.filter((f) => f.oai).map((f) => [f.oai!.metadataPrefix, f]));
  return {
    listFormats: () => [...formats],
    byId: (id) => byId.get(id),
    byMediaType: (mediaType) => byMediaType.get(mediaType.split(';')[0].trim().toLowerCase()),
    byOaiPrefix: (prefix) => byOaiPrefix.get(prefix),
    oaiFormats: () => formats.filter((f) => f.oai),
    isListOnly: (format) => listOnly.has(format),
    listStyles: () => ({ styles: citation.listStyles(), locales: citation.listLocales() }),
    citation,
  };
}
