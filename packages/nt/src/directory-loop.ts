// The NtQueryDirectoryObject enumeration protocol, separate from the FFI so it can be specified
// against Windows' bulk-mode behaviour, which Wine 8 cannot produce (it only has single-entry
// mode). Statuses: MORE_ENTRIES = buffer full, call again from the context; SUCCESS = the rest
// fitted; NO_MORE_ENTRIES = done; BUFFER_TOO_SMALL = not even one entry fitted (grow).
import type { NtResult } from '@objscope/core';
import { DIRECTORY_ENTRY_SIZE, parseDirectoryBuffer, readDirectoryEntry, type RawDirEntry } from './parsers/directory';
import { addressNumber, dataViewOf } from './parsers/unicode';
import { fail, ok } from './result';

const STATUS_MORE_ENTRIES = 0x00000105;
const STATUS_NO_MORE_ENTRIES = 0x8000001a;
const STATUS_BUFFER_TOO_SMALL = 0xc0000023;
const STATUS_UNSUCCESSFUL = 0xc0000001;
/** No single directory entry is this big; stops a lying ReturnLength from growing forever. */
const MAX_BUFFER = 64 * 1024 * 1024;

export interface QueryBuffer {
  bytes: Uint8Array;
  /** The address of `bytes` in memory (string pointers in the output are absolute). */
  base: bigint;
}

/**
 * One NtQueryDirectoryObject call on an open directory. `ctx` and `ret` are the _Inout_ Context
 * and _Out_ ReturnLength ULONGs, one element each: typed arrays so koffi hands the kernel their
 * memory instead of converting a JS array in and out on every call.
 */
export type DirectoryQuery = (buf: QueryBuffer, single: boolean, restart: boolean, ctx: Uint32Array, ret: Uint32Array) => number;

/** A buffer of at least `minSize` bytes (0: the default size). */
export type BufferSource = (minSize: number) => QueryBuffer;

function grow(ret: number, current: number): number | null {
  const size = Math.max(ret, current * 2);
  return size > MAX_BUFFER ? null : size;
}

/** Bulk mode: as many entries per call as fit. */
export function enumerateBulk(query: DirectoryQuery, buffer: BufferSource): NtResult<RawDirEntry[]> {
  const entries: RawDirEntry[] = [];
  const ctx = new Uint32Array(1);
  const ret = new Uint32Array(1);
  let restart = true;
  let size = 0;
  for (;;) {
    const buf = buffer(size);
    const s = query(buf, false, restart, ctx, ret) >>> 0;
    if (s === STATUS_NO_MORE_ENTRIES) return ok(entries);
    if (s === STATUS_BUFFER_TOO_SMALL) {
      const next = grow(ret[0]!, buf.bytes.byteLength);
      if (next === null) return fail(s, 'directory entry larger than 64 MiB');
      size = next;
      continue;
    }
    if (s !== 0 && s !== STATUS_MORE_ENTRIES) return fail(s, 'NtQueryDirectoryObject');
    const parsed = parseDirectoryBuffer(buf.bytes, buf.base);
    if (!parsed.ok) return fail(STATUS_UNSUCCESSFUL, parsed.message);
    for (const e of parsed.entries) entries.push(e);
    restart = false;
    // SUCCESS means the rest fitted (the next call answers NO_MORE_ENTRIES, so stop now); a
    // MORE_ENTRIES that returned nothing would loop forever.
    if (s === 0 || parsed.entries.length === 0) return ok(entries);
  }
}

/** Single-entry mode: one entry per call (all Wine 8 implements). */
export function enumerateSingle(query: DirectoryQuery, buffer: BufferSource): NtResult<RawDirEntry[]> {
  const entries: RawDirEntry[] = [];
  const ctx = new Uint32Array(1);
  const ret = new Uint32Array(1);
  let restart = true;
  let size = 0;
  let parsedBytes: Uint8Array | null = null;
  let view: DataView | null = null;
  let base = 0;
  for (;;) {
    const buf = buffer(size);
    const before = ctx[0]!;
    const s = query(buf, true, restart, ctx, ret) >>> 0;
    if (s === STATUS_NO_MORE_ENTRIES) return ok(entries);
    if (s === STATUS_BUFFER_TOO_SMALL) {
      ctx[0] = before;
      const next = grow(ret[0]!, buf.bytes.byteLength);
      if (next === null) return fail(s, 'directory entry larger than 64 MiB');
      size = next;
      continue;
    }
    if (s !== 0 && s !== STATUS_MORE_ENTRIES) return fail(s, 'NtQueryDirectoryObject');
    // One entry per call: read it in place rather than through parseDirectoryBuffer's arrays.
    if (buf.bytes !== parsedBytes) {
      parsedBytes = buf.bytes;
      view = dataViewOf(buf.bytes);
      base = addressNumber(buf.base);
    }
    if (DIRECTORY_ENTRY_SIZE > buf.bytes.byteLength) return ok(entries);
    const e = readDirectoryEntry(buf.bytes, view!, 0, base, buf.bytes.byteLength, 0);
    if (e === null) return ok(entries);
    if ('message' in e) return fail(STATUS_UNSUCCESSFUL, e.message);
    entries.push(e);
    restart = false;
  }
}
