/** What every verb handler needs: the dependencies the app assembly passes in, resolved once. */
import type { Config } from '../../src/config.ts';
import type { Pool } from '../../src/db/pool.ts';
import type { Format } from '../../serializers/format.ts';
import { createTokenCodec, type TokenCodec } from './token.ts';

/** Where OAI formats come from: the serializer registry, or any object with these two methods. */
export interface OaiFormatSource {
  oaiFormats(): Format[];
  byOaiPrefix(prefix: string): Format | undefined;
}

/** createOaiRouter's dependencies. */
export interface OaiRouterDeps {
  pool: Pool;
  config: Pick<Config, 'baseUrl' | 'secret' | 'oai'>;
  formats: OaiFormatSource;
  /** The path the router is mounted at (default /oai); the OAI base URL is config.baseUrl + this. */
  path?: string;
  now?: () => Date;
}

/** Resolved per-router state shared by the verb handlers. */
export interface OaiContext {
  pool: Pool;
  formats: OaiFormatSource;
  /** The OAI base URL (section 3.1: the <request> content and Identify baseURL). */
  baseUrl: string;
  /** Public base URL of the repository, for the serializers' links. */
  siteUrl: string;
  oai: Config['oai'];
  tokens: TokenCodec;
  now: () => Date;
}

/** Build the handlers' context from the router's dependencies. */
export function createOaiContext(deps: OaiRouterDeps): OaiContext {
  return {
    pool: deps.pool,
    formats: deps.formats,
    baseUrl: deps.config.baseUrl + (deps.path ?? '/oai'),
    siteUrl: deps.config.baseUrl,
    oai: deps.config.oai,
    tokens: createTokenCodec(deps.config.secret),
    now: deps.now ?? (() => new Date()),
  };
}

/** A record's OAI identifier (oai-identifier scheme): oai:<repositoryIdentifier>:<recid>. */
export function toOaiIdentifier(ctx: OaiContext, id: string): string {
  return `oai:${ctx.oai.repositoryIdentifier}:${id}`;
}

/** The recid in one of our OAI identifiers, or null for any other identifier. */
export function parseOaiIdentifier(ctx: OaiContext, identifier: string): string | null {
  const prefix = `oai:${ctx.oai.repositoryIdentifier}:`;
  if (!identifier.startsWith(prefix)) return null;
  const id = identifier.slice(prefix.length);
  return id.length > 0 && id.length <= 200 ? id : null;
}
