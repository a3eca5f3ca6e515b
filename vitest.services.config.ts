import { defineConfig } from 'vitest/config';

// Tests that need a running server (PostgreSQL, Redis) or Debian peer tools; `.ci/run` starts them.
export default defineConfig({
  test: {
    include: ['src/**/*.services.test.ts', 'test/**/*.services.test.ts'],
    passWithNoTests: true,
    testTimeout: 120_000,
    pool: 'forks',
  },
});
