// What the zombie panel's parts share: the row height of the virtualized lists, the exit code as
// text, and how a recorded parent PID that cannot be trusted is shown.
import { accessHex } from './model';

export const ROW = 26;

export function exitCodeText(code: number): string {
  return code > 0xffff ? accessHex(code) : String(code);
}

/**
 * A recorded parent PID is shown as a parent only when a process with that PID exists and was
 * created before the child (the creation-time rule of System Informer and WinObjEx64): the
 * creator may have exited, and PIDs are reused, so the bare number can name a stranger.
 */
export const NON_EXISTENT_PARENT = '<non-existent parent>';
export function nonExistentParentWhy(pid: number): string {
  return `recorded parent PID ${pid}: no process with that PID exists now, or the one that does was created after this one (the PID was reused)`;
}
