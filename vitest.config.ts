import { defineConfig } from 'vitest/config';

// Unit and contract tests: must pass on a machine with no servers and no Debian peers installed.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.services.test.ts', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
