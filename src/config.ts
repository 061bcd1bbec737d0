/**
 * Configuration: one typed, validated object built from the environment at startup and
 * passed down explicitly. Nothing below the app assembly reads process.env.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The search engines this version has (see loadConfig on OpenSearch and Elasticsearch). */
export type SearchEngineKind = 'postgres';

export interface Config {
  /** A PostgreSQL URL, or null for the embedded default (PGlite in dataDir/pg). */
  databaseUrl: string | null;
  dataDir: string;
  baseUrl: string;
  port: number;
  /** Interface the server listens on. */
  host: string;
  secret: string;
  redisUrl: string | null;
  searchEngine: SearchEngineKind;
  searchUrl: string | null;
  /** Largest request body the REST API accepts, in bytes. */
  maxBodyBytes: number;
  /** Largest page size a search may ask for. */
  maxPageSize: number;
  oai: {
    repositoryName: string;
    repositoryIdentifier: string;
    adminEmails: string[];
    pageSize: number;
    maxConcurrentLists: number;
    stylesheetUrl: string | null;
  };
}

/** A bad configuration value: the message names the variable and the allowed forms. */
export class ConfigError extends Error {
  constructor(variable: string, value: string, allowed: string) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${allowed}.`);
    this.name = 'ConfigError';
  }
}

/** A configured service (DATABASE_URL, REDIS_URL) does not answer: one line naming it. */
export class ServiceUnreachable extends Error {
  constructor(variable: string, target: string, reason: string) {
    super(`cannot reach ${variable} (${target}): ${reason}`);
    this.name = 'ServiceUnreachable';
  }
}

/** A URL for messages: the password, if any, left out. */
export function redactUrl(raw: string): string {
  const u = new URL(raw);
  if (u.password) u.password = '***';
  return u.toString();
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, raw, `a whole number from ${min} to ${max}`);
  }
  return Number(raw);
}

function url(env: Env, name: string, schemes: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, raw, `a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new ConfigError(name, raw, `a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  }
  return raw;
}

/** The secret signs resumption tokens and webhooks; when not given it is generated once and kept in the data dir. */
function loadSecret(env: Env, dataDir: string): string {
  const raw = env.GRANARY_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 16) throw new ConfigError('GRANARY_SECRET', '<hidden>', 'at least 16 characters');
    return raw;
  }
  const file = join(dataDir, 'secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    // The kept secret signs resumption tokens and webhooks: it gets GRANARY_SECRET's check.
    if (kept.length < 16) throw new ConfigError('GRANARY_SECRET', '<hidden>', `at least 16 characters (${file} holds ${kept.length}; delete it to have a new one generated)`);
    return kept;
  }
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new ConfigError('GRANARY_DATA_DIR', dataDir, `a directory Granary can create and write (${(err as Error).message})`);
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Build and validate the configuration. Throws ConfigError naming the variable at fault. */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.GRANARY_DATA_DIR || './granary-data');
  const port = int(env, 'PORT', 8080, 0, 65535);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const rawEngine = env.SEARCH_ENGINE || 'postgres';
  // The SearchEngine interface (src/search/engine.ts) and the query AST are built for an
  // OpenSearch or Elasticsearch engine, but none is written yet. Naming one is refused, not
  // quietly served by PostgreSQL: an operator who points SEARCH_URL at a cluster must not
  // believe search runs there.
  if (rawEngine === 'opensearch' || rawEngine === 'elasticsearch') {
    throw new ConfigError('SEARCH_ENGINE', rawEngine, `postgres (the only engine in this version; an ${rawEngine} engine is not written yet)`);
  }
  if (rawEngine !== 'postgres') throw new ConfigError('SEARCH_ENGINE', rawEngine, 'postgres');
  const searchEngine: SearchEngineKind = rawEngine;
  const searchUrl = url(env, 'SEARCH_URL', ['http:', 'https:']);
  const baseRaw = env.GRANARY_BASE_URL || `http://localhost:${port}`;
  const base = url({ GRANARY_BASE_URL: baseRaw }, 'GRANARY_BASE_URL', ['http:', 'https:']) as string;
  const baseUrl = base.replace(/\/+$/, '');
  // oai-identifier.xsd: a domain name with at least two labels. A base URL on an IP address
  // or a bare host name (localhost) falls back to a placeholder domain.
  const DOMAIN = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/;
  const host = new URL(baseUrl).hostname;
  const repositoryIdentifier = env.GRANARY_OAI_REPOSITORY_IDENTIFIER || (DOMAIN.test(host) ? host : 'granary.localhost');
  if (!DOMAIN.test(repositoryIdentifier)) {
    throw new ConfigError('GRANARY_OAI_REPOSITORY_IDENTIFIER', repositoryIdentifier, 'a domain name with a dot, such as repo.example.org');
  }
  // OAI-PMH.xsd's emailType is the pattern \S+@(\S+\.)+\S+: the domain needs a dot, so
  // admin@localhost would make Identify invalid. The default uses the repository identifier.
  const emails = (env.GRANARY_ADMIN_EMAIL || `admin@${repositoryIdentifier}`).split(',').map((s) => s.trim());
  for (const e of emails) {
    if (!/^\S+@(\S+\.)+\S+$/.test(e)) throw new ConfigError('GRANARY_ADMIN_EMAIL', e, 'comma-separated e-mail addresses whose domain has a dot, such as curator@repo.example.org');
  }
  return {
    databaseUrl,
    dataDir,
    baseUrl,
    port,
    host: env.HOST || '0.0.0.0',
    secret: loadSecret(env, dataDir),
    redisUrl,
    searchEngine,
    searchUrl,
    maxBodyBytes: int(env, 'GRANARY_MAX_BODY_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxPageSize: int(env, 'GRANARY_MAX_PAGE_SIZE', 1000, 1, 10000),
    oai: {
      repositoryName: env.GRANARY_REPOSITORY_NAME || 'Granary',
      repositoryIdentifier,
      adminEmails: emails,
      pageSize: int(env, 'GRANARY_OAI_PAGE_SIZE', 100, 1, 5000),
      maxConcurrentLists: int(env, 'GRANARY_OAI_MAX_CONCURRENT_LISTS', 16, 1, 10000),
      stylesheetUrl: env.GRANARY_OAI_STYLESHEET?.startsWith('/') ? env.GRANARY_OAI_STYLESHEET : url(env, 'GRANARY_OAI_STYLESHEET', ['http:', 'https:']),
    },
  };
}
