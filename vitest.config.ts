import { defineConfig } from 'vitest/config';

/**
 * Test files run side by side on every core (vitest's default leaves one core idle), in forked
 * workers that keep their module graph between files: the files share no mutable state, and
 * importing the pipeline once per worker instead of once per file saves a third of the suite.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: '100%',
    isolate: false,
    // tests that run the demo project take 1–3 s alone and up to three times that on a loaded 2-core machine
    testTimeout: 20_000,
  },
});
