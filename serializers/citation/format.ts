/**
 * text/x-bibliography: a formatted citation (DataCite content negotiation's name for it).
 * `style`, `locale` and `output` come from SerializeOptions, which negotiation fills from
 * the Accept parameters or the query string.
 */
import type { Format } from '../format.ts';
import { toCsl } from '../csl/to-csl.ts';
import type { CitationRenderer } from './render.ts';

/** The citation format over one renderer (the registry makes one with its extra styles). */
export function createCitationFormat(renderer: CitationRenderer): Format {
  return {
    id: 'citation',
    mediaTypes: ['text/x-bibliography'],
    extension: 'txt',
    label: 'Formatted citation (CSL)',
    serialize: (record, o) => renderer.render([toCsl(record, o)], { style: o.style, locale: o.locale, output: o.output }),
    serializeList: (records, o) =>
      renderer.render(records.map((r) => toCsl(r, o)), { style: o.style, locale: o.locale, output: o.output }),
  };
}
