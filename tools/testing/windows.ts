// "Run a Windows program": the one way the live integration specs start Windows processes (the
// Windows Node with the agent, objhelper/zombiehelper/walker, objscope.exe). On Windows they run
// natively against the real kernel; elsewhere through the Wine harness (tools/wine/harness.mjs)
// against wineserver. Both give the same handle: stdout and stderr go to files (Windows Node
// under Wine cannot write to a pipe, see design.md; natively files cost nothing), and paths given
// to the program are Windows paths.
//
// Windows needs no Wine, no apt: the helper programs are built with the C compiler on PATH
// (tools/native/build.mjs says exactly what to install when there is none), and the Windows Node
// is the Node running the tests.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from '../wine/harness.mjs';
import type { RunResult, SpawnOptions, WineProcess } from '../wine/harness.mjs';

export type WindowsProcess = WineProcess;

export interface WindowsRunner {
  /** True when programs run on the real Windows kernel (no Wine). */
  readonly native: boolean;
  /** Everything the specs need: the runtime and the built helper programs. Idempotent. */
  setup: () => Promise<void>;
  spawnExe: (exe: string, args?: string[], opts?: SpawnOptions) => WindowsProcess;
  runExe: (exe: string, args: string[], opts?: SpawnOptions & { timeoutMs?: number }) => Promise<RunResult>;
  /** The Windows build of Node with `args` (the first usually a script's Windows path). */
  spawnNode: (args: string[], opts?: SpawnOptions) => WindowsProcess;
  runNode: (args: string[], opts?: SpawnOptions & { timeoutMs?: number }) => Promise<RunResult>;
  /** Path of a built helper program (`objhelper`, `zombiehelper`, `walker`). */
  nativeExe: (name: string) => string;
  /** How a Windows program must be told about a file of ours. */
  toWindowsPath: (path: string) => string;
}

function nativeSpawn(exe: string, args: string[] = [], opts: SpawnOptions = {}): WindowsProcess {
  const owned = !opts.outDir;
  const dir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'objscope-win-'));
  mkdirSync(dir, { recursive: true });
  const stdoutFile = join(dir, 'stdout.txt');
  const stderrFile = join(dir, 'stderr.txt');
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  let child;
  try {
    child = spawn(exe, args, { cwd: opts.cwd ?? harness.ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', out, err], windowsHide: true });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((done) => {
    child.on('error', (e) => done({ code: 127, signal: null, error: e }));
    child.on('exit', (code, signal) => done({ code, signal }));
  });
  const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return {
    child,
    dir,
    stdoutFile,
    stderrFile,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    wait: () => exited,
    readStdout: () => read(stdoutFile),
    readStderr: () => read(stderrFile),
    cleanup() {
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function nativeRun(handle: WindowsProcess, timeoutMs?: number): Promise<RunResult> {
  const timer = timeoutMs ? setTimeout(() => void handle.kill('SIGKILL'), timeoutMs) : undefined;
  const { code, signal, error } = await handle.wait();
  clearTimeout(timer);
  const result: RunResult = { code: code ?? (signal ? 137 : 1), signal, stdout: handle.readStdout(), stderr: handle.readStderr() };
  if (error) result.stderr += `\n${error.message}`;
  handle.cleanup();
  return result;
}

interface NativeBuild {
  buildNative: (opts?: { outDir?: string }) => { built: string[]; upToDate: string[]; outDir: string };
}

const onWindows: WindowsRunner = {
  native: true,
  async setup() {
    const { buildNative } = (await import(pathToFileURL(join(harness.ROOT, 'tools', 'native', 'build.mjs')).href)) as NativeBuild;
    buildNative({ outDir: harness.nativeDir() });
  },
  spawnExe: nativeSpawn,
  runExe: (exe, args, opts = {}) => nativeRun(nativeSpawn(exe, args, opts), opts.timeoutMs),
  spawnNode: (args, opts) => nativeSpawn(process.execPath, args, opts),
  runNode: (args, opts = {}) => nativeRun(nativeSpawn(process.execPath, args, opts), opts.timeoutMs),
  nativeExe: (name) => harness.nativeExe(name),
  toWindowsPath: (path) => resolve(path),
};

const underWine: WindowsRunner = {
  native: false,
  async setup() {
    await harness.setup();
  },
  spawnExe: (exe, args, opts) => harness.spawnExe(exe, args, opts),
  runExe: (exe, args, opts) => harness.runExe(exe, args, opts),
  spawnNode: (args, opts) => harness.spawnNode(args, opts),
  runNode: (args, opts) => harness.runNode(args, opts),
  nativeExe: (name) => harness.nativeExe(name),
  toWindowsPath: (path) => harness.toWindowsPath(path),
};

export const windows: WindowsRunner = process.platform === 'win32' ? onWindows : underWine;
