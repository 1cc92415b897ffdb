// package-lock.json must carry every platform's optional native packages, or `npm ci` refuses it
// on the platforms it lacks (macOS and Windows lacked turbo's, next's swc and tailwind's oxide).
// scripts/lock.mjs repairs a lock; this keeps a merge from bringing the gap back unnoticed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingOptional } from '../lock.mjs';

const lock = JSON.parse(readFileSync(fileURLToPath(new URL('../../package-lock.json', import.meta.url)), 'utf8')) as Parameters<typeof missingOptional>[0];

describe('package-lock.json', () => {
  it('has every optional platform package of every locked package (else run node scripts/lock.mjs)', () => {
    expect(missingOptional(lock)).toEqual([]);
  });

  it('carries the Windows and macOS builds of the native tools, not only Linux ones', () => {
    for (const name of ['@turbo/windows-64', '@turbo/darwin-arm64', '@esbuild/win32-x64', '@next/swc-win32-x64-msvc', '@tailwindcss/oxide-darwin-arm64']) {
      expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
    }
  });

  it('the check finds an optional package that is missing, looking up nested node_modules like npm', () => {
    const packages = {
      '': {},
      'node_modules/tool': { optionalDependencies: { '@tool/win': '1.0.0', '@tool/linux': '1.0.0' } },
      'node_modules/tool/node_modules/@tool/linux': {},
      'node_modules/other': { optionalDependencies: { shared: '2.0.0' } },
      'node_modules/shared': {},
    };
    expect(missingOptional({ packages })).toEqual([{ key: 'node_modules/tool', dep: '@tool/win', version: '1.0.0' }]);
  });
});
