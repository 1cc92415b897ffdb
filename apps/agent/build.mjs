// Bundles the CLI/agent into one ESM file so the same file runs under Linux Node and under
// Windows Node in Wine (which resolves koffi from the same node_modules through Z:).
import { build } from 'esbuild';
await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/objscope.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['koffi'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
