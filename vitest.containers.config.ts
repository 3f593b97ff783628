import { defineConfig } from 'vitest/config';

/** Tests that start official images through testcontainers; they need a Docker engine. */
export default defineConfig({
  test: {
    include: ['test/containers/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
