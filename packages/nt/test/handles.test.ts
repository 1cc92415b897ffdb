import { describe, expect, it } from 'vitest';
import {
  handleTypeIndexOf,
  parseHandleTable,
  parseProcessList,
  resolveZombieTypeIndices,
} from '../src/parsers/handles';
import type { HandleEntry } from '../src/parsers/handles';
import { buildHandleTable, HANDLE_ENTRY_SIZE, HANDLE_TABLE_HEADER_SIZE } from './buffers';

const PROCESS = 7;
const THREAD = 8;
const EVENT = 16;

function entry(over: Partial<HandleEntry>): HandleEntry {
  return { object: 0n, pid: 4, handle: 4, grantedAccess: 0x1fffff, typeIndex: PROCESS, attributes: 0, ...over };
}

describe('parseHandleTable (SYSTEM_HANDLE_INFORMATION_EX, x64)', () => {
  it('reads every field of every entry at the documented offsets', () => {
    const entries = [
      entry({ object: 0xffffa00012345680n, pid: 1234, handle: 0x1a4, grantedAccess: 0x101000, typeIndex: PROCESS, attributes: 2 }),
      entry({ object: 0n, pid: 0xfffffffc, handle: 0xfffffffc, grantedAccess: 0xffffffff, typeIndex: 0xffff, attributes: 0x12345678 }),
    ];
    const bytes = buildHandleTable(entries);
    expect(bytes.byteLength).toBe(HANDLE_TABLE_HEADER_SIZE + 2 * HANDLE_ENTRY_SIZE);
    const r = parseHandleTable(bytes);
    expect(r).toEqual({ ok: true, value: { total: 2, entries } });
  });

  it('matches a hand-laid byte image, not just its own builder', () => {
    const bytes = new Uint8Array(16 + 40);
    const dv = new DataView(bytes.buffer);
    dv.setBigUint64(0, 1n, true); // NumberOfHandles
    dv.setBigUint64(16, 0xdeadbeefn, true); // Object
    dv.setBigUint64(24, 0x30n, true); // UniqueProcessId
    dv.setBigUint64(32, 0x44n, true); // HandleValue
    dv.setUint32(40, 0x1f0003, true); // GrantedAccess
    dv.setUint16(44, 9, true); // CreatorBackTraceIndex (ignored)
    dv.setUint16(46, THREAD, true); // ObjectTypeIndex
    dv.setUint32(48, 1, true); // HandleAttributes
    expect(parseHandleTable(bytes)).toEqual({
      ok: true,
      value: { total: 1, entries: [{ object: 0xdeadbeefn, pid: 0x30, handle: 0x44, grantedAccess: 0x1f0003, typeIndex: THREAD, attributes: 1 }] },
    });
  });

  it('keeps only the requested types but still reports the full handle count', () => {
    const bytes = buildHandleTable([
      entry({ handle: 4, typeIndex: EVENT }),
      entry({ handle: 8, typeIndex: PROCESS }),
      entry({ handle: 12, typeIndex: THREAD }),
      entry({ handle: 16, typeIndex: EVENT }),
    ]);
    const r = parseHandleTable(bytes, new Set([PROCESS, THREAD]));
    expect(r.ok && r.value.total).toBe(4);
    expect(r.ok && r.value.entries.map((e) => e.handle)).toEqual([8, 12]);
  });

  it('parses an empty table', () => {
    expect(parseHandleTable(buildHandleTable([]))).toEqual({ ok: true, value: { total: 0, entries: [] } });
  });

  it('refuses a count the buffer cannot hold instead of reading past it', () => {
    const bytes = buildHandleTable([entry({})]);
    new DataView(bytes.buffer).setBigUint64(0, 2n, true);
    const r = parseHandleTable(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/claims 2 entries but the buffer holds 1/);
  });

  it('refuses a buffer shorter than the header', () => {
    expect(parseHandleTable(new Uint8Array(8)).ok).toBe(false);
  });

  it('accepts a view into a larger buffer (byteOffset honoured)', () => {
    const inner = buildHandleTable([entry({ pid: 77, handle: 0x88 })]);
    const outer = new Uint8Array(inner.byteLength + 24);
    outer.set(inner, 24);
    const r = parseHandleTable(outer.subarray(24));
    expect(r.ok && r.value.entries[0]).toMatchObject({ pid: 77, handle: 0x88 });
  });
});

