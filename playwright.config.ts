import { defineConfig } from '@playwright/test';

/**
 * End-to-end specs: Debian's Chromium (never a downloaded browser) against the loopback host
 * running the built app (`npm run build` first; `npm test` does). Screenshots land in
 * test-results/ as artifacts.
 */
export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts', 'security/**/*.spec.ts'],
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: CI has two cores shared by the station, Chromium and the test runner.
  timeout: 90_000,
  // The JSON report feeds the short digest of what failed at the end of `npm test` (scripts/failure-digest.mjs).
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
