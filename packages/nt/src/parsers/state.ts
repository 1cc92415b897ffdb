// Type-specific information classes (all class 0, "basic information").
import type { TypeState } from '@objscope/core';
import type { Parsed } from './parsed';

// winnt.h / ntddk.h values.
const SECTION_ATTRIBUTE_NAMES: [number, string][] = [
  [0x00200000, 'SEC_BASED'],
  [0x00400000, 'SEC_NO_CHANGE'],
  [0x00800000, 'SEC_FILE'],
  [0x01000000, 'SEC_IMAGE'],
  [0x02000000, 'SEC_PROTECTED_IMAGE'],
  [0x04000000, 'SEC_RESERVE'],
  [0x08000000, 'SEC_COMMIT'],
  [0x10000000, 'SEC_NOCACHE'],
  [0x40000000, 'SEC_WRITECOMBINE'],
  [0x80000000, 'SEC_LARGE_PAGES'],
];

function need(bytes: Uint8Array, n: number, what: string): string | null {
  return bytes.byteLength < n ? `${what} needs ${n} bytes, got ${bytes.byteLength}` : null;
}
const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** EVENT_BASIC_INFORMATION { EVENT_TYPE EventType; LONG EventState }. */
export function parseEventInfo(bytes: Uint8Array): Parsed<Extract<TypeState, { kind: 'event' }>> {
  const e = need(bytes, 8, 'EVENT_BASIC_INFORMATION');
  if (e) return { ok: false, message: e };
  const v = dv(bytes);
  return {
    ok: true,
    value: { kind: 'event', eventType: v.getUint32(0, true) === 0 ? 'notification' : 'synchronization', signaled: v.getInt32(4, true) !== 0 },
  };
}

/** MUTANT_BASIC_INFORMATION { LONG CurrentCount; BOOLEAN OwnedByCaller; BOOLEAN AbandonedState }. */
export function parseMutantInfo(bytes: Uint8Array): Parsed<Extract<TypeState, { kind: 'mutant' }>> {
  const e = need(bytes, 6, 'MUTANT_BASIC_INFORMATION');
  if (e) return { ok: false, message: e };
  const v = dv(bytes);
  return { ok: true, value: { kind: 'mutant', count: v.getInt32(0, true), ownedByCaller: bytes[4] !== 0, abandoned: bytes[5] !== 0 } };
}

/** SEMAPHORE_BASIC_INFORMATION { LONG CurrentCount; LONG MaximumCount }. */
export function parseSemaphoreInfo(bytes: Uint8Array): Parsed<Extract<TypeState, { kind: 'semaphore' }>> {
  const e = need(bytes, 8, 'SEMAPHORE_BASIC_INFORMATION');
  if (e) return { ok: false, message: e };
  const v = dv(bytes);
  return { ok: true, value: { kind: 'semaphore', count: v.getInt32(0, true), maximum: v.getInt32(4, true) } };
}

/** SECTION_BASIC_INFORMATION (x64) { PVOID BaseAddress; ULONG AllocationAttributes; LARGE_INTEGER MaximumSize }. */
export function parseSectionInfo(bytes: Uint8Array): Parsed<Extract<TypeState, { kind: 'section' }>> {
  const e = need(bytes, 24, 'SECTION_BASIC_INFORMATION');
  if (e) return { ok: false, message: e };
  const v = dv(bytes);
  const attributes = v.getUint32(8, true);
  return {
    ok: true,
    value: {
      kind: 'section',
      size: v.getBigInt64(16, true).toString(),
      attributes,
      attributeNames: SECTION_ATTRIBUTE_NAMES.filter(([bit]) => (attributes & bit) >>> 0 === bit >>> 0).map(([, n]) => n),
    },
  };
}

/** TIMER_BASIC_INFORMATION { LARGE_INTEGER RemainingTime; BOOLEAN TimerState }. */
export function parseTimerInfo(bytes: Uint8Array): Parsed<Extract<TypeState, { kind: 'timer' }>> {
  const e = need(bytes, 9, 'TIMER_BASIC_INFORMATION');
  if (e) return { ok: false, message: e };
  const v = dv(bytes);
  const remaining = v.getBigInt64(0, true);
  return { ok: true, value: { kind: 'timer', signaled: bytes[8] !== 0, remaining: remaining > 0n ? remaining.toString() : null } };
}
