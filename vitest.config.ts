import { defineConfig } from 'vitest/config';

// One run starts the shared runtimes (DynamoDB Local, workerd) once, in `test/setup/global.ts`;
// test files get their endpoints through `inject()` and keep their own tables/namespaces, so files
// run in parallel without sharing state.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The built bundles write their access-log lines to stdout, thousands per run: shown for a failing
    // test, where they help, and dropped for passing ones.
    silent: 'passed-only',
    // The hardening campaigns' figures (test/hardening/) are printed after the usual summary.
    reporters: ['default', './test/hardening/support/summary-reporter.ts'],
  },
});
