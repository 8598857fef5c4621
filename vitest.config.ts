import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The renderer's pure logic is tested beside it (src-renderer/**/x.test.ts).
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src-renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and e2e tests start real processes and Chromium; two cores here.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
