// `objscope --wine <command>`: the same CLI command, run by the Windows build of Node inside
// Wine against the harness's prefix (WINEPREFIX honoured). Windows Node cannot write to a pipe
// under Wine (EBADF), so its stdout/stderr are files that we tail while it runs: a long-running
// command such as `serve` shows its output as it happens, not at exit.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface WineProcess {
  child: { pid?: number };
  stdoutFile: string;
  stderrFile: string;
  kill(signal?: NodeJS.Signals): Promise<unknown>;
  wait(): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  cleanup(): void;
}

interface Harness {
  ensureRuntime(): { node: string; prefix: string };
  spawnNode(args: string[], opts?: { cwd?: string; env?: Record<string, string> }): WineProcess;
  toWindowsPath(linuxPath: string): string;
}

const HARNESS = join('tools', 'wine', 'harness.mjs');

/** The repo root: the nearest ancestor of this file (the bundle apps/agent/dist/objscope.mjs, or
 * the source when run from TypeScript) holding the harness. */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, HARNESS))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Copies what a file gained since the last call to `out`; returns the new offset. */
function drain(file: string, offset: number, out: NodeJS.WriteStream): number {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return offset;
  }
  if (size <= offset) return offset;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size - offset, 1 << 20));
    let pos = offset;
    while (pos < size) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n <= 0) break;
      // Raw bytes: a UTF-8 sequence split across two reads is rejoined by the terminal/reader.
      out.write(Buffer.from(buf.subarray(0, n)));
      pos += n;
    }
    return pos;
  } finally {
    closeSync(fd);
  }
}

const MAX_COMMAND_LINE = 32767;

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs `objscope <args>` (args without `--wine`) under Wine and returns its exit code.
 * stdout/stderr are streamed to ours; SIGINT/SIGTERM end the Windows process (a second one
 * kills it outright).
 */
export async function runUnderWine(args: string[], opts: { script?: string } = {}): Promise<number> {
  const root = findRepoRoot();
  if (!root) {
    process.stderr.write(`objscope: --wine needs the objscope repository (${HARNESS} not found above ${fileURLToPath(import.meta.url)})\n`);
    return 2;
  }
  // `script` lets a test run another Node script through the same path.
  const bundle = opts.script ?? join(root, 'apps', 'agent', 'dist', 'objscope.mjs');
  if (!existsSync(bundle)) {
    process.stderr.write(`objscope: --wine runs ${bundle}, which is not built; run \`npm run build -w @objscope/agent\`\n`);
    return 2;
  }
  const harness = (await import(pathToFileURL(join(root, HARNESS)).href)) as Harness;
  let runtime: { node: string };
  try {
    runtime = harness.ensureRuntime();
  } catch (e) {
    process.stderr.write(`objscope: cannot prepare Wine: ${(e as Error).message}\n`);
    return 1;
  }
  const argv = [harness.toWindowsPath(bundle), ...args];
  // A Windows command line is a UNICODE_STRING: 32,767 characters at most, quotes and spaces
  // included. Wine refuses to start the process beyond that, so say so instead of failing mutely.
  const length = [harness.toWindowsPath(runtime.node), ...argv].reduce((n, a) => n + a.length + 3, 0);
  if (length > MAX_COMMAND_LINE) {
    const longest = Math.max(...args.map((a) => a.length));
    process.stderr.write(`objscope: the Windows command line would be ${length} characters (an argument is ${longest}); Windows allows ${MAX_COMMAND_LINE}\n`);
    return 2;
  }
  const proc = harness.spawnNode(argv, {
    cwd: process.cwd(),
    env: { OBJSCOPE_UNDER_WINE: '1' },
  });
  let outPos = 0;
  let errPos = 0;
  const pump = () => {
    outPos = drain(proc.stdoutFile, outPos, process.stdout);
    errPos = drain(proc.stderrFile, errPos, process.stderr);
  };
  const timer = setInterval(pump, 50);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    void proc.kill(signals > 1 ? 'SIGKILL' : 'SIGTERM');
    void sig;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { code, signal, error } = await proc.wait();
    pump();
    if (error) process.stderr.write(`objscope: could not start Wine: ${error.message}\n`);
    if (code !== null) return code;
    return 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 1);
  } finally {
    clearInterval(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    proc.cleanup();
  }
}
