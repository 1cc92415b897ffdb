// NtQueryObject output structures (x64 layouts).
import type { ObjectBasicInfo, ObjectTypeInfo, TypeStat } from '@objscope/core';
import type { Parsed } from './parsed';
import { readUnicodeStringAt } from './unicode';
import { ntTimeToIso } from './time';

const OBJECT_BASIC_INFORMATION_SIZE = 56;
const OBJECT_TYPE_INFORMATION_SIZE = 104;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function parseObjectBasicInformation(bytes: Uint8Array): Parsed<ObjectBasicInfo> {
  if (bytes.byteLength < OBJECT_BASIC_INFORMATION_SIZE) {
    return { ok: false, message: `OBJECT_BASIC_INFORMATION needs ${OBJECT_BASIC_INFORMATION_SIZE} bytes, got ${bytes.byteLength}` };
  }
  const dv = view(bytes);
  return {
    ok: true,
    value: {
      attributes: dv.getUint32(0, true),
      grantedAccess: dv.getUint32(4, true),
      handleCount: dv.getUint32(8, true),
      pointerCount: dv.getUint32(12, true),
      pagedPoolCharge: dv.getUint32(16, true),
      nonPagedPoolCharge: dv.getUint32(20, true),
      creationTime: ntTimeToIso(dv.getBigInt64(48, true)),
    },
  };
}

/** One OBJECT_TYPE_INFORMATION at `offset`; `base` is the buffer's address (names point into it). */
export function parseObjectTypeInformation(bytes: Uint8Array, base: bigint, offset = 0, limit = bytes.byteLength): Parsed<ObjectTypeInfo> {
  if (offset + OBJECT_TYPE_INFORMATION_SIZE > limit) {
    return { ok: false, message: `OBJECT_TYPE_INFORMATION at ${offset} needs ${OBJECT_TYPE_INFORMATION_SIZE} bytes, buffer has ${limit - offset}` };
  }
  const name = readUnicodeStringAt(bytes, offset, base, limit);
  if (!name.ok) return { ok: false, message: `type name: ${name.message}` };
  const dv = view(bytes);
  const u32 = (o: number) => dv.getUint32(offset + o, true);
  const typeIndex = dv.getUint8(offset + 90);
  return {
    ok: true,
    value: {
      name: name.value,
      // TypeIndex exists since Windows 8.1 (Wine fills it); 0 means "not provided".
      index: typeIndex === 0 ? null : typeIndex,
      totalObjects: u32(16),
      totalHandles: u32(20),
      highWaterObjects: u32(40),
      highWaterHandles: u32(44),
      invalidAttributes: u32(64),
      genericMapping: { read: u32(68), write: u32(72), execute: u32(76), all: u32(80) },
      validAccessMask: u32(84),
      securityRequired: dv.getUint8(offset + 88) !== 0,
      maintainHandleCount: dv.getUint8(offset + 89) !== 0,
      poolType: u32(92),
      defaultPagedPoolCharge: u32(96),
      defaultNonPagedPoolCharge: u32(100),
    },
  };
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * OBJECT_TYPES_INFORMATION: a ULONG count, then (pointer-aligned) one OBJECT_TYPE_INFORMATION
 * per type, each followed by its name buffer (MaximumLength bytes) and padded to 8 bytes.
 * Where the OS does not fill TypeIndex, the index is the position + 2 (indices 0 and 1 are
 * reserved), as on Windows before 8.1.
 */
export function parseObjectTypesInformation(bytes: Uint8Array, base: bigint, validLength = bytes.byteLength): Parsed<ObjectTypeInfo[]> {
  const limit = Math.min(validLength, bytes.byteLength);
  if (limit < 4) return { ok: false, message: 'ObjectTypesInformation buffer shorter than its count' };
  const dv = view(bytes);
  const count = dv.getUint32(0, true);
  const out: ObjectTypeInfo[] = [];
  let off = 8;
  for (let i = 0; i < count; i++) {
    const t = parseObjectTypeInformation(bytes, base, off, limit);
    if (!t.ok) return { ok: false, message: `type ${i} of ${count}: ${t.message}` };
    out.push({ ...t.value, index: t.value.index ?? i + 2 });
    const maxLen = dv.getUint16(off + 2, true);
    off = align8(off + OBJECT_TYPE_INFORMATION_SIZE + maxLen);
  }
  return { ok: true, value: out };
}

export function typeInfoToStat(t: ObjectTypeInfo): TypeStat {
  return {
    name: t.name,
    index: t.index,
    objects: t.totalObjects,
    handles: t.totalHandles,
    peakObjects: t.highWaterObjects,
    peakHandles: t.highWaterHandles,
  };
}
