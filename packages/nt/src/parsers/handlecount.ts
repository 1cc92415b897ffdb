// Counting one process's handles in SYSTEM_HANDLE_INFORMATION_EX (class 64). Wine's
// GetProcessHandleCount always answers 0, so the leak checks count the system handle table,
// read by the one handle-table reader (parsers/handles.ts). An NtResult like every other
// answer of the NT layer: the buffer came back with success, so a table that does not hold what
// it claims is STATUS_UNSUCCESSFUL, with the reason in the message.
import type { NtResult } from '@objscope/core';
import { STATUS } from '@objscope/core';
import { fail, ok } from '../result';
import { E, entryAt, handleTableView, scanHandleTable } from './handles';

export interface ProcessHandleCount {
  /** Entries of the process. */
  count: number;
  /** Entries in the table (every process). */
  total: number;
  /** Whether any of the process's entries shows its object's address (hidden ones read 0). */
  anyObjectAddress: boolean;
}

export function countProcessHandles(bytes: Uint8Array, pid: number, validLength = bytes.byteLength): NtResult<ProcessHandleCount> {
  const valid = bytes.subarray(0, Math.min(validLength, bytes.byteLength));
  const t = handleTableView(valid);
  if (!t) return fail(STATUS.UNSUCCESSFUL, 'handle table shorter than its header');
  if (t.claimed > BigInt(t.total)) return fail(STATUS.UNSUCCESSFUL, `handle table claims ${t.claimed} entries but holds ${t.total}`);
  const { offsets } = scanHandleTable(valid, (dv, off) => dv.getUint32(off + E.pid, true) === pid);
  return ok({ count: offsets.length, total: t.total, anyObjectAddress: offsets.some((off) => entryAt(t.dv, off).object !== 0n) });
}
