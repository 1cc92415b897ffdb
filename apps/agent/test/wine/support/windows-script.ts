// Runs a test script (a `*.script.ts` beside this file) with the Windows build of Node: under
// Wine off Windows, natively on Windows (tools/testing/windows.ts), through the one runner the
// nt probes and the benches share (tools/testing/windows-script.mjs). Test-only code that needs
// the NT layer (the access differential, a holder search paused after its table read) stays out
// of the shipped CLI this way.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { windows } from '../../../../../tools/testing/windows';
import { runWindowsModule } from '../../../../../tools/testing/windows-script.mjs';

/** `<script>.script.ts` run with `job` as its one argument; its stdout parsed as JSON. */
export async function runWindowsScript<T>(script: string, job: unknown, opts: { timeoutMs?: number } = {}): Promise<T> {
  const entry = join(dirname(fileURLToPath(import.meta.url)), `${script}.script.ts`);
  const r = await runWindowsModule<T>(entry, job, { runner: windows, timeoutMs: opts.timeoutMs ?? 170_000 });
  if (r.code !== 0) throw new Error(`${script} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  if (r.value === null) throw new Error(`${script} printed no valid JSON: ${r.stdout.slice(0, 500)}`);
  return r.value;
}
