import { defineConfig } from 'vitest/config';

// One runner for the whole repository: unit tests beside the code, cross-module and browser tests in test/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: the database suites share PostgreSQL and Redis, so keep parallelism modest.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
