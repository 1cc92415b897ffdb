// Pure parsers for the buffers the zombie scan reads: the system handle table
// (SystemExtendedHandleInformation), the process list (SystemProcessInformation) and the
// type list (ObjectTypesInformation). They run on hand-built buffers in the unit tests, and
// on the live buffers without one FFI call per entry (a busy machine has 100,000+ handles).
// x64 layouts only: the agent is a 64-bit process.
import type { ObjectTypeInfo } from '@objscope/core';

/** SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX on x64. */
export const HANDLE_ENTRY_SIZE = 40;
/** SYSTEM_HANDLE_INFORMATION_EX header: NumberOfHandles, Reserved (both ULONG_PTR). */
export const HANDLE_TABLE_HEADER_SIZE = 16;

export interface HandleEntry {
  /** Kernel object address; 0 where addresses are hidden (Wine; on Windows 11 24H2 and later, a caller without SeDebugPrivilege enabled). */
  object: bigint;
  /** Holder process. */
  pid: number;
  /** Handle value inside the holder. */
  handle: number;
  grantedAccess: number;
  typeIndex: number;
  attributes: number;
}

export interface HandleTable {
  /** NumberOfHandles as reported (every type). */
  total: number;
  /** Entries kept by the filter (all of them without one). */
  entries: HandleEntry[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses SYSTEM_HANDLE_INFORMATION_EX. `keepTypes` filters by ObjectTypeIndex while parsing,
 * so only Process and Thread handles are ever turned into objects.
 */
export function parseHandleTable(bytes: Uint8Array, keepTypes?: ReadonlySet<number>): ParseResult<HandleTable> {
  if (bytes.byteLength < HANDLE_TABLE_HEADER_SIZE) {
    return { ok: false, error: `handle table buffer is ${bytes.byteLength} bytes; the header alone is 16` };
  }
  const dv = view(bytes);
  const count = dv.getBigUint64(0, true);
  const room = BigInt(Math.floor((bytes.byteLength - HANDLE_TABLE_HEADER_SIZE) / HANDLE_ENTRY_SIZE));
  if (count > room) {
    return { ok: false, error: `handle table claims ${count} entries but the buffer holds ${room}` };
  }
  const total = Number(count);
  const entries: HandleEntry[] = [];
  for (let i = 0, off = HANDLE_TABLE_HEADER_SIZE; i < total; i++, off += HANDLE_ENTRY_SIZE) {
    const typeIndex = dv.getUint16(off + 30, true);
    if (keepTypes && !keepTypes.has(typeIndex)) continue;
    entries.push({
      object: dv.getBigUint64(off, true),
      // PIDs and handle values are ULONG_PTR but always fit in 32 bits (both are multiples of 4 < 2^32).
      pid: Number(dv.getBigUint64(off + 8, true)),
      handle: Number(dv.getBigUint64(off + 16, true)),
      grantedAccess: dv.getUint32(off + 24, true),
      typeIndex,
      attributes: dv.getUint32(off + 32, true),
    });
  }
  return { ok: true, value: { total, entries } };
}


/**
 * Reads a UNICODE_STRING whose Buffer points into the same buffer (as the OS lays out these
 * information classes). `base` is the address of bytes[0]. A pointer outside the buffer gives
 * null rather than reading foreign memory.
 */
function readCountedString(dv: DataView, bytes: Uint8Array, at: number, base: bigint): string | null {
  const len = dv.getUint16(at, true);
  const ptr = dv.getBigUint64(at + 8, true);
  if (len === 0 || ptr === 0n) return null;
  const rel = ptr - base;
  if (rel < 0n || rel + BigInt(len) > BigInt(bytes.byteLength) || len % 2 !== 0) return null;
  const start = Number(rel);
  let s = '';
  for (let i = 0; i < len; i += 2) s += String.fromCharCode(dv.getUint16(start + i, true));
  return s;
}

export interface ProcessListEntry {
  pid: number;
  parentPid: number;
  /** FILETIME ticks (100 ns since 1601); 0 where the system does not say. */
  createTime: bigint;
  /** Image base name ("explorer.exe"); null for the idle process. */
  imageName: string | null;
  threads: number;
  handles: number;
}

/** SYSTEM_PROCESS_INFORMATION offsets on x64. */
const SPI = { next: 0, threads: 4, createTime: 32, imageName: 56, pid: 80, parentPid: 88, handles: 96, minSize: 0x100 };

/** Parses the SystemProcessInformation chain (entries linked by NextEntryOffset). */
export function parseProcessList(bytes: Uint8Array, base: bigint): ParseResult<ProcessListEntry[]> {
  const dv = view(bytes);
  const out: ProcessListEntry[] = [];
  let off = 0;
  for (let guard = 0; ; guard++) {
    if (off + SPI.minSize > bytes.byteLength) {
      return { ok: false, error: `process entry at offset ${off} runs past the ${bytes.byteLength}-byte buffer` };
    }
    out.push({
      pid: Number(dv.getBigUint64(off + SPI.pid, true)),
      parentPid: Number(dv.getBigUint64(off + SPI.parentPid, true)),
      createTime: dv.getBigInt64(off + SPI.createTime, true),
      imageName: readCountedString(dv, bytes, off + SPI.imageName, base),
      threads: dv.getUint32(off + SPI.threads, true),
      handles: dv.getUint32(off + SPI.handles, true),
    });
    const next = dv.getUint32(off + SPI.next, true);
    if (next === 0) break;
    if (guard > 1_000_000) return { ok: false, error: 'process list does not end' };
    off += next;
  }
  return { ok: true, value: out };
}

export interface ZombieTypeIndices {
  process: number;
  thread: number;
  /** How the indices were found, for the capability notes. */
  source: 'handle-table' | 'type-index';
}

/**
 * The handle table's ObjectTypeIndex for Process and Thread.
 *
 * Windows 8.1+ reports the same number in the type list's TypeIndex field and in the handle
 * table. Wine 8 does not: its type list says position + 2 (the Windows 7 rule) while its
 * handle table uses the plain position. So the answer is calibrated against the table itself:
 * `observed` holds the type index of a handle of known type the scanner opened on itself
 * (found in the same table). That wins; without it the TypeIndex field is used.
 */
export function resolveZombieTypeIndices(
  types: readonly Pick<ObjectTypeInfo, 'name' | 'index'>[],
  observed: { process: number | null; thread: number | null },
): ZombieTypeIndices | null {
  if (observed.process !== null && observed.thread !== null) {
    return { process: observed.process, thread: observed.thread, source: 'handle-table' };
  }
  const p = types.find((t) => t.name === 'Process');
  const t = types.find((x) => x.name === 'Thread');
  if (!p || !t || p.index === null || t.index === null) return null;
  return { process: p.index, thread: t.index, source: 'type-index' };
}

/**
 * The ObjectTypeIndex of one handle (pid, handle value) in the raw table, or null when the
 * table does not hold it. Reads the buffer in place: used to calibrate type indices against
 * handles the scanner opened on itself, before the filtered parse.
 */
export function handleTypeIndexOf(bytes: Uint8Array, pid: number, handle: number): number | null {
  if (bytes.byteLength < HANDLE_TABLE_HEADER_SIZE) return null;
  const dv = view(bytes);
  const room = Math.floor((bytes.byteLength - HANDLE_TABLE_HEADER_SIZE) / HANDLE_ENTRY_SIZE);
  const count = Math.min(Number(dv.getBigUint64(0, true)), room);
  const wantPid = BigInt(pid);
  const wantHandle = BigInt(handle);
  for (let i = 0, off = HANDLE_TABLE_HEADER_SIZE; i < count; i++, off += HANDLE_ENTRY_SIZE) {
    if (dv.getBigUint64(off + 16, true) === wantHandle && dv.getBigUint64(off + 8, true) === wantPid) {
      return dv.getUint16(off + 30, true);
    }
  }
  return null;
}
