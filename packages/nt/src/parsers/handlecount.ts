// Counting one process's handles in SYSTEM_HANDLE_INFORMATION_EX (class 64). Wine's
// GetProcessHandleCount always answers 0, so the leak checks count the system handle table,
// read by the one handle-table reader (parsers/handles.ts).
import { E, entryAt, handleTableView, scanHandleTable } from './handles';

export type CountResult = { ok: true; count: number; total: number; anyObjectAddress: boolean } | { ok: false; message: string };

export function countProcessHandles(bytes: Uint8Array, pid: number, validLength = bytes.byteLength): CountResult {
  const valid = bytes.subarray(0, Math.min(validLength, bytes.byteLength));
  const t = handleTableView(valid);
  if (!t) return { ok: false, message: 'handle table shorter than its header' };
  if (t.claimed > BigInt(t.total)) return { ok: false, message: `handle table claims ${t.claimed} entries but holds ${t.total}` };
  const { offsets } = scanHandleTable(valid, (dv, off) => dv.getUint32(off + E.pid, true) === pid);
  return { ok: true, count: offsets.length, total: t.total, anyObjectAddress: offsets.some((off) => entryAt(t.dv, off).object !== 0n) };
}
