import { describe, expect, it } from 'vitest';
import { countProcessHandles } from '../src/parsers/handlecount';

// SYSTEM_HANDLE_INFORMATION_EX on x64 as phnt ntexapi.h declares it: a 16-byte header
// { ULONG_PTR NumberOfHandles; ULONG_PTR Reserved; }, then 40-byte entries
// { PVOID Object; ULONG_PTR UniqueProcessId; ULONG_PTR HandleValue; ... }.
const HANDLE_ENTRY_EX_SIZE = 40;

function table(entries: { pid: number; object: bigint }[], claim = entries.length): Uint8Array {
  const b = new Uint8Array(16 + entries.length * HANDLE_ENTRY_EX_SIZE);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(claim), true);
  entries.forEach((e, i) => {
    v.setBigUint64(16 + i * HANDLE_ENTRY_EX_SIZE, e.object, true);
    v.setBigUint64(16 + i * HANDLE_ENTRY_EX_SIZE + 8, BigInt(e.pid), true);
    v.setBigUint64(16 + i * HANDLE_ENTRY_EX_SIZE + 16, BigInt(4 * (i + 1)), true);
  });
  return b;
}

describe('countProcessHandles (SYSTEM_HANDLE_INFORMATION_EX)', () => {
  it('counts only the given process and says whether object addresses are visible', () => {
    const t = table([
      { pid: 32, object: 0n },
      { pid: 8, object: 0n },
      { pid: 32, object: 0n },
    ]);
    expect(countProcessHandles(t, 32)).toEqual({ ok: true, status: 0, value: { count: 2, total: 3, anyObjectAddress: false } });
    const visible = table([{ pid: 32, object: 0xffff800012345678n }]);
    expect(countProcessHandles(visible, 32)).toEqual({ ok: true, status: 0, value: { count: 1, total: 1, anyObjectAddress: true } });
  });

  it('refuses a table that claims more entries than it holds, as STATUS_UNSUCCESSFUL with the reason', () => {
    expect(countProcessHandles(table([{ pid: 1, object: 0n }], 5), 1)).toEqual({
      ok: false,
      status: 0xc0000001,
      name: 'STATUS_UNSUCCESSFUL',
      message: expect.stringContaining('handle table claims 5 entries but holds 1') as unknown,
    });
    expect(countProcessHandles(new Uint8Array(8), 1)).toMatchObject({ ok: false, name: 'STATUS_UNSUCCESSFUL', message: expect.stringContaining('shorter than its header') as unknown });
  });

  it('reads only the valid length the kernel returned, not the rest of a reused buffer', () => {
    const t = table([
      { pid: 7, object: 0n },
      { pid: 7, object: 0n },
    ], 1);
    expect(countProcessHandles(t, 7, 16 + HANDLE_ENTRY_EX_SIZE)).toMatchObject({ ok: true, value: { count: 1, total: 1 } });
  });
});
