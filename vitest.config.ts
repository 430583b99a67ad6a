import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // No retries: a test that fails once is a defect to fix, on CI as here.
    retry: 0,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
  },
});
