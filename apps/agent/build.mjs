// Bundles the CLI/agent into one ESM file so the same file runs under Linux Node and under
// Windows Node in Wine (which resolves koffi from the same node_modules through Z:). The scan
// process is a second, separate entry (dist/holders-worker.mjs): a child cannot start from the
// CLI bundle without running the CLI, and this one carries only the NT layer.
// dist/sea-main.cjs is the entry of objscope.exe (scripts/package.mjs): Node 20 runs a
// single-executable application's main script only as CommonJS.
import { build } from 'esbuild';
await build({
  entryPoints: [
    { in: 'src/cli.ts', out: 'objscope' },
    // Snapshot diffs and exports (snapshot-jobs.ts): also a separate entry, carrying core and api only.
    { in: 'src/snapshot-jobs-entry.ts', out: 'snapshot-jobs' },
    // The scan process (holders-worker.ts, scan-process.ts): holder, process-handle and zombie
    // scans in a long-lived child process whose exit closes whatever a stopped scan had open.
    { in: 'src/holders-worker-entry.ts', out: 'holders-worker' },
    // `fleet add`'s decode threads (packages/fleet/src/decode-worker.ts): a thread starts from a file.
    { in: '../../packages/fleet/src/decode-worker.ts', out: 'fleet-decode' },
  ],
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // DuckDB's binding is a native .node file per platform (packages/fleet): loaded from
  // node_modules like koffi, never bundled.
  external: ['koffi', '@duckdb/node-api'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
await build({
  entryPoints: [{ in: 'src/sea-main.ts', out: 'sea-main' }],
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
