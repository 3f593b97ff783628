import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Process-wide settings that vigil's entry point makes at start.
    setupFiles: ['test/helpers/setup.ts'],
    // Need a Docker engine: npm run test:containers.
    exclude: ['test/containers/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
