// Opening named objects by type. Each NtOpenXxx takes (HANDLE*, ACCESS_MASK, OBJECT_ATTRIBUTES*);
// the attributes are laid out in one buffer per call (see unicode.ts).
import type { NtResult } from '@objscope/core';
import { addressOf, handleValue, nt, OBJ_CASE_INSENSITIVE, type HandleValue, type Ptr } from './ffi';
import { fail, ok } from './result';
import { checkUnicodeLength, MAX_UNICODE_BYTES, objectAttributesSize, writeObjectAttributes } from './unicode';
import { STATUS, toUint32Status } from '@objscope/core';

export type OpenFunction =
  | 'NtOpenDirectoryObject'
  | 'NtOpenSymbolicLinkObject'
  | 'NtOpenEvent'
  | 'NtOpenMutant'
  | 'NtOpenSemaphore'
  | 'NtOpenSection'
  | 'NtOpenTimer'
  | 'NtOpenKeyedEvent'
  | 'NtOpenJobObject'
  | 'NtOpenIoCompletion'
  | 'NtOpenKey';

/** How to open each type, and which access right lets us query it. */
export const OPENERS: ReadonlyMap<string, { fn: OpenFunction; query: number }> = new Map([
  ['Directory', { fn: 'NtOpenDirectoryObject', query: 0x0001 }],
  ['SymbolicLink', { fn: 'NtOpenSymbolicLinkObject', query: 0x0001 }],
  ['Event', { fn: 'NtOpenEvent', query: 0x0001 }],
  ['Mutant', { fn: 'NtOpenMutant', query: 0x0001 }],
  ['Semaphore', { fn: 'NtOpenSemaphore', query: 0x0001 }],
  ['Section', { fn: 'NtOpenSection', query: 0x0001 }],
  ['Timer', { fn: 'NtOpenTimer', query: 0x0001 }],
  ['KeyedEvent', { fn: 'NtOpenKeyedEvent', query: 0x0001 }],
  ['Job', { fn: 'NtOpenJobObject', query: 0x0004 }],
  ['IoCompletion', { fn: 'NtOpenIoCompletion', query: 0x0001 }],
  ['Key', { fn: 'NtOpenKey', query: 0x0001 }],
]);

interface AttributesBuffer {
  bytes: Uint8Array;
  words: Uint32Array;
  /** The name's code units, from offset 64 (made once, not per open). */
  units: Uint16Array;
  base: number;
}

let attributes: AttributesBuffer | null = null;

/**
 * The OBJECT_ATTRIBUTES buffer, reused: opens are synchronous, so one buffer (and its address,
 * taken once) serves every open of a walk instead of an allocation and an address lookup each.
 */
function attributesBuffer(size: number): AttributesBuffer {
  if (!attributes || attributes.bytes.byteLength < size) {
    const bytes = new Uint8Array(Math.max(size, 4096));
    attributes = {
      bytes,
      words: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2),
      units: new Uint16Array(bytes.buffer, bytes.byteOffset + 64, (bytes.byteLength - 64) >> 1),
      base: Number(addressOf(bytes)),
    };
  }
  return attributes;
}

/**
 * Opens `name` (absolute, or relative to `root`) with one of the NtOpenXxx functions.
 * Never throws for NT failures; the handle must be closed by the caller (closeHandle).
 */
export function openObject(fn: OpenFunction, name: string, access: number, root: Ptr = null): NtResult<Ptr> {
  const tooLong = checkUnicodeLength(name);
  if (tooLong) return fail(STATUS.OBJECT_NAME_INVALID, tooLong);
  const oa = attributesBuffer(objectAttributesSize(name));
  writeObjectAttributes(oa.words, oa.base, name, root == null ? 0 : Number(handleValue(root)), OBJ_CASE_INSENSITIVE, oa.units);
  const out: [Ptr] = [null];
  const s = toUint32Status(nt().ntdll[fn](out, access, oa.bytes));
  return s === 0 ? ok(out[0]) : fail(s, `${fn} ${JSON.stringify(name)}`);
}

/** The openers with a by-value binding (ffi.ts `*Into`): the ones a walk calls per entry. */
const INTO = {
  NtOpenDirectoryObject: 'NtOpenDirectoryObjectInto',
  NtOpenSymbolicLinkObject: 'NtOpenSymbolicLinkObjectInto',
  NtOpenEvent: 'NtOpenEventInto',
} as const;

export type ValueOpenFunction = keyof typeof INTO;

// The opened handle's 8 bytes, reused (opens are synchronous), and their address, taken once.
let handleOut: { words: Uint32Array; address: number } | null = null;

function handleSlot(): { words: Uint32Array; address: number } {
  if (!handleOut) {
    const bytes = new Uint8Array(8);
    handleOut = { words: new Uint32Array(bytes.buffer, bytes.byteOffset, 2), address: Number(addressOf(bytes)) };
  }
  return handleOut;
}

/** Why the last openHandleValue returned 0 (opens are synchronous, so it is the caller's). */
let lastOpenStatus = 0;

export function lastOpenFailure(): number {
  return lastOpenStatus;
}

/**
 * openObject for the walk: the handle comes back as a Number (0 never is one) written into a
 * reused typed array, so koffi neither converts an out-array nor wraps the handle in a pointer
 * object; and no result object either, as a walk opens once per link and per directory: 0 when
 * the open failed, its NTSTATUS then from lastOpenFailure(). `root` is a handle value too (0:
 * `name` is absolute). Close with closeHandleValue.
 */
export function openHandleValue(fn: ValueOpenFunction, name: string, access: number, root: HandleValue = 0): HandleValue {
  if (name.length * 2 > MAX_UNICODE_BYTES) {
    lastOpenStatus = STATUS.OBJECT_NAME_INVALID;
    return 0;
  }
  const oa = attributesBuffer(objectAttributesSize(name));
  writeObjectAttributes(oa.words, oa.base, name, root, OBJ_CASE_INSENSITIVE, oa.units);
  const out = handleSlot();
  out.words[0] = 0;
  out.words[1] = 0;
  const s = toUint32Status(nt().ntdll[INTO[fn]](out.address, access, oa.base));
  if (s === 0) return out.words[1]! * 4294967296 + out.words[0]!;
  lastOpenStatus = s;
  return 0;
}

/** openHandleValue as an NtResult, with the name in the message. */
export function openHandle(fn: ValueOpenFunction, name: string, access: number, root: HandleValue = 0): NtResult<HandleValue> {
  const tooLong = checkUnicodeLength(name);
  if (tooLong) return fail(STATUS.OBJECT_NAME_INVALID, tooLong);
  const h = openHandleValue(fn, name, access, root);
  return h !== 0 ? ok(h) : fail(lastOpenStatus, `${fn} ${JSON.stringify(name)}`);
}

export function openByType(type: string, name: string, extraAccess: number, root: Ptr = null): NtResult<Ptr> {
  const o = OPENERS.get(type);
  if (!o) return fail(STATUS.NOT_SUPPORTED, `objscope does not open objects of type ${type}`);
  return openObject(o.fn, name, o.query | extraAccess, root);
}
