// The one way test support and benches run a TypeScript module of this repository with the
// Windows build of Node (under Wine off Windows, natively on Windows): the agent's Wine tests
// (`*.script.ts`), packages/nt's probes (`*.probe.ts`) and the holder and zombie benches
// (bench/win/*.ts). Code that only tests or benches need (a naive baseline, a pause between
// two kernel calls) stays out of the shipped CLI this way.
//
// The module is bundled with esbuild, koffi left external: koffi's win32_x64 binary is loaded
// from the repository's node_modules, so the bundle is written inside the repository (under
// .cache, whatever OBJSCOPE_CACHE says), where `require('koffi')` finds node_modules by walking
// up (through Z: under Wine). One bundle per module and test process, removed when it exits.
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as harness from '../wine/harness.mjs';

/** @type {Map<string, Promise<string>>} */
const bundles = new Map();

/** @param {string} entry absolute path of the module */
function bundle(entry) {
  let p = bundles.get(entry);
  if (!p) {
    const outDir = join(harness.ROOT, '.cache', 'objscope', 'scripts');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.mjs`);
    p = import('esbuild')
      .then(({ build }) =>
        build({
          entryPoints: [entry],
          outfile,
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          external: ['koffi'],
          banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
          logLevel: 'warning',
        }),
      )
      .then(() => {
        process.once('exit', () => rmSync(outfile, { force: true }));
        return outfile;
      });
    bundles.set(entry, p);
  }
  return p;
}

/** The Wine harness as a runner (what the benches and the nt probes use). */
export const wineRunner = {
  setup: () => harness.setup(),
  /** @param {string[]} args @param {{ timeoutMs?: number }} [opts] */
  runNode: (args, opts) => harness.runNode(args, opts),
  /** @param {string} path */
  toWindowsPath: (path) => harness.toWindowsPath(path),
};

/**
 * Runs `entry` with the Windows build of Node, `job` (JSON) its one argument, and parses the one
 * JSON document it prints. `value` is null when it printed none (it crashed, or hung and was
 * killed after `timeoutMs`); callers decide whether that is an error.
 * @template T
 * @param {string} entry
 * @param {unknown} job
 * @param {{ timeoutMs?: number, runner?: { setup: () => Promise<unknown>, runNode: (args: string[], opts?: { timeoutMs?: number }) => Promise<import('../wine/harness.mjs').RunResult>, toWindowsPath: (path: string) => string } }} [opts]
 * @returns {Promise<{ code: number, value: T | null, stdout: string, stderr: string }>}
 */
export async function runWindowsModule(entry, job, opts = {}) {
  const runner = opts.runner ?? wineRunner;
  await runner.setup();
  const file = await bundle(entry);
  const r = await runner.runNode([runner.toWindowsPath(file), JSON.stringify(job)], { timeoutMs: opts.timeoutMs ?? 170_000 });
  let value = null;
  try {
    value = r.stdout.trim() ? JSON.parse(r.stdout) : null;
  } catch {
    value = null;
  }
  return { code: r.code, value, stdout: r.stdout, stderr: r.stderr };
}
