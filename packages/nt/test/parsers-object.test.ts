import { describe, expect, it } from 'vitest';
import {
  parseObjectBasicInformation,
  parseObjectTypeInformation,
  parseObjectTypesInformation,
  typeInfoToStat,
} from '../src/parsers/object';
import { BufferBuilder, typesBuffer, writeTypeInfo } from './buffers';

describe('parseObjectBasicInformation', () => {
  // OBJECT_BASIC_INFORMATION (phnt ntobapi.h), stated here rather than taken from the parser:
  // twelve ULONGs (Attributes, GrantedAccess, HandleCount, PointerCount, PagedPoolCharge,
  // NonPagedPoolCharge, Reserved[3], NameInfoSize, TypeInfoSize, SecurityDescriptorSize) are 48
  // bytes, then LARGE_INTEGER CreationTime at 48: 56 in all.
  const OBJECT_BASIC_INFORMATION_SIZE = 56;

  function basic(creation: bigint): Uint8Array {
    const b = new Uint8Array(OBJECT_BASIC_INFORMATION_SIZE);
    const v = new DataView(b.buffer);
    [0x10, 0x20001, 3, 7, 100, 200].forEach((n, i) => v.setUint32(i * 4, n, true));
    v.setBigInt64(48, creation, true);
    return b;
  }

  it('reads counts, charges and access', () => {
    const r = parseObjectBasicInformation(basic(0n));
    expect(r).toEqual({
      ok: true,
      value: { attributes: 0x10, grantedAccess: 0x20001, handleCount: 3, pointerCount: 7, pagedPoolCharge: 100, nonPagedPoolCharge: 200, creationTime: null },
    });
  });

  it('turns the 1601-based creation time into ISO 8601 (zero, as Wine reports, is null)', () => {
    // 2024-01-02T03:04:05.678Z in 100 ns ticks since 1601.
    const ticks = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) * 10000n + 116444736000000000n;
    const r = parseObjectBasicInformation(basic(ticks));
    expect(r.ok && r.value.creationTime).toBe('2024-01-02T03:04:05.678Z');
  });

  it('refuses a short buffer', () => {
    expect(parseObjectBasicInformation(new Uint8Array(40)).ok).toBe(false);
  });
});

describe('parseObjectTypeInformation', () => {
  it('reads one type record with its name and the generic mapping', () => {
    const b = new BufferBuilder(104 + 32, 0x5000n);
    writeTypeInfo(b, 0, { name: 'Event', objects: 112, handles: 108, typeIndex: 10 }, 104);
    const r = parseObjectTypeInformation(b.bytes, b.base);
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Event',
        index: 10,
        totalObjects: 112,
        totalHandles: 108,
        highWaterObjects: 113,
        highWaterHandles: 110,
        invalidAttributes: 0x100,
        genericMapping: { read: 0x20001, write: 0x20002, execute: 0x120000, all: 0x1f0003 },
        validAccessMask: 0x1f0003,
        securityRequired: true,
        maintainHandleCount: false,
        poolType: 1,
        defaultPagedPoolCharge: 0x40,
        defaultNonPagedPoolCharge: 0x80,
      },
    });
  });

  it('refuses a record cut short', () => {
    const b = new BufferBuilder(100, 0n);
    expect(parseObjectTypeInformation(b.bytes, b.base).ok).toBe(false);
  });
});

describe('parseObjectTypesInformation (the ObjectTypesInformation list)', () => {
  it('walks records aligned to 8 bytes after each name buffer, whatever the name lengths', () => {
    // Name byte lengths 8+2, 18+2 and 24+6 exercise every padding case.
    const types = [
      { name: 'Type', objects: 20, handles: 0, typeIndex: 2 },
      { name: 'Directory', objects: 19, handles: 3, typeIndex: 3 },
      { name: 'SymbolicLink', objects: 36, handles: 0, typeIndex: 4, extra: 6 },
      { name: 'Event', objects: 112, handles: 108, typeIndex: 10 },
    ];
    const b = typesBuffer(types);
    const r = parseObjectTypesInformation(b.bytes, b.base);
    expect(r.ok && r.value.map((t) => [t.name, t.index, t.totalObjects, t.totalHandles])).toEqual([
      ['Type', 2, 20, 0],
      ['Directory', 3, 19, 3],
      ['SymbolicLink', 4, 36, 0],
      ['Event', 10, 112, 108],
    ]);
  });

  it('numbers types from 2 where the OS leaves TypeIndex zero (before Windows 8.1)', () => {
    const b = typesBuffer([
      { name: 'Type', objects: 1, handles: 0, typeIndex: 0 },
      { name: 'Directory', objects: 1, handles: 0, typeIndex: 0 },
    ]);
    const r = parseObjectTypesInformation(b.bytes, b.base);
    expect(r.ok && r.value.map((t) => t.index)).toEqual([2, 3]);
  });

  it('reports a count larger than the records present instead of reading past the buffer', () => {
    const b = typesBuffer([{ name: 'Type', objects: 1, handles: 0, typeIndex: 2 }]);
    b.view.setUint32(0, 3, true);
    const r = parseObjectTypesInformation(b.bytes, b.base);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/type 1 of 3/);
  });

  it('an empty list is fine; a buffer without even the count is not', () => {
    expect(parseObjectTypesInformation(new Uint8Array(8), 0n)).toEqual({ ok: true, value: [] });
    expect(parseObjectTypesInformation(new Uint8Array(2), 0n).ok).toBe(false);
  });

  it('typeInfoToStat keeps the counts the types view shows', () => {
    const b = typesBuffer([{ name: 'Mutant', objects: 12, handles: 15, typeIndex: 11 }]);
    const r = parseObjectTypesInformation(b.bytes, b.base);
    expect(r.ok && typeInfoToStat(r.value[0]!)).toEqual({ name: 'Mutant', index: 11, objects: 12, handles: 15, peakObjects: 13, peakHandles: 17 });
  });
});
