// Shared set-up for the agent's live integration tests: provision once per file (idempotent,
// ~1 s when everything is there), and run the built CLI the way a user does: `objscope --wine
// <command>` (Linux Node -> runUnderWine -> Windows Node in the prefix; on Windows the CLI drops
// --wine and runs natively). `harness` is the platform-neutral Windows-program runner
// (./windows.ts): Wine off Windows, the real kernel on it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as wineHarness from '../../../../../tools/wine/harness.mjs';
import { windows } from '../../../../../tools/testing/windows';

export { windows as harness, wineHarness };
export const REPO = wineHarness.ROOT;
export const BUNDLE = join(REPO, 'apps', 'agent', 'dist', 'objscope.mjs');

let prepared: Promise<void> | null = null;

/** Wine, Windows Node, the prefix, a persistent wineserver (none of it on Windows) and the
 * native helpers; and, unless `cli: false`, the built CLI bundle. */
export async function prepareWine(opts: { cli?: boolean } = {}): Promise<void> {
  if (opts.cli !== false && !existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: the Wine tests run the built CLI (npm run build -w @objscope/agent)`);
  }
  prepared ??= (async () => {
    process.env.OBJSCOPE_QUIET ??= '1';
    await windows.setup();
  })();
  return prepared;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `objscope --wine ...args`, output collected (Linux Node's own stdio can be pipes). */
export function objscope(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, '--wine', ...args], {
      cwd: REPO,
      env: { ...process.env, OBJSCOPE_QUIET: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 170_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs a command that must succeed with JSON on stdout, and parses it. */
export async function objscopeJson<T>(args: string[]): Promise<T> {
  const r = await objscope(args);
  if (r.code !== 0) throw new Error(`objscope ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  try {
    return JSON.parse(r.stdout) as T;
  } catch (e) {
    throw new Error(`objscope ${args.join(' ')} printed no valid JSON (${(e as Error).message}): ${r.stdout.slice(0, 500)}`);
  }
}
