// The end-to-end suite: the real built agent serving the real built UI, driven in Debian's
// Chromium (Playwright cannot download browsers here). One project per source the agent can
// serve; each project's worker starts its own agent on a free port (support/fixtures.ts).
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { CACHE, CHROMIUM_ARGS, CHROMIUM_PATH } from './support/paths';
import type { SourceName } from './support/fixtures';
import { PROJECT_TAGS, UNTAGGED_PROJECT } from './support/tags';

const snapshotProjects = ['sample', 'synthetic', 'share'] as const;

export default defineConfig<object, { source: SourceName }>({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './support/global-setup.ts',
  // Two cores: the agent, Chromium and the test runner all compete for them.
  workers: 2,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  // scripts/test.mjs reads the JSON report from PLAYWRIGHT_JSON_OUTPUT_NAME; standalone runs
  // keep it beside the other e2e artefacts instead of flooding stdout.
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? join(CACHE, 'report.json') }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    ...snapshotProjects.map((source) => ({
      name: source,
      use: { source },
      grep: new RegExp(`@${source}\\b`),
    })),
    {
      name: 'wine',
      use: { source: 'wine' as const },
      grep: /@wine\b/,
      // One wineserver, one set of helper objects: the Wine tests share one worker.
      workers: 1,
      timeout: 120_000,
      expect: { timeout: 30_000 },
    },
    {
      // Every test no project above selects lands here, and the `tagged` fixture fails it: a
      // test without a project tag (or with a misspelt one) fails instead of never running.
      name: UNTAGGED_PROJECT,
      grepInvert: new RegExp(`(${PROJECT_TAGS.join('|')})\\b`),
    },
  ],
});
