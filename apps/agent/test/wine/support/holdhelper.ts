// Drives tools/native/holdhelper.c in the harness's prefix: a named mutex, event and section
// with known holders (a running child, a suspended one, a locked one, one that exits on
// command), described by DIR\manifest.json; commands through DIR\command (`kill-exiter`,
// answered by DIR\killed, and `exit`).
import { startNativeHelper, type NativeHelper } from './helper-driver';

export type HeldObject = 'mutex' | 'event' | 'section';

interface HoldManifest {
  pid: number;
  /** Full NT names, as the helper's own handles report them. */
  objects: Record<HeldObject, string>;
  bench: { count: number; first: string; second: string };
  children: { role: 'running' | 'suspended' | 'locked' | 'exiter'; pid: number }[];
  /** Every handle the helper made: child -1 is the helper itself. */
  handles: { pid: number; child: number; object: HeldObject; handle: number; access: number; attributes: number }[];
}

export interface HoldHelper extends NativeHelper<HoldManifest> {
  childPid(role: HoldManifest['children'][number]['role']): number;
  /** Terminates the `exiter` child and waits until the helper says it is gone. */
  killExiter(): Promise<void>;
}

export async function startHoldHelper(args: string[] = [], opts: { readyMs?: number } = {}): Promise<HoldHelper> {
  const tag = `t${process.pid}x${Date.now().toString(36)}`;
  const h = await startNativeHelper<HoldManifest>('holdhelper', ['--tag', tag, '--timeout', '300', ...args], opts);
  return {
    ...h,
    childPid: (role) => h.manifest.children.find((c) => c.role === role)!.pid,
    killExiter: () => h.command('kill-exiter', 'killed'),
  };
}
