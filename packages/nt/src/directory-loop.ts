// The NtQueryDirectoryObject enumeration protocol, separate from the FFI so it can be specified
// against a model of the Windows kernel (test/kernel/directory-object.ts), since Wine 8 has only
// the single-entry mode. The kernel's rules (WRK obdir.c):
// - bulk mode never answers BUFFER_TOO_SMALL: when the next entry does not fit it answers
//   MORE_ENTRIES, also when no entry fitted (then the buffer holds only the terminator and the
//   context does not move), and ReturnLength covers only what was returned;
// - single-entry mode answers BUFFER_TOO_SMALL with the length really needed;
// - the context is an ordinal over the directory's 37 hash chains, and entries move between
//   calls (new names go to the head of their chain, lookups move an entry to the front), so a
//   listing read in several calls can skip or repeat names. Hence bulk mode restarts with a
//   doubled buffer until one call returns everything, as NtCoreLib's NtDirectory does.
// - a reader that follows the context (single-entry mode, or pieces past the cap) can be held in
//   place for good: a name created in a chain at or before the context's shifts the context's
//   entry up by one, so when the context is in the last chain every creation between two calls
//   hands back the entry just read. Wine does the same (server/object.c namespace_add puts a new
//   name at its chain's head; find_object_index counts from chain 0; a created directory has 7
//   chains, server/directory.c HASH_SIZE). Hence the repeat budget below.
import type { NtResult } from '@objscope/core';
import { DIRECTORY_ENTRY_SIZE, directoryReader, parseDirectoryBuffer, readDirectoryEntry, type DirectoryReader, type RawDirEntry } from './parsers/directory';
import { addressNumber } from './parsers/unicode';
import { fail, ok } from './result';
import { STATUS } from '@objscope/core';

/** No single directory entry is this big; stops a lying ReturnLength from growing forever. */
const MAX_BUFFER = 64 * 1024 * 1024;
/**
 * The largest buffer for the one-call listing: ~200,000 typical entries. Past it the listing is
 * read in pieces from the context (see readInPieces).
 */
const MAX_SINGLE_CALL_BUFFER = 16 * 1024 * 1024;
/**
 * A reader following the context stops once the kernel has handed back more repeated entries
 * than distinct ones (plus this slack): names are being created ahead of it at least as fast as
 * it reads, and going on would be a livelock, not a listing. The answer is then what was read,
 * each name once, with STATUS_MORE_ENTRIES: the directory may hold more.
 */
const REPEAT_SLACK = 64;

/** True when `returned` entries held so many repeats of the `distinct` names that the reader is being held in place. */
function heldInPlace(returned: number, distinct: number): boolean {
  return returned - distinct > distinct + REPEAT_SLACK;
}

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

export interface BulkOptions {
  /** Cap of the one-call buffer (tests lower it to reach the fallback). */
  maxBuffer?: number;
}

function grow(ret: number, current: number): number | null {
  const size = Math.max(ret, current * 2);
  return size > MAX_BUFFER ? null : size;
}

function parsed(buf: QueryBuffer): NtResult<RawDirEntry[]> {
  const p = parseDirectoryBuffer(buf.bytes, buf.base);
  return p.ok ? ok(p.value.entries) : fail(STATUS.UNSUCCESSFUL, p.message);
}

// The Context and ReturnLength of enumerateBulk's calls, made once: every call restarts the scan
// and nothing reads them after it returns, and a walk lists a directory at a time.
const bulkContext = new Uint32Array(1);
const bulkReturnLength = new Uint32Array(1);

/**
 * Bulk mode: the whole directory in one call, restarting with a doubled buffer while the kernel
 * says MORE_ENTRIES, so the listing is the directory at one instant. The buffer source keeps the
 * grown buffer, so later directories start at the size that worked.
 */
export function enumerateBulk(query: DirectoryQuery, buffer: BufferSource, opts: BulkOptions = {}): NtResult<RawDirEntry[]> {
  const cap = opts.maxBuffer ?? MAX_SINGLE_CALL_BUFFER;
  const ctx = bulkContext;
  const ret = bulkReturnLength;
  ctx[0] = 0;
  let size = 0;
  for (;;) {
    const buf = buffer(size);
    const s = query(buf, false, true, ctx, ret) >>> 0;
    if (s === STATUS.NO_MORE_ENTRIES) return ok([]);
    if (s === 0) return parsed(buf);
    if (s !== STATUS.MORE_ENTRIES && s !== STATUS.BUFFER_TOO_SMALL) return fail(s, 'NtQueryDirectoryObject');
    const next = buf.bytes.byteLength * 2;
    if (next > cap) return readInPieces(query, buffer, buf.bytes.byteLength);
    size = next;
  }
}

