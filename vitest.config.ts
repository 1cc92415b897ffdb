import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs anywhere (parsers on hand-built buffers, core, api over HTTP
// against snapshots); `wine` drives the real NT code paths through Windows Node under Wine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
          exclude: ['**/test/wine/**', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'wine',
          include: ['packages/*/test/wine/**/*.test.ts', 'apps/*/test/wine/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          // Wine processes share one wineserver; files run one after another, tests are slow.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
