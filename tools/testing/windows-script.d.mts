// Types for windows-script.mjs (plain JavaScript so the benches can run it with no build step).
import type { RunResult } from '../wine/harness.mjs';

export interface WindowsNodeRunner {
  setup(): Promise<unknown>;
  runNode(args: string[], opts?: { timeoutMs?: number }): Promise<RunResult>;
  toWindowsPath(path: string): string;
}

export const wineRunner: WindowsNodeRunner;

export interface WindowsModuleRun<T> {
  code: number;
  /** The module's answer, or null when it printed none (it hung and was killed, or crashed). */
  value: T | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript module of the repository with the Windows build of Node, `job` as its JSON argument. */
export function runWindowsModule<T>(entry: string, job: unknown, opts?: { timeoutMs?: number; runner?: WindowsNodeRunner }): Promise<WindowsModuleRun<T>>;
