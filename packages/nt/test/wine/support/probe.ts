// Runs a probe (a TypeScript module beside the specs, `*.probe.ts`) inside Wine with the
// Windows build of Node, through the runner the agent's test scripts and the benches share
// (tools/testing/windows-script.mjs): given a JSON job as its argument, answering one JSON
// document on stdout. This is how packages/nt's own code (directory-loop.ts, ffi.ts) meets the
// real NtQueryDirectoryObject rather than the kernel model, under whichever Wine the harness is
// set to (OBJSCOPE_WINE).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as harness from '../../../../../tools/wine/harness.mjs';
import { runWindowsModule } from '../../../../../tools/testing/windows-script.mjs';

export interface ProbeRun<T> {
  code: number;
  /** The probe's answer, or null when it printed none (it hung and was killed, or crashed). */
  value: T | null;
  stderr: string;
}

/** Runs `<probe>.probe.ts` under Wine with `job`; a probe that hangs is killed after `timeoutMs`. */
export async function runProbe<T>(probe: string, job: unknown, opts: { timeoutMs?: number } = {}): Promise<ProbeRun<T>> {
  const entry = join(dirname(fileURLToPath(import.meta.url)), '..', `${probe}.probe.ts`);
  const r = await runWindowsModule<T>(entry, job, { timeoutMs: opts.timeoutMs ?? 150_000 });
  return { code: r.code, value: r.value, stderr: r.stderr };
}

/** Which Wine the specs run under, as the harness is set ('8' or '10'). */
export const wineVersion = (): '8' | '10' => harness.wineSettings().version;
