/**
 * Facet and filter names shared by every engine and by the REST layer, which reads
 * filters from query parameters (`?type=Dataset&year=2014&year=2015`).
 */
import { BadRequest } from '../errors.ts';

/** Facets every search returns, in display order; each is also a filter of the same name. */
export const FACETS = ['type', 'year', 'subject', 'creator', 'language', 'access'] as const;

/** A facet (and filter) name. */
export type FacetName = (typeof FACETS)[number];

/** Filter names a search accepts (the facet names: a selected bucket is a filter). */
export const FILTER_NAMES: readonly string[] = FACETS;

/** Buckets returned per facet: the top ones by count, then by key. */
export const FACET_SIZE = 10;

const ACCESS_LEVELS = ['public', 'restricted', 'embargoed'];
const MAX_VALUES = 50;

function invalid(name: string, message: string): BadRequest {
  return new BadRequest(`Invalid filter ${name}: ${message}`, [{ pointer: `/${name}`, message }]);
}

/** Is this a filter name (for picking filters out of query parameters)? */
export function isFilterName(name: string): name is FacetName {
  return FILTER_NAMES.includes(name);
}

/**
 * The facets a search computes, in FACETS order: all for true or absent, none for false,
 * else the names given. Throws BadRequest with pointer /facets for an unknown name.
 */
export function parseFacetSelection(facets: boolean | readonly string[] | undefined): FacetName[] {
  if (facets === undefined || facets === true) return [...FACETS];
  if (facets === false) return [];
  for (const name of facets) {
    if (!isFilterName(name)) {
      const message = `"${name}" is not a facet; the facets are ${FACETS.join(', ')}.`;
      throw new BadRequest(`Invalid facets: ${message}`, [{ pointer: '/facets', message }]);
    }
  }
  return FACETS.filter((f) => facets.includes(f));
}

/**
 * Check filters by facet name: known names, bounded, well-formed values. Empty lists and
 * blank values are dropped. Throws BadRequest with pointer /<name>.
 *
 * Engines match `type` and `language` values without regard to case, as `type:` and
 * `language:` in the query syntax (ast.ts): `?type=dataset` selects the Dataset bucket.
 * Subjects and creators match exactly: their values are picked from buckets.
 */
export function parseFilters(filters: Record<string, string[]> | undefined): Partial<Record<FacetName, string[]>> {
  const out: Partial<Record<FacetName, string[]>> = {};
  for (const [name, raw] of Object.entries(filters ?? {})) {
    if (!isFilterName(name)) throw invalid(name, `unknown filter; the filters are ${FILTER_NAMES.join(', ')}.`);
    // NFC, as stored records and `q` are (records/normalize.ts): a decomposed "ö" in a URL still matches.
    const values = [...new Set((Array.isArray(raw) ? raw : [raw]).map((v) => String(v).normalize('NFC').trim()).filter((v) => v !== ''))];
    if (values.length > MAX_VALUES) throw invalid(name, `at most ${MAX_VALUES} values.`);
    for (const v of values) {
      if (name === 'year' && !/^-?\d{1,6}$/.test(v)) throw invalid(name, `"${v}" is not a year; use a whole number such as 2014.`);
      if (name === 'access' && !ACCESS_LEVELS.includes(v)) throw invalid(name, `"${v}" is not one of ${ACCESS_LEVELS.join(', ')}.`);
    }
    if (values.length) out[name] = values;
  }
  return out;
}
