// Drives tools/native/zombiehelper.c in the harness's prefix: it starts children that exit with
// known codes and threads that return known codes, keeps every handle open, writes
// DIR\manifest.json then DIR\ready (or DIR\error), and polls DIR\command for `close-half`
// (answered by DIR\closed-half) or `exit`. One driver for every Wine test and the e2e world.
import { startNativeHelper, type NativeHelper } from './helper-driver';

export { waitFor } from './helper-driver';

export interface ZombieManifest {
  pid: number;
  tid: number;
  locked: boolean;
  processes: { pid: number; tid: number; exitCode: number; processHandle: number; threadHandle: number; extraHandle: number }[];
  threads: { tid: number; exitCode: number; handle: number }[];
  /** With --orphan: a zombie whose parent (parentPid) has exited and is gone; else null. */
  orphan?: { pid: number; parentPid: number; exitCode: number; handle: number } | null;
}

export interface ZombieHelper extends Omit<NativeHelper<ZombieManifest>, 'send'> {
  /** Writes a command without waiting for its effect (for callbacks that cannot await). */
  send(cmd: 'close-half' | 'exit'): void;
  /** Closes the first half of the children's handles and waits until the helper says it did. */
  closeHalf(): Promise<void>;
}

export interface ZombieHelperOptions {
  /** How long the helper may take to make its zombies (500 of them take a while under Wine). */
  readyMs?: number;
  /** The helper exits by itself after this many seconds, should a crashed run forget it. */
  timeoutSeconds?: number;
}

/** Starts zombiehelper.exe with `args` (e.g. `--processes 6 --threads 4`) and waits for its manifest. */
export async function startZombieHelper(args: string[], opts: ZombieHelperOptions = {}): Promise<ZombieHelper> {
  const h = await startNativeHelper<ZombieManifest>('zombiehelper', ['--timeout', String(opts.timeoutSeconds ?? 300), ...args], opts);
  return { ...h, send: (cmd) => h.send(cmd), closeHalf: () => h.command('close-half', 'closed-half') };
}
