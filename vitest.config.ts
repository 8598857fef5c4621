import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and e2e tests start real processes and Chromium; two cores here.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
