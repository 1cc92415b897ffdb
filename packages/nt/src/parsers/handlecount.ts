// Counting one process's handles in SYSTEM_HANDLE_INFORMATION_EX (class 64). Wine's
// GetProcessHandleCount always answers 0, so the leak check counts the system handle table.
// Layout (x64): ULONG_PTR NumberOfHandles, ULONG_PTR Reserved, then 40-byte entries
// { PVOID Object; ULONG_PTR UniqueProcessId; ULONG_PTR HandleValue; ULONG GrantedAccess; ... }.
export const HANDLE_ENTRY_EX_SIZE = 40;

export type CountResult = { ok: true; count: number; total: number; anyObjectAddress: boolean } | { ok: false; message: string };

export function countProcessHandles(bytes: Uint8Array, pid: number, validLength = bytes.byteLength): CountResult {
  const limit = Math.min(validLength, bytes.byteLength);
  if (limit < 16) return { ok: false, message: 'handle table shorter than its header' };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = Number(dv.getBigUint64(0, true));
  if (16 + total * HANDLE_ENTRY_EX_SIZE > limit) {
    return { ok: false, message: `handle table claims ${total} entries but holds ${Math.floor((limit - 16) / HANDLE_ENTRY_EX_SIZE)}` };
  }
  const want = BigInt(pid);
  let count = 0;
  let anyObjectAddress = false;
  for (let i = 0; i < total; i++) {
    const at = 16 + i * HANDLE_ENTRY_EX_SIZE;
    if (dv.getBigUint64(at + 8, true) !== want) continue;
    count++;
    if (dv.getBigUint64(at, true) !== 0n) anyObjectAddress = true;
  }
  return { ok: true, count, total, anyObjectAddress };
}
