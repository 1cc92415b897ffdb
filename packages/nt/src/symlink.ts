// Symbolic links: target, creation time, and the chain of targets.
import type { LinkChain, LinkHop, NtResult } from '@objscope/core';
import { parseNtPath, statusInfo, STATUS, toUint32Status } from '@objscope/core';
import { addressOf, closeHandle, closeHandleValue, nt, type HandleValue, type Ptr } from './ffi';
import { lastOpenFailure, openHandleValue, openObject } from './open';
import { fail, ok } from './result';
import { decodeUtf16, layoutEmptyUnicodeString, MAX_UNICODE_BYTES } from './unicode';
import { ntTimeToIso } from './parsers/time';

const SYMBOLIC_LINK_QUERY = 0x0001;
const MAX_LINK_HOPS = 16;

const DEFAULT_TARGET_CAPACITY = 512;

interface TargetBuffer {
  bytes: Uint8Array;
  words: Uint32Array;
  capacity: number;
  /** The address of `bytes`, as a Number (for the by-value binding). */
  address: number;
}

// The usual-size target buffer, reused: a walk reads every link's target, one after another and
// synchronously, so one buffer (and its address, taken once) serves them all.
let sharedTarget: TargetBuffer | null = null;
const sharedRet = new Uint32Array(1);
let sharedRetAddress: number | null = null;

function targetBuffer(capacity: number): TargetBuffer {
  if (sharedTarget && sharedTarget.capacity === capacity) return sharedTarget;
  const bytes = new Uint8Array(16 + capacity);
  const address = addressOf(bytes);
  layoutEmptyUnicodeString(bytes, address, capacity);
  const b = { bytes, words: new Uint32Array(bytes.buffer, bytes.byteOffset, 4), capacity, address: Number(address) };
  if (capacity === DEFAULT_TARGET_CAPACITY) sharedTarget = b;
  return b;
}

/** Target of an open link; retries once with the size the kernel asks for. */
export function queryLinkTarget(h: Ptr): NtResult<string> {
  const t = queryTarget(h, 0);
  return typeof t === 'string' ? ok(t) : fail(t, 'NtQuerySymbolicLinkObject');
}

/**
 * The target of the open link `h` (a Ptr), or of `value` (a handle value, when h is null): the
 * string, or the failing NTSTATUS as a number. One loop for both bindings, with no closure or
 * result object per call: the walk reads every link's target through it.
 */
function queryTarget(h: Ptr, value: HandleValue): string | number {
  let capacity = DEFAULT_TARGET_CAPACITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const b = targetBuffer(capacity);
    // Length 0, MaximumLength = capacity (the kernel may have rewritten either last time).
    b.words[0] = Math.min(capacity, MAX_UNICODE_BYTES) * 65536;
    sharedRet[0] = 0;
    const s = toUint32Status(
      (h === null ? nt().ntdll.NtQuerySymbolicLinkObjectByValue(value, b.address, retAddress()) : nt().ntdll.NtQuerySymbolicLinkObject(h, b.bytes, sharedRet)) as number,
    );
    if (s === 0) {
      const len = b.words[0]! & 0xffff;
      return decodeUtf16(b.bytes, 16, Math.min(len, capacity));
    }
    if ((s === STATUS.BUFFER_TOO_SMALL || s === STATUS.BUFFER_OVERFLOW) && capacity < MAX_UNICODE_BYTES) {
      capacity = Math.min(MAX_UNICODE_BYTES, Math.max(sharedRet[0]!, capacity * 2));
      continue;
    }
    return s;
  }
  return STATUS.BUFFER_TOO_SMALL;
}

function retAddress(): number {
  sharedRetAddress ??= Number(addressOf(new Uint8Array(sharedRet.buffer, sharedRet.byteOffset, 4)));
  return sharedRetAddress;
}

function queryCreationTime(h: Ptr): string | null {
  const buf = new Uint8Array(56);
  const s = toUint32Status(nt().ntdll.NtQueryObject(h, 0, buf, buf.byteLength, [0]));
  if (s !== 0) return null;
  return ntTimeToIso(new DataView(buf.buffer).getBigInt64(48, true));
}

export interface LinkTarget {
  target: string;
  creationTime: string | null;
}

/** Target of the link `name` inside the open directory `dir` (or absolute when dir is null). */
export function readLinkTargetRelative(dir: Ptr, name: string, withTime = false): NtResult<LinkTarget> {
  const h = openObject('NtOpenSymbolicLinkObject', name, SYMBOLIC_LINK_QUERY, dir);
  if (!h.ok) return h;
  try {
    const t = queryLinkTarget(h.value);
    if (!t.ok) return t;
    return ok({ target: t.value, creationTime: withTime ? queryCreationTime(h.value) : null });
  } finally {
    closeHandle(h.value);
  }
}

/**
 * The target of the link `name` inside the open directory `dir`, both as handle values: the
 * walk's form of readLinkTargetRelative (no koffi pointer object, closure or result object per
 * link). The target, or the NTSTATUS of the open or the query that failed, as a number.
 */
export function readLinkTargetValue(dir: HandleValue, name: string): string | number {
  const link = openHandleValue('NtOpenSymbolicLinkObject', name, SYMBOLIC_LINK_QUERY, dir);
  if (link === 0) return lastOpenFailure();
  try {
    return queryTarget(null, link);
  } finally {
    closeHandleValue(link);
  }
}

/**
 * Follows a link's targets until something that is not a link, a missing object, a repeated
 * path (a loop) or 16 hops. `typeOf` names the type of a non-link hop when the caller can (the
 * live source looks it up in the cached parent listing).
 */
export function resolveLinkChain(path: string, typeOf?: (path: string) => string | null): LinkChain {
  const hops: LinkHop[] = [];
  // Object names compare case-insensitively (we open with OBJ_CASE_INSENSITIVE).
  const seen = new Set<string>();
  let current = path;
  for (let i = 0; i <= MAX_LINK_HOPS; i++) {
    if (i === MAX_LINK_HOPS) return { hops, final: null, loop: false, truncated: true, dangling: false };
    const key = current.toUpperCase();
    if (seen.has(key)) return { hops, final: null, loop: true, truncated: false, dangling: false };
    seen.add(key);
    const checked = parseNtPath(current);
    if (!checked.ok) {
      hops.push({ path: current, target: null, type: null, error: statusInfo(STATUS.OBJECT_NAME_INVALID) });
      return { hops, final: null, loop: false, truncated: false, dangling: true };
    }
    const t = readLinkTargetRelative(null, current);
    if (t.ok) {
      hops.push({ path: current, target: t.value.target || null, type: 'SymbolicLink', error: null });
      // An empty target cannot be followed (a dynamic link resolves only when opened as what it
      // stands for, an empty link nowhere): the chain ends at the link itself.
      if (!t.value.target) return { hops, final: current, loop: false, truncated: false, dangling: false };
      current = t.value.target;
      continue;
    }
    if (t.status === STATUS.OBJECT_TYPE_MISMATCH) {
      hops.push({ path: current, target: null, type: typeOf ? typeOf(current) : null, error: null });
      return { hops, final: current, loop: false, truncated: false, dangling: false };
    }
    hops.push({ path: current, target: null, type: null, error: statusInfo(t.status) });
    const missing = t.status === STATUS.OBJECT_NAME_NOT_FOUND || t.status === STATUS.OBJECT_PATH_NOT_FOUND;
    return { hops, final: null, loop: false, truncated: false, dangling: missing };
  }
  return { hops, final: null, loop: false, truncated: true, dangling: false };
}
