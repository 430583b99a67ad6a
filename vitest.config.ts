import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on real child processes (sshd, the trainer, a terminal): two files at a time keep both
    // cores busy where vitest's default (cores - 1) would run one file at a time on a 2-core machine.
    maxWorkers: 2,
    // No retries: a test that fails once is a defect to fix, on CI as here.
    retry: 0,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Tests read glyphs (✔ ✖ ❯ …): a UTF-8 locale whatever the machine's, since a non-UTF-8 one gets ASCII.
    env: { FORCE_COLOR: '0', NO_COLOR: '1', LC_ALL: 'C.UTF-8' },
  },
});
