// Types for harness.mjs (plain JavaScript so it runs with no build step), for TypeScript callers
// such as the Wine integration tests and apps/agent/src/wine.ts.
export const ROOT: string;
export const NODE_WIN_VERSION: string;
export const WINE: string;
export const WINESERVER: string;
export const SERVER_LINGER_SECONDS: number;
export const WINE_VERSIONS: readonly ['8', '10'];
export const WINE10_SUITE: string;
export const DEBIAN_MIRROR: string;

/** Which Wine runs (OBJSCOPE_WINE), the argv prefixes of its loader and server, its cache folder
 * (its prefixes live there), and its chroot (null for the system's Wine 8). */
export interface WineSettings {
  version: '8' | '10';
  wine: string[];
  wineserver: string[];
  cache: string;
  rootfs: string | null;
}
export function wineSettings(env?: NodeJS.ProcessEnv): WineSettings;
/** Makes the Wine 10 chroot when missing; the exact Wine version it runs (null for Wine 8). */
export function ensureWineChroot(settings?: WineSettings): string | null;
/** `wineserver -k` and `-w` for a prefix (default the project's), with the selected Wine's server. */
export function killServer(prefix?: string): void;

export interface RunResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Directory for stdout.txt/stderr.txt (kept); default a temp directory removed by cleanup(). */
  outDir?: string;
}

export interface WineProcess {
  child: import('node:child_process').ChildProcess;
  dir: string;
  stdoutFile: string;
  stderrFile: string;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  wait(): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  readStdout(): string;
  readStderr(): string;
  cleanup(): void;
}

export function cacheDir(): string;
export function prefixDir(): string;
export function ownsPrefix(): boolean;
/** The running wineserver's socket for a prefix, or null. */
export function serverSocket(prefix?: string): string | null;
/** Initialised (registry written) and/or running (a wineserver), for a prefix. */
export function prefixState(prefix?: string): { initialised: boolean; running: boolean };
export function windowsNodePath(): string;
export function koffiWin32Binary(): string;
export function nativeDir(): string;
export function nativeExe(name: string): string;
export function wineEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function toWindowsPath(linuxPath: string): string;
export function ensureWindowsNode(): string;
export function checkKoffi(): string;
export function ensurePrefix(): string;
export function startServer(): void;
export function stopServer(): boolean;
export function buildNative(): Promise<{ built: string[]; upToDate: string[]; outDir: string }>;
export function ensureRuntime(): { node: string; prefix: string };
export function setup(): Promise<{
  node: string;
  prefix: string;
  cache: string;
  koffi: string;
  native: { built: string[]; upToDate: string[]; outDir: string };
}>;
export function spawnExe(exe: string, args?: string[], opts?: SpawnOptions): WineProcess;
export function spawnNode(args: string[], opts?: SpawnOptions): WineProcess;
export function runNode(args: string[], opts?: SpawnOptions & { timeoutMs?: number }): Promise<RunResult>;
export function runExe(exe: string, args: string[], opts?: SpawnOptions & { timeoutMs?: number }): Promise<RunResult>;
