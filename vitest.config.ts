import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites share one PostgreSQL cluster and one Redis; each uses its own database or key prefix.
    pool: 'forks',
    maxWorkers: 2,
  },
});
