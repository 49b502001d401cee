import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code; cross-process integration tests live in test/integration.
// Browser end-to-end specs (test/e2e, test/electron) belong to Playwright, not Vitest.
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'native/**/*.test.ts', 'service/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'eslint/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The JSON report feeds the short digest of what failed at the end of `npm test` (scripts/failure-digest.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-report.json' },
  },
});
