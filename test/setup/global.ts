/**
 * vitest globalSetup: starts the services the suites need, once, and hands their URLs to
 * the suites through provide/inject. DATABASE_URL and REDIS_URL point at existing servers
 * instead. Under CI=true a service that cannot start fails the run; it is never skipped.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis, type Service } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    serviceErrors: string;
  }
}

const started: Service[] = [];

export async function setup(project: TestProject): Promise<void> {
  const errors: string[] = [];
  let databaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
  let redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? '';
  if (!databaseUrl) {
    try {
      const pg = await startPostgres();
      started.push(pg);
      databaseUrl = pg.url;
    } catch (err) {
      errors.push(`PostgreSQL: ${(err as Error).message}`);
    }
  }
  if (!redisUrl) {
    try {
      const redis = await startRedis();
      started.push(redis);
      redisUrl = redis.url;
    } catch (err) {
      errors.push(`Redis: ${(err as Error).message}`);
    }
  }
  if (errors.length && process.env.CI === 'true') {
    throw new Error(`Test services failed to start under CI=true:\n${errors.join('\n')}`);
  }
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('serviceErrors', errors.join('\n'));
}

export async function teardown(): Promise<void> {
  for (const s of started.reverse()) await s.stop();
}
