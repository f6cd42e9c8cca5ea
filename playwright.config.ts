// End-to-end tests drive the real UI (served by `podlab serve`) in Debian's Chromium against the real engine.
import { defineConfig } from '@playwright/test';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  // The screenshot generator for docs/ is not a test: it runs only on demand (PODLAB_SCREENSHOTS=1).
  testIgnore: process.env.PODLAB_SCREENSHOTS ? [] : ['**/screenshots.spec.ts'],
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.PODLAB_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
