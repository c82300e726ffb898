import { defineConfig } from 'vitest/config';

// unit: pure logic, no I/O. integration: the real server on a free port with a real database.
// e2e: a real Chromium driving the dashboard. Server processes are spawned from the production
// build, which `npm test` makes first.
export default defineConfig({
  resolve: { alias: { '@': new URL('./', import.meta.url).pathname } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser tests each start servers; two cores do not take more at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
