/**
 * Content negotiation wired into /api/records: one record in any registered format, and
 * search results as JSON (the default) or as a list format (CSL-JSON array, BibTeX, RIS,
 * JSON Lines) when Accept or ?format= prefers one.
 */
import type { Context } from 'hono';
import type { FormatRegistry } from '../../serializers/registry.ts';
import type { GranaryRecord } from '../../src/records/types.ts';
import { negotiate } from './negotiation.ts';
import { parseAccept, toAcceptWeight } from './negotiation-accept.ts';
import { representList, representNotAcceptable, representRecord } from './represent.ts';

export function createRepresenters(registry: FormatRegistry, baseUrl: string, linkHeader?: (rec: GranaryRecord) => string) {
  return {
    represent(c: Context, record: GranaryRecord): Response {
      const choice = negotiate(c.req.header('Accept'), c.req.query('format'), registry, { list: false, record });
      if (!choice) return representNotAcceptable(c, registry, { list: false, record });
      return representRecord(c, record, choice, { baseUrl, headers: linkHeader ? { Link: linkHeader(record) } : {} });
    },
    /** null means: answer with the search JSON. */
    representList(c: Context, records: GranaryRecord[]): Response | null {
      const format = c.req.query('format');
      if (format !== undefined && ['json', 'application/json'].includes(format.trim().toLowerCase())) return null;
      const ranges = parseAccept(c.req.header('Accept'));
      const jsonQ = ranges.length ? (toAcceptWeight(ranges, 'application/json')?.q ?? 0) : 1;
      const choice = negotiate(c.req.header('Accept'), format, registry, { list: true });
      if (format === undefined && (!choice || jsonQ >= (toAcceptWeight(ranges, choice.mediaType)?.q ?? 0))) {
        if (jsonQ > 0) return null;
      }
      if (!choice) return representNotAcceptable(c, registry, { list: true });
      return representList(c, records, choice, { baseUrl });
    },
  };
}
