// Drives tools/native/zombiehelper.c in the harness's prefix: it starts children that exit with
// known codes and threads that return known codes, keeps every handle open, writes
// DIR\manifest.json then DIR\ready (or DIR\error), and polls DIR\command for `close-half`
// (answered by DIR\closed-half) or `exit`. One driver for every Wine test and the e2e world.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windows as harness, type WindowsProcess as WineProcess } from './windows';

export interface ZombieManifest {
  pid: number;
  tid: number;
  locked: boolean;
  processes: { pid: number; tid: number; exitCode: number; processHandle: number; threadHandle: number; extraHandle: number }[];
  threads: { tid: number; exitCode: number; handle: number }[];
  /** With --orphan: a zombie whose parent (parentPid) has exited and is gone; else null. */
  orphan?: { pid: number; parentPid: number; exitCode: number; handle: number } | null;
}

export interface ZombieHelper {
  dir: string;
  proc: WineProcess;
  manifest: ZombieManifest;
  /** Writes a command without waiting for its effect (for callbacks that cannot await). */
  send(cmd: 'close-half' | 'exit'): void;
  /** Closes the first half of the children's handles and waits until the helper says it did. */
  closeHalf(): Promise<void>;
  /** Asks the helper to exit and waits for it: every handle it held is gone afterwards. */
  exit(): Promise<void>;
  /** Ends the helper however it is doing (politely, then by force) and removes its folder. */
  stop(): Promise<void>;
}

export interface ZombieHelperOptions {
  /** How long the helper may take to make its zombies (500 of them take a while under Wine). */
  readyMs?: number;
  /** The helper exits by itself after this many seconds, should a crashed run forget it. */
  timeoutSeconds?: number;
}

export async function waitFor(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts zombiehelper.exe with `args` (e.g. `--processes 6 --threads 4`) and waits for its manifest. */
export async function startZombieHelper(args: string[], opts: ZombieHelperOptions = {}): Promise<ZombieHelper> {
  const dir = mkdtempSync(join(tmpdir(), 'objscope-zombies-'));
  const proc = harness.spawnExe(harness.nativeExe('zombiehelper'), [
    '--dir', harness.toWindowsPath(dir), '--timeout', String(opts.timeoutSeconds ?? 300), ...args,
  ]);
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
  await waitFor(
    'the zombie helper',
    () => existsSync(file('ready')) || existsSync(file('error')) || proc.child.exitCode !== null,
    opts.readyMs ?? 60_000,
  ).catch(async (e: Error) => {
    await stop();
    throw e;
  });
  if (!existsSync(file('ready'))) {
    const why = existsSync(file('error')) ? readFileSync(file('error'), 'utf8') : proc.readStderr();
    await stop();
    throw new Error(`zombie helper failed: ${why}`);
  }
  const manifest = JSON.parse(readFileSync(file('manifest.json'), 'utf8')) as ZombieManifest;
  return {
    dir,
    proc,
    manifest,
    send: (cmd) => writeFileSync(file('command'), cmd),
    async closeHalf() {
      writeFileSync(file('command'), 'close-half');
      await waitFor('close-half', () => existsSync(file('closed-half')));
    },
    async exit() {
      writeFileSync(file('command'), 'exit');
      await proc.wait();
    },
    stop,
  };
}
