// Runs a probe (a TypeScript module beside the specs, `*.probe.ts`) inside Wine with the
// Windows build of Node: bundled with esbuild (koffi left external, resolved from the
// repository's node_modules through Z:), given a JSON job as its argument, answering one JSON
// document on stdout. This is how packages/nt's own code (directory-loop.ts, ffi.ts) meets the
// real NtQueryDirectoryObject rather than the kernel model, under whichever Wine the harness is
// set to (OBJSCOPE_WINE). The bundle is written under the cache, inside the repository, so that
// `require('koffi')` finds node_modules by walking up.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as harness from '../../../../../tools/wine/harness.mjs';

const bundles = new Map<string, Promise<string>>();

function bundle(probe: string): Promise<string> {
  let p = bundles.get(probe);
  if (!p) {
    const outDir = join(harness.cacheDir(), 'probes');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `${probe}-${process.pid}.mjs`);
    p = build({
      entryPoints: [join(dirname(fileURLToPath(import.meta.url)), '..', `${probe}.probe.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['koffi'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    }).then(() => {
      // One bundle per test process, gone with it.
      process.once('exit', () => rmSync(outfile, { force: true }));
      return outfile;
    });
    bundles.set(probe, p);
  }
  return p;
}

export interface ProbeRun<T> {
  code: number;
  /** The probe's answer, or null when it printed none (it hung and was killed, or crashed). */
  value: T | null;
  stderr: string;
}

/** Runs `<probe>.probe.ts` under Wine with `job`; a probe that hangs is killed after `timeoutMs`. */
export async function runProbe<T>(probe: string, job: unknown, opts: { timeoutMs?: number } = {}): Promise<ProbeRun<T>> {
  await harness.setup();
  const file = await bundle(probe);
  const r = await harness.runNode([harness.toWindowsPath(file), JSON.stringify(job)], { timeoutMs: opts.timeoutMs ?? 150_000 });
  let value: T | null = null;
  try {
    value = r.stdout.trim() ? (JSON.parse(r.stdout) as T) : null;
  } catch {
    value = null;
  }
  return { code: r.code, value, stderr: r.stderr };
}

/** Which Wine the specs run under, as the harness is set ('8' or '10'). */
export const wineVersion = (): '8' | '10' => harness.wineSettings().version;
