/**
 * Server-driven content negotiation (RFC 9110 12.5.1) over the format registry. Pure: the
 * header and the `?format=` value in, a format and its Accept parameters out.
 */
import type { Format } from '../../serializers/format.ts';
import type { FormatRegistry } from '../../serializers/registry.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { parseAccept, toAcceptWeight } from './negotiation-accept.ts';

/** The negotiated representation: the format, the media type matched, and Accept parameters. */
export interface NegotiatedChoice {
  format: Format;
  /** The format's media type that was matched (its canonical one for wildcards and ?format=). */
  mediaType: string;
  /** Media-type parameters from the matching Accept range (style, locale, output...). */
  params: Record<string, string>;
}

export interface NegotiateOptions {
  /** Negotiating for a list response: only formats that can hold a list qualify. */
  list: boolean;
  /** For a single record: skip formats that cannot express it (Format.supports). */
  record?: GranaryRecord;
}

function eligible(format: Format, registry: FormatRegistry, options: NegotiateOptions): boolean {
  if (options.list) return format.serializeList !== undefined;
  if (registry.isListOnly(format)) return false;
  return !options.record || !format.supports || format.supports(options.record);
}

/**
 * Choose a representation. `formatParam` (`?format=`, a format id or a media type) overrides
 * the header. No Accept header means any format: the registry's first eligible one. Returns
 * null when nothing acceptable remains (answer 406); q=0 means "not acceptable".
 * @example negotiate('text/x-bibliography; style=apa', undefined, registry, { list: false })
 */
export function negotiate(
  accept: string | undefined,
  formatParam: string | undefined,
  registry: FormatRegistry,
  options: NegotiateOptions,
): NegotiatedChoice | null {
  const formats = registry.listFormats().filter((f) => eligible(f, registry, options));
  if (formatParam !== undefined && formatParam.trim() !== '') {
    const wanted = formatParam.trim();
    const format = registry.byId(wanted) ?? registry.byMediaType(wanted);
    if (!format || !formats.includes(format)) return null;
    const mediaType = format.mediaTypes.find((m) => m === wanted.split(';')[0].trim().toLowerCase()) ?? format.mediaTypes[0];
    // ?format=text/x-bibliography;style=ieee keeps its parameters, as the same Accept would.
    const params = wanted.includes(';') ? (parseAccept(wanted)[0]?.params ?? {}) : {};
    return { format, mediaType, params };
  }
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return formats[0] ? { format: formats[0], mediaType: formats[0].mediaTypes[0], params: {} } : null;
  let best: (NegotiatedChoice & { q: number }) | undefined;
  for (const format of formats) {
    for (const mediaType of format.mediaTypes) {
      const weight = toAcceptWeight(ranges, mediaType);
      // Strictly greater: earlier formats (server preference) win ties.
      if (weight && weight.q > 0 && (!best || weight.q > best.q)) best = { format, mediaType, params: weight.params, q: weight.q };
    }
  }
  return best ? { format: best.format, mediaType: best.mediaType, params: best.params } : null;
}
