// Drives tools/native/holdhelper.c in the harness's prefix: a named mutex, event and section
// with known holders (a running child, a suspended one, a locked one, one that exits on
// command), described by DIR\manifest.json; commands through DIR\command (`kill-exiter`,
// answered by DIR\killed, and `exit`).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windows as harness } from './windows';
import type { WindowsProcess as WineProcess } from './windows';
import { waitFor } from './zombiehelper';

export type HeldObject = 'mutex' | 'event' | 'section';

export interface HoldManifest {
  pid: number;
  /** Full NT names, as the helper's own handles report them. */
  objects: Record<HeldObject, string>;
  bench: { count: number; first: string; second: string };
  children: { role: 'running' | 'suspended' | 'locked' | 'exiter'; pid: number }[];
  /** Every handle the helper made: child -1 is the helper itself. */
  handles: { pid: number; child: number; object: HeldObject; handle: number; access: number; attributes: number }[];
}

export interface HoldHelper {
  dir: string;
  proc: WineProcess;
  manifest: HoldManifest;
  childPid(role: HoldManifest['children'][number]['role']): number;
  /** Terminates the `exiter` child and waits until the helper says it is gone. */
  killExiter(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHoldHelper(args: string[] = [], opts: { readyMs?: number } = {}): Promise<HoldHelper> {
  const dir = mkdtempSync(join(tmpdir(), 'objscope-hold-'));
  const tag = `t${process.pid}x${Date.now().toString(36)}`;
  const proc = harness.spawnExe(harness.nativeExe('holdhelper'), ['--dir', harness.toWindowsPath(dir), '--tag', tag, '--timeout', '300', ...args]);
  const file = (name: string) => join(dir, name);
  const stop = async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      writeFileSync(file('command'), 'exit');
      await Promise.race([proc.wait(), new Promise((r) => setTimeout(r, 5_000))]);
      await proc.kill('SIGKILL');
    }
    proc.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('the hold helper', () => existsSync(file('ready')) || existsSync(file('error')) || proc.child.exitCode !== null, opts.readyMs ?? 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  if (!existsSync(file('ready'))) {
    const why = existsSync(file('error')) ? readFileSync(file('error'), 'utf8') : proc.readStderr();
    await stop();
    throw new Error(`hold helper failed: ${why}`);
  }
  const manifest = JSON.parse(readFileSync(file('manifest.json'), 'utf8')) as HoldManifest;
  return {
    dir,
    proc,
    manifest,
    childPid: (role) => manifest.children.find((c) => c.role === role)!.pid,
    async killExiter() {
      writeFileSync(file('command'), 'kill-exiter');
      await waitFor('the exiter to be killed', () => existsSync(file('killed')));
    },
    stop,
  };
}