describe('handleTypeIndexOf', () => {
  const bytes = buildHandleTable([
    entry({ pid: 10, handle: 4, typeIndex: EVENT }),
    entry({ pid: 20, handle: 4, typeIndex: 5 }),
    entry({ pid: 20, handle: 8, typeIndex: 6 }),
  ]);
  it('finds the type index of one (pid, handle) pair', () => {
    expect(handleTypeIndexOf(bytes, 20, 4)).toBe(5);
    expect(handleTypeIndexOf(bytes, 20, 8)).toBe(6);
    expect(handleTypeIndexOf(bytes, 10, 4)).toBe(EVENT);
  });
  it('gives null for a handle the table does not hold', () => {
    expect(handleTypeIndexOf(bytes, 20, 12)).toBeNull();
    expect(handleTypeIndexOf(bytes, 30, 4)).toBeNull();
  });
});

describe('resolveZombieTypeIndices', () => {
  // Wine 8's type list numbers Process as 7 (position 5 + 2) while its handle table says 5.
  const wineTypes = [
    { name: 'Type', index: 2 },
    { name: 'Directory', index: 3 },
    { name: 'SymbolicLink', index: 4 },
    { name: 'Token', index: 5 },
    { name: 'Job', index: 6 },
    { name: 'Process', index: 7 },
    { name: 'Thread', index: 8 },
  ];

  it('trusts the indices observed in the handle table over the type list', () => {
    expect(resolveZombieTypeIndices(wineTypes, { process: 5, thread: 6 })).toEqual({ process: 5, thread: 6, source: 'handle-table' });
  });

  it('falls back to the TypeIndex of the type list when nothing was observed', () => {
    expect(resolveZombieTypeIndices(wineTypes, { process: null, thread: null })).toEqual({ process: 7, thread: 8, source: 'type-index' });
  });

  it('uses the type list when only one of the two was observed', () => {
    expect(resolveZombieTypeIndices(wineTypes, { process: 5, thread: null })?.source).toBe('type-index');
  });

  it('gives null when the type list lacks Process or Thread and nothing was observed', () => {
    expect(resolveZombieTypeIndices([{ name: 'Process', index: 7 }], { process: null, thread: null })).toBeNull();
  });
});

describe('parseProcessList (SYSTEM_PROCESS_INFORMATION chain, x64)', () => {
  const BASE = 0x10000000n;
  function build(procs: { pid: number; parent: number; create: bigint; name: string | null; threads?: number }[]): Uint8Array {
    const size = 0x100 + 128;
    const bytes = new Uint8Array(procs.length * size);
    const dv = new DataView(bytes.buffer);
    procs.forEach((p, i) => {
      const off = i * size;
      dv.setUint32(off, i === procs.length - 1 ? 0 : size, true);
      dv.setUint32(off + 4, p.threads ?? 1, true);
      dv.setBigInt64(off + 32, p.create, true);
      if (p.name !== null) {
        const nameOff = off + 0x100;
        for (let j = 0; j < p.name.length; j++) dv.setUint16(nameOff + j * 2, p.name.charCodeAt(j), true);
        dv.setUint16(off + 56, p.name.length * 2, true);
        dv.setUint16(off + 58, p.name.length * 2 + 2, true);
        dv.setBigUint64(off + 64, BASE + BigInt(nameOff), true);
      }
      dv.setBigUint64(off + 80, BigInt(p.pid), true);
      dv.setBigUint64(off + 88, BigInt(p.parent), true);
      dv.setUint32(off + 96, 42, true);
    });
    return bytes;
  }

  it('walks NextEntryOffset and reads pid, parent, create time and the image name', () => {
    const bytes = build([
      { pid: 0, parent: 0, create: 0n, name: null },
      { pid: 4, parent: 0, create: 132000000000000000n, name: 'System' },
      { pid: 0x1234, parent: 4, create: 133000000000000000n, name: 'a/b <i>.exe\u0000x', threads: 3 },
    ]);
    const r = parseProcessList(bytes, BASE);
    expect(r).toEqual({
      ok: true,
      value: [
        { pid: 0, parentPid: 0, createTime: 0n, imageName: null, threads: 1, handles: 42 },
        { pid: 4, parentPid: 0, createTime: 132000000000000000n, imageName: 'System', threads: 1, handles: 42 },
        { pid: 0x1234, parentPid: 4, createTime: 133000000000000000n, imageName: 'a/b <i>.exe\u0000x', threads: 3, handles: 42 },
      ],
    });
  });

  it('never follows a name pointer outside the buffer', () => {
    const bytes = build([{ pid: 8, parent: 4, create: 1n, name: 'x.exe' }]);
    new DataView(bytes.buffer).setBigUint64(64, 0x7fff0000n, true);
    const r = parseProcessList(bytes, BASE);
    expect(r.ok && r.value[0]!.imageName).toBeNull();
  });

  it('refuses a chain that runs past the buffer', () => {
    const bytes = build([{ pid: 8, parent: 4, create: 1n, name: 'x.exe' }]);
    new DataView(bytes.buffer).setUint32(0, 0x100, true);
    expect(parseProcessList(bytes, BASE).ok).toBe(false);
  });
});
