// Imports the repository's TypeScript sources from plain .mjs scripts (benches, the sample
// maker): esbuild bundles an entry written inline into one ESM file, which is imported from a
// scratch folder under node_modules so its bare imports (koffi, superjson) still resolve.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * @param {string} root  repository root; the entry's relative imports resolve from here
 * @param {string} source  TypeScript entry, e.g. "export * from './packages/core/src/index.ts';"
 * @param {{ platform?: 'node' | 'neutral' }} [opts]  'neutral' bundles the way a browser would
 *   (no Node built-ins), which the snapshot bench wants to measure the page's code path
 */
export async function importTs(root, source, opts = {}) {
  const platform = opts.platform ?? 'node';
  const r = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    platform,
    ...(platform === 'neutral' ? { mainFields: ['module', 'main'] } : {
      external: ['koffi', '@duckdb/node-api'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const dir = mkdtempSync(join(root, 'node_modules', '.objscope-ts-'));
  writeFileSync(join(dir, 'entry.mjs'), r.outputFiles[0].text);
  try {
    return await import(pathToFileURL(join(dir, 'entry.mjs')).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
