/**
 * Harvest sources: what to harvest, from where, how often and with which loader. A source is
 * a JSON document valid against schemas/harvest/source-v1.0.0.json, plus checks a schema
 * cannot express (the cron expression, type-specific fields).
 */
import { CronExpressionParser } from 'cron-parser';
import { ValidationFailed, type FieldError } from '../src/errors.ts';
import type { RecordValidator } from '../src/records/schema.ts';

export const HARVEST_SOURCE_SCHEMA_ID = 'local://harvest/source-v1.0.0.json';

export type FeedType = 'oai-pmh' | 'datacite-api' | 'crossref-api' | 'resourcesync';
export type LoaderName = 'oai_dc' | 'datacite-xml' | 'datacite-json' | 'marc21' | 'oai_openaire' | 'crossref';
export type DateWindow = 'none' | 'monthly' | 'daily';

export interface HarvestOptions {
  pageSize?: number;
  /** Most requests per second. */
  rateLimit?: number;
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterSeconds?: number;
  dateWindow?: DateWindow;
  headers?: Record<string, string>;
}

/** A configured feed. */
export interface HarvestSource {
  $schema?: string;
  id: string;
  name?: string;
  type: FeedType;
  url: string;
  metadataPrefix?: string;
  sets?: string[];
  query?: string;
  schedule?: string;
  loader?: LoaderName;
  enabled?: boolean;
  from?: string;
  options?: HarvestOptions;
}

/** The loader a source uses: its own choice, else the natural one for its feed and prefix. */
export function toLoaderName(source: HarvestSource): LoaderName | undefined {
  if (source.loader) return source.loader;
  switch (source.type) {
    case 'datacite-api':
      return 'datacite-json';
    case 'crossref-api':
      return 'crossref';
    case 'resourcesync':
      return undefined; // chosen per resource from its media type
    case 'oai-pmh':
      return toLoaderForPrefix(source.metadataPrefix ?? '');
  }
}

/** The loader for an OAI-PMH metadataPrefix, by the names repositories commonly use. */
export function toLoaderForPrefix(prefix: string): LoaderName | undefined {
  const p = prefix.toLowerCase();
  if (p === 'oai_dc' || p === 'dc') return 'oai_dc';
  if (p === 'oai_datacite' || p === 'datacite' || p === 'datacite4' || p === 'oai_datacite4') return 'datacite-xml';
  if (p === 'marc21' || p === 'marcxml' || p === 'marc') return 'marc21';
  if (p === 'oai_openaire' || p === 'openaire') return 'oai_openaire';
  return undefined;
}

function cronErrors(expr: string): FieldError[] {
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' });
    return [];
  } catch (err) {
    return [{ pointer: '/schedule', message: `not a cron expression (${(err as Error).message}); e.g. "0 3 * * *" for 03:00 UTC daily` }];
  }
}

/**
 * Validate a source document and return it as a HarvestSource (with `$schema` set).
 * Throws ValidationFailed listing every problem with a JSON pointer.
 * @example defineHarvestSource(validator, { id: 'zenodo', type: 'oai-pmh', url: 'https://zenodo.org/oai2d', metadataPrefix: 'oai_dc' })
 */
export function defineHarvestSource(validator: RecordValidator, input: unknown): HarvestSource {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationFailed('A harvest source must be a JSON object.', [{ pointer: '', message: 'must be a JSON object' }]);
  }
  const doc = { ...(input as Record<string, unknown>), $schema: HARVEST_SOURCE_SCHEMA_ID };
  const errors = validator.validate(doc, 'harvest');
  if (!errors.length) {
    const src = doc as unknown as HarvestSource;
    if (src.schedule !== undefined) errors.push(...cronErrors(src.schedule));
    if (src.type !== 'oai-pmh') {
      if (src.sets !== undefined) errors.push({ pointer: '/sets', message: 'sets apply only to oai-pmh sources' });
      if (src.metadataPrefix !== undefined) errors.push({ pointer: '/metadataPrefix', message: 'metadataPrefix applies only to oai-pmh sources' });
      if (src.options?.dateWindow && src.options.dateWindow !== 'none' && src.type === 'resourcesync') {
        errors.push({ pointer: '/options/dateWindow', message: 'date windows apply to oai-pmh, datacite-api and crossref-api sources' });
      }
    }
    if (src.type === 'oai-pmh' && src.query !== undefined) errors.push({ pointer: '/query', message: 'oai-pmh sources select records with sets, not a query' });
    if (src.type === 'oai-pmh' && src.loader === undefined && !toLoaderForPrefix(src.metadataPrefix ?? '')) {
      errors.push({ pointer: '/loader', message: `no default loader for metadataPrefix "${src.metadataPrefix}"; name one of oai_dc, datacite-xml, marc21, oai_openaire` });
    }
  }
  if (errors.length) throw new ValidationFailed('The harvest source is not valid.', errors);
  return doc as unknown as HarvestSource;
}
