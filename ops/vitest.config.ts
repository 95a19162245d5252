import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The browser tests need the built pages: built here once when missing or older than their sources.
    globalSetup: ['src/pages/pages.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
