import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'jobs/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests never reach beyond loopback; see test/helpers/network-guard.ts.
    setupFiles: ['test/helpers/network-guard.ts'],
  },
});
