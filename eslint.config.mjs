// ESLint 9 flat config: `npm test` runs it over the whole repository with type information and
// fails on any warning (`npm run lint`). The rules are the ones that catch real bugs here: a
// promise nobody awaits, a promise where a boolean or void callback is expected, hooks called
// conditionally or with missing dependencies, a test that is skipped, focused or that asserts
// conditionally.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import vitest from '@vitest/eslint-plugin';
import playwright from 'eslint-plugin-playwright';
import globals from 'globals';

const root = import.meta.dirname;

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      'apps/web/out/**',
      'apps/web/next-env.d.ts',
      '.cache/**',
      'e2e/test-results/**',
      'demo-output/**',
      'bench-results/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        tsconfigRootDir: root,
        project: [
          './packages/core/tsconfig.test.json',
          './packages/api/tsconfig.json',
          './packages/nt/tsconfig.json',
          './packages/fleet/tsconfig.json',
          './apps/agent/tsconfig.json',
          './apps/web/tsconfig.json',
          './e2e/tsconfig.json',
          './tsconfig.scripts.json',
          './tools/testing/tsconfig.json',
          './bench/win/tsconfig.json',
        ],
      },
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Off on purpose: koffi's FFI and parsed JSON are typed `any` by their libraries, and
      // tsc's strict mode already rejects implicit any, so the no-unsafe-* family would only
      // flag those boundaries. An async function that does not await implements a
      // Promise-returning interface (ObjectSource, tRPC resolvers); a redundant assertion is
      // noise, not a bug.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Scripts with a hand-written .d.mts beside them: TypeScript reads the declarations, not the
    // JavaScript, so these files are linted without type information.
    files: ['scripts/lib/browser.mjs', 'scripts/lib/net.mjs', 'scripts/lib/stats.mjs', 'scripts/lock.mjs', 'tools/wine/harness.mjs', 'tools/testing/windows-script.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // `Ptr | null`: koffi's opaque pointer type is `unknown`, and the union still documents that
    // the handle may be absent.
    files: ['packages/nt/src/zombies.ts', 'packages/nt/src/holders.ts'],
    rules: { '@typescript-eslint/no-redundant-type-constituents': 'off' },
  },
  {
    // The UI bench runs some of its functions in the page (page.evaluate).
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/test/**/*.test.ts', 'scripts/test/**/*.ts'],
    plugins: { vitest },
    settings: { vitest: { typecheck: true } },
    rules: {
      ...vitest.configs.recommended.rules,
      // expect(value, message): vitest's second argument is the failure message.
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      'vitest/no-conditional-expect': 'error',
      'vitest/no-disabled-tests': 'error',
      'vitest/no-focused-tests': 'error',
    },
  },
  {
    files: ['e2e/**/*.ts'],
    ...playwright.configs['flat/recommended'],
    rules: {
      ...playwright.configs['flat/recommended'].rules,
      'playwright/no-conditional-expect': 'error',
      'playwright/no-skipped-test': 'error',
      'playwright/no-focused-test': 'error',
    },
  },
  {
    // Demo tours are paced for a human watching the video: waiting is their purpose.
    files: ['e2e/tours/**/*.ts'],
    rules: { 'playwright/no-wait-for-timeout': 'off' },
  },
);
