// Runs a test script (a `*.script.ts` beside this file) with the Windows build of Node: under
// Wine off Windows, natively on Windows (./windows.ts). Bundled with esbuild, koffi left external
// and resolved from the repository's node_modules (through Z: under Wine), so test-only code that
// needs the NT layer (the access differential) stays out of the shipped CLI. The bundle is
// written under the cache, inside the repository, and removed when the test process exits.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { REPO } from './wine';
import { windows } from '../../../../../tools/testing/windows';

async function bundle(script: string): Promise<string> {
  const outDir = join(REPO, '.cache', 'objscope', 'scripts');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${script}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), `${script}.script.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['koffi'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  process.once('exit', () => rmSync(outfile, { force: true }));
  return outfile;
}

/** `<script>.script.ts` run with `job` as its one argument; its stdout parsed as JSON. */
export async function runWindowsScript<T>(script: string, job: unknown, opts: { timeoutMs?: number } = {}): Promise<T> {
  await windows.setup();
  const file = await bundle(script);
  const r = await windows.runNode([windows.toWindowsPath(file), JSON.stringify(job)], { timeoutMs: opts.timeoutMs ?? 170_000 });
  if (r.code !== 0) throw new Error(`${script} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  try {
    return JSON.parse(r.stdout) as T;
  } catch (e) {
    throw new Error(`${script} printed no valid JSON (${(e as Error).message}): ${r.stdout.slice(0, 500)}`);
  }
}
