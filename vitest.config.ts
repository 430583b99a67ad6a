import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Real sshd, real terminals and real child processes: on CI a test that failed is run once more, so a
    // one-off scheduling hiccup on a loaded 2-core machine does not fail the run; a real failure fails twice.
    retry: process.env.CI === 'true' ? 1 : 0,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
  },
});
