// Drives tools/native/holdhelper.c in the harness's prefix: a named mutex, event and section
// with known holders (a running child, a suspended one, a locked one, one that exits on
// command), described by DIR\manifest.json; commands through DIR\command (`kill-exiter`,
// answered by DIR\killed, and `exit`).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startNativeHelper, type NativeHelper } from './helper-driver';

/** Sends a command, reads the file that answers it, and removes it (so the command can be sent again). */
async function answer(dir: string, file: string, send: () => Promise<void>): Promise<string> {
  await send();
  const text = readFileSync(join(dir, file), 'utf8').trim();
  rmSync(join(dir, file), { force: true });
  return text;
}

export type HeldObject = 'mutex' | 'event' | 'section';

interface HoldManifest {
  pid: number;
  /** Full NT names, as the helper's own handles report them. */
  objects: Record<HeldObject, string>;
  bench: { count: number; first: string; second: string };
  children: { role: 'running' | 'suspended' | 'locked' | 'exiter'; pid: number }[];
  /** A named mutex only the helper holds, one handle (recreate-solo), and its full NT name. */
  solo: string;
  /** A pipe both of whose ends the helper holds (close-writer). */
  pipe: { read: number; write: number };
  /** Every handle the helper made: child -1 is the helper itself. */
  handles: { pid: number; child: number; object: HeldObject; handle: number; access: number; attributes: number }[];
}

export interface HoldHelper extends NativeHelper<HoldManifest> {
  childPid(role: HoldManifest['children'][number]['role']): number;
  /** Terminates the `exiter` child and waits until the helper says it is gone. */
  killExiter(): Promise<void>;
  /** Closes the helper's only handle to the solo mutex and creates it again: a new object, or one that still existed. */
  recreateSolo(): Promise<'new' | 'exists' | 'failed'>;
  /** Closes the pipe's write end: whether the reader then sees the pipe broken. */
  closeWriter(): Promise<'eof' | 'open'>;
}

export async function startHoldHelper(args: string[] = [], opts: { readyMs?: number } = {}): Promise<HoldHelper> {
  const tag = `t${process.pid}x${Date.now().toString(36)}`;
  const h = await startNativeHelper<HoldManifest>('holdhelper', ['--tag', tag, '--timeout', '300', ...args], opts);
  return {
    ...h,
    childPid: (role) => h.manifest.children.find((c) => c.role === role)!.pid,
    killExiter: () => h.command('kill-exiter', 'killed'),
    recreateSolo: async () => answer(h.dir, 'solo', () => h.command('recreate-solo', 'solo')) as Promise<'new' | 'exists' | 'failed'>,
    closeWriter: async () => answer(h.dir, 'pipe', () => h.command('close-writer', 'pipe')) as Promise<'eof' | 'open'>,
  };
}
