import { defineConfig } from 'vitest/config';

/**
 * The offline page's tests (`npm run test:web`): a real Chromium (Debian's, /usr/bin/chromium)
 * driven by playwright-core, against dist/pal-report.html built just before. One file at a
 * time: each starts a browser, and the CLI runs beside it for the comparisons.
 */
export default defineConfig({
  test: {
    include: ['test/web/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
