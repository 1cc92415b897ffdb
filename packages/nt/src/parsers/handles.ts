// Pure parsers for the buffers the zombie scan reads: the system handle table
// (SystemExtendedHandleInformation), the process list (SystemProcessInformation) and the
// type list (ObjectTypesInformation). They run on hand-built buffers in the unit tests, and
// on the live buffers without one FFI call per entry (a busy machine has 100,000+ handles).
// x64 layouts only: the agent is a 64-bit process.
import type { ObjectTypeInfo } from '@objscope/core';
import type { Parsed } from './parsed';

/**
 * SYSTEM_HANDLE_INFORMATION_EX (x64), the one place its layout is written (phnt ntexapi.h):
 * a header { ULONG_PTR NumberOfHandles; ULONG_PTR Reserved; } and then 40-byte
 * SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX entries { PVOID Object; ULONG_PTR UniqueProcessId;
 * ULONG_PTR HandleValue; ULONG GrantedAccess; USHORT CreatorBackTraceIndex;
 * USHORT ObjectTypeIndex; ULONG HandleAttributes; ULONG Reserved; }.
 */
export const HANDLE_TABLE_HEADER_SIZE = 16;
export const HANDLE_ENTRY_SIZE = 40;
/** Field offsets inside one entry. */
export const E = { object: 0, pid: 8, handle: 16, access: 24, typeIndex: 30, attributes: 32 } as const;

export interface HandleEntry {
  /** Kernel object address; 0 where addresses are hidden (Wine; on Windows 11 24H2 and later, a caller without SeDebugPrivilege enabled; below medium integrity and in AppContainers, see docs/handles.md). */
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


function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The table's view and the number of entries that can be read: NumberOfHandles, cut to what
 * the buffer holds (`claimed` says what the header said). Null when even the header is missing.
 */
export function handleTableView(bytes: Uint8Array): { dv: DataView; total: number; claimed: bigint } | null {
  if (bytes.byteLength < HANDLE_TABLE_HEADER_SIZE) return null;
  const dv = view(bytes);
  const claimed = dv.getBigUint64(0, true);
  const room = Math.floor((bytes.byteLength - HANDLE_TABLE_HEADER_SIZE) / HANDLE_ENTRY_SIZE);
  return { dv, total: Number(claimed < BigInt(room) ? claimed : BigInt(room)), claimed };
}

/**
 * Pid and handle value are ULONG_PTR but on x64 Windows always fit in 32 bits (multiples of 4
 * below 2^32); the 32-bit readers skip an entry whose high halves are not zero.
 */
export function fitsIn32Bits(dv: DataView, off: number): boolean {
  return dv.getUint32(off + E.pid + 4, true) === 0 && dv.getUint32(off + E.handle + 4, true) === 0;
}

/** The entry at byte offset `off` (32-bit reads: see fitsIn32Bits). */
export function entryAt(bytes: Uint8Array | DataView, off: number): HandleEntry {
  const dv = bytes instanceof DataView ? bytes : view(bytes);
  const lo = dv.getUint32(off + E.object, true);
  const hi = dv.getUint32(off + E.object + 4, true);
  return {
    object: lo === 0 && hi === 0 ? 0n : (BigInt(hi) << 32n) | BigInt(lo),
    pid: dv.getUint32(off + E.pid, true),
    handle: dv.getUint32(off + E.handle, true),
    grantedAccess: dv.getUint32(off + E.access, true),
    typeIndex: dv.getUint16(off + E.typeIndex, true),
    attributes: dv.getUint32(off + E.attributes, true),
  };
}

/**
 * Every entry (of `keepTypes` when given) of the table, in table order: one loop over the
 * buffer that every other reader here is a filter of.
 */
export function scanHandleTable(bytes: Uint8Array, keep: (dv: DataView, off: number) => boolean): { total: number; offsets: number[] } {
  const t = handleTableView(bytes);
  if (!t) return { total: 0, offsets: [] };
  const offsets: number[] = [];
  for (let i = 0, off = HANDLE_TABLE_HEADER_SIZE; i < t.total; i++, off += HANDLE_ENTRY_SIZE) {
    if (fitsIn32Bits(t.dv, off) && keep(t.dv, off)) offsets.push(off);
  }
  return { total: t.total, offsets };
}

/**
 * Parses SYSTEM_HANDLE_INFORMATION_EX. `keepTypes` filters by ObjectTypeIndex while parsing,
 * so only the types asked for are ever turned into objects. A header claiming more entries
 * than the buffer holds is an error here (the filtered readers below read what is there).
 */
export function parseHandleTable(bytes: Uint8Array, keepTypes?: ReadonlySet<number>): Parsed<HandleTable> {
  const t = handleTableView(bytes);
  if (!t) return { ok: false, message: `handle table buffer is ${bytes.byteLength} bytes; the header alone is 16` };
  if (t.claimed > BigInt(t.total)) return { ok: false, message: `handle table claims ${t.claimed} entries but the buffer holds ${t.total}` };
  const { offsets } = scanHandleTable(bytes, (dv, off) => !keepTypes || keepTypes.has(dv.getUint16(off + E.typeIndex, true)));
  return { ok: true, value: { total: t.total, entries: offsets.map((off) => entryAt(t.dv, off)) } };
}

/** The entry for one handle (pid, handle value) in the raw table, read in place, or null. */
export function findRawEntry(bytes: Uint8Array, pid: number, handle: number): HandleEntry | null {
  const t = handleTableView(bytes);
  if (!t) return null;
  for (let i = 0, off = HANDLE_TABLE_HEADER_SIZE; i < t.total; i++, off += HANDLE_ENTRY_SIZE) {
    // Low halves first: this loop runs over every handle.
    if (t.dv.getUint32(off + E.handle, true) !== handle || t.dv.getUint32(off + E.pid, true) !== pid) continue;
    if (!fitsIn32Bits(t.dv, off)) continue;
    return entryAt(t.dv, off);
  }
  return null;
}

/** The entries of one type index, read in place (a few hundred of 20,000 matter to a lookup). */
export function entriesOfType(bytes: Uint8Array, typeIndex: number): { total: number; entries: HandleEntry[] } {
  const t = handleTableView(bytes);
  if (!t) return { total: 0, entries: [] };
  const { total, offsets } = scanHandleTable(bytes, (dv, off) => dv.getUint16(off + E.typeIndex, true) === typeIndex);
  return { total, entries: offsets.map((off) => entryAt(t.dv, off)) };
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
export function parseProcessList(bytes: Uint8Array, base: bigint): Parsed<ProcessListEntry[]> {
  const dv = view(bytes);
  const out: ProcessListEntry[] = [];
  let off = 0;
  for (let guard = 0; ; guard++) {
    if (off + SPI.minSize > bytes.byteLength) {
      return { ok: false, message: `process entry at offset ${off} runs past the ${bytes.byteLength}-byte buffer` };
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
    if (guard > 1_000_000) return { ok: false, message: 'process list does not end' };
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
 * table does not hold it: used to calibrate type indices against handles the scanner opened on
 * itself, before the filtered parse.
 */
export function handleTypeIndexOf(bytes: Uint8Array, pid: number, handle: number): number | null {
  return findRawEntry(bytes, pid, handle)?.typeIndex ?? null;
}