/**
 * Past the cap: continue from the context, call after call. Names created, opened or deleted
 * meanwhile can shift the ordinals, so a name seen twice is kept once (a name is unique in its
 * directory); one created behind the reader is missed, as with any directory read in pieces.
 * A reader held in place by creations ends with STATUS_MORE_ENTRIES (see heldInPlace).
 */
function readInPieces(query: DirectoryQuery, buffer: BufferSource, size: number): NtResult<RawDirEntry[]> {
  const entries: RawDirEntry[] = [];
  const seen = new Set<string>();
  const ctx = new Uint32Array(1);
  const ret = new Uint32Array(1);
  let restart = true;
  let returned = 0;
  for (;;) {
    const buf = buffer(size);
    const before = ctx[0]!;
    const s = query(buf, false, restart, ctx, ret) >>> 0;
    if (s === STATUS.NO_MORE_ENTRIES) return ok(entries);
    if (s !== 0 && s !== STATUS.MORE_ENTRIES && s !== STATUS.BUFFER_TOO_SMALL) return fail(s, 'NtQueryDirectoryObject');
    const p = s === STATUS.BUFFER_TOO_SMALL ? ok<RawDirEntry[]>([]) : parsed(buf);
    if (!p.ok) return p;
    for (const e of p.value) {
      if (seen.has(e.name)) continue;
      seen.add(e.name);
      entries.push(e);
    }
    if (s === 0) return ok(entries);
    returned += p.value.length;
    if (heldInPlace(returned, entries.length)) return ok(entries, STATUS.MORE_ENTRIES);
    if (p.value.length === 0) {
      // Not even one entry fitted: the context did not move; grow and ask again.
      ctx[0] = before;
      const next = grow(ret[0]!, buf.bytes.byteLength);
      if (next === null) return fail(STATUS.BUFFER_TOO_SMALL, 'directory entry larger than 64 MiB');
      size = next;
    }
    restart = false;
  }
}

/**
 * Single-entry mode: one entry per call (all Wine 8 implements). A name handed back again (the
 * ordinals shifted under the reader) is kept once; a reader held in place by creations ends with
 * STATUS_MORE_ENTRIES (see heldInPlace).
 */
export function enumerateSingle(query: DirectoryQuery, buffer: BufferSource): NtResult<RawDirEntry[]> {
  const entries: RawDirEntry[] = [];
  const seen = new Set<string>();
  let returned = 0;
  const ctx = new Uint32Array(1);
  const ret = new Uint32Array(1);
  let restart = true;
  let size = 0;
  let reader: DirectoryReader | null = null;
  for (;;) {
    const buf = buffer(size);
    const before = ctx[0]!;
    const s = query(buf, true, restart, ctx, ret) >>> 0;
    if (s === STATUS.NO_MORE_ENTRIES) return ok(entries);
    if (s === STATUS.BUFFER_TOO_SMALL) {
      ctx[0] = before;
      const next = grow(ret[0]!, buf.bytes.byteLength);
      if (next === null) return fail(s, 'directory entry larger than 64 MiB');
      size = next;
      continue;
    }
    if (s !== 0 && s !== STATUS.MORE_ENTRIES) return fail(s, 'NtQueryDirectoryObject');
    // One entry per call: read it in place rather than through parseDirectoryBuffer's arrays.
    if (reader?.bytes !== buf.bytes) reader = directoryReader(buf.bytes, addressNumber(buf.base), buf.bytes.byteLength);
    if (DIRECTORY_ENTRY_SIZE > buf.bytes.byteLength) return ok(entries);
    const e = readDirectoryEntry(reader, 0, 0);
    if (e === null) return ok(entries);
    if ('message' in e) return fail(STATUS.UNSUCCESSFUL, e.message);
    returned++;
    if (!seen.has(e.name)) {
      seen.add(e.name);
      entries.push(e);
    } else if (heldInPlace(returned, entries.length)) {
      return ok(entries, STATUS.MORE_ENTRIES);
    }
    restart = false;
  }
}
