import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // e2e files each start their own lab on their own loopback block; two at a time fit 2 cores.
    maxWorkers: 2,
  },
});
