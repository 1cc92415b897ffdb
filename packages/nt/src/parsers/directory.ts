// OBJECT_DIRECTORY_INFORMATION (x64): 32-byte entries { UNICODE_STRING Name; UNICODE_STRING
// TypeName } terminated by a zeroed entry, the strings stored later in the same buffer.
import type { Parsed } from './parsed';
import { textViewOf, utf16Slice } from '../unicode';
import { addressNumber, dataViewOf, readUnicodeStringFast } from './unicode';

const TWO_32 = 4294967296;

export const DIRECTORY_ENTRY_SIZE = 32;

/**
 * An entry as the query returned it, already in DirEntry's shape (fields in the same order) with
 * no link target read yet: a walk keeps it as the tree's node instead of making a second object
 * per entry (a walk of 20,000 objects otherwise allocates 20,000 short-lived ones, and V8's
 * scavenges copy whatever is still alive while a directory is described).
 */
export interface RawDirEntry {
  name: string;
  type: string;
  target: null;
  error: null;
}

/** A directory query buffer's entries, and whether they ended at the zeroed terminator. */
export interface DirectoryBuffer {
  entries: RawDirEntry[];
  terminated: boolean;
}

// A namespace has a few dozen type names and every entry repeats one; decoding each once keeps
// one string per type (less garbage, and later type comparisons hit the same string). Keyed by
// length, first code unit and the low bits of the last, kept below 2^30 so the key is a small
// integer (a larger one is a heap number, made and hashed on every entry); a hit is confirmed
// code unit by code unit.
const typeNames = new Map<number, string>();

/**
 * One query buffer as the entry reader needs it, made once per buffer parsed: its DataView, a
 * Buffer over the same bytes to decode from, its address as a Number and its readable length.
 */
export interface DirectoryReader {
  bytes: Uint8Array;
  view: DataView;
  text: Buffer;
  base: number;
  limit: number;
  /**
   * The buffer's names decoded in one piece (see decodeNames), from byte `namesFrom` to
   * `namesTo`; '' when each name is decoded on its own.
   */
  names: string;
  namesFrom: number;
  namesTo: number;
}

export function directoryReader(bytes: Uint8Array, base: number, limit: number): DirectoryReader {
  return { bytes, view: dataViewOf(bytes), text: textViewOf(bytes), base, limit: Math.min(limit, bytes.byteLength), names: '', namesFrom: 0, namesTo: 0 };
}

/**
 * A string's offset in the buffer from the pointer at `offset` (the high half first: a pointer
 * above 2^53, which no user-mode address is, loses precision but stays far past any buffer), or
 * -1 when it is not inside the buffer with `length` bytes after it.
 */
function stringAt(r: DirectoryReader, offset: number, length: number): number {
  const rel = r.view.getUint32(offset + 4, true) * TWO_32 + r.view.getUint32(offset, true) - r.base;
  return rel >= 0 && rel + length <= r.limit ? rel : -1;
}

function typeName(r: DirectoryReader, offset: number, length: number): string | { message: string } {
  const rel = length === 0 || length % 2 !== 0 || length > 128 ? -1 : stringAt(r, offset + 8, length);
  // Anything unusual (empty, odd, out of range, long) takes the general reader and its messages.
  if (rel < 0) return readUnicodeStringFast(r.bytes, r.view, offset, r.base, r.limit);
  const view = r.view;
  const first = view.getUint16(rel, true);
  const last = view.getUint16(rel + length - 2, true);
  const key = (length * 65536 + first) * 64 + (last & 63);
  const cached = typeNames.get(key);
  if (cached !== undefined) {
    let same = true;
    for (let i = 1; i < length >> 1; i++) {
      if (cached.charCodeAt(i) !== view.getUint16(rel + i * 2, true)) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const s = utf16Slice(r.text, rel, rel + length);
  if (typeNames.size < 1024) typeNames.set(key, s);
  return s;
}

/**
 * Decodes the bytes from `from` to `to`, where the listing's names lie, as one string, so each
 * name is a substring of it: Buffer's ucs2Slice is a call into C++ per name (about 50 ns on this
 * Node, against 12 for a substring), and a walk decodes some 20,000 names. Windows (WRK obdir.c)
 * and Wine pack the strings right after the entries, each name then its type name, with their
 * NULs; only when they lie that close together (at most twice the bytes of the names, type names
 * and NULs) is the span decoded whole, so a buffer with two names far apart is not decoded from
 * end to end. A name of 13 characters or more is then a slice of that string (V8 shares its
 * characters), which keeps the directory's type names and NULs alive with it.
 */
function decodeNames(r: DirectoryReader, count: number, from: number, to: number, useful: number): void {
  if (!namesSpanWorthDecoding(count, from, to, useful)) return;
  const span = (to - from) & ~1;
  r.names = utf16Slice(r.text, from, from + span);
  r.namesFrom = from;
  r.namesTo = from + span;
}

/**
 * Whether `count` names lying between bytes `from` and `to` are decoded as one span: two or more
 * names, in at most twice the `useful` bytes (their names, type names and NULs).
 */
export function namesSpanWorthDecoding(count: number, from: number, to: number, useful: number): boolean {
  return count >= 2 && to > from && to - from <= 2 * useful;
}

/** The zeroed entry that ends a listing: both strings empty, with no pointers either. */
function isTerminator(view: DataView, off: number): boolean {
  return (
    view.getUint16(off, true) === 0 &&
    view.getUint16(off + 16, true) === 0 &&
    view.getUint32(off + 8, true) === 0 &&
    view.getUint32(off + 12, true) === 0 &&
    view.getUint32(off + 24, true) === 0 &&
    view.getUint32(off + 28, true) === 0
  );
}

/**
 * The entry at `off` (which the caller has checked lies whole inside the readable length): the
 * entry, null for the zeroed terminator, or a message saying why it cannot be read. A name whose
 * header is in order (even length, its bytes inside the buffer) is decoded in place; any other
 * goes through readUnicodeStringFast, which says what is wrong with it.
 */
export function readDirectoryEntry(r: DirectoryReader, off: number, index: number): RawDirEntry | null | { message: string } {
  const view = r.view;
  const nameLen = view.getUint16(off, true);
  const typeLen = view.getUint16(off + 16, true);
  if (nameLen === 0 && typeLen === 0 && isTerminator(view, off)) return null;
  let name: string;
  const at = nameLen === 0 || nameLen % 2 !== 0 ? -1 : stringAt(r, off + 8, nameLen);
  if (at >= 0) {
    name =
      at >= r.namesFrom && at + nameLen <= r.namesTo && ((at - r.namesFrom) & 1) === 0
        ? r.names.substring((at - r.namesFrom) >> 1, (at - r.namesFrom + nameLen) >> 1)
        : utf16Slice(r.text, at, at + nameLen);
  } else {
    const n = readUnicodeStringFast(r.bytes, view, off, r.base, r.limit);
    if (typeof n !== 'string') return { message: `entry ${index} name: ${n.message}` };
    name = n;
  }
  const type = typeName(r, off + 16, typeLen);
  if (typeof type !== 'string') return { message: `entry ${index} type: ${type.message}` };
  return { name, type, target: null, error: null };
}

/**
 * Parses a directory query buffer that lives at address `base`. `maxEntries` bounds the walk
 * (single-entry mode returns exactly one and Wine does not always write the terminator).
 */
export function parseDirectoryBuffer(bytes: Uint8Array, base: bigint, maxEntries = Infinity, validLength = bytes.byteLength): Parsed<DirectoryBuffer> {
  const r = directoryReader(bytes, addressNumber(base), validLength);
  const limit = r.limit;
  const view = r.view;
  // Counted first, so the array is made at its size: pushing 20,000 entries one by one copies
  // the array at every doubling, as much garbage again as the entries' own slots. The same pass
  // finds the bytes the names lie in, for decodeNames.
  let count = 0;
  let end: 'terminator' | 'limit' | 'max' = 'max';
  let from = limit;
  let to = 0;
  let useful = 0;
  for (let off = 0; count < maxEntries; off += DIRECTORY_ENTRY_SIZE, count++) {
    if (off + DIRECTORY_ENTRY_SIZE > limit) {
      end = 'limit';
      break;
    }
    if (isTerminator(view, off)) {
      end = 'terminator';
      break;
    }
    const nameLen = view.getUint16(off, true);
    const at = nameLen === 0 ? -1 : stringAt(r, off + 8, nameLen);
    if (at >= 0) {
      if (at < from) from = at;
      if (at + nameLen > to) to = at + nameLen;
    }
    useful += nameLen + view.getUint16(off + 16, true) + 4;
  }
  decodeNames(r, count, from, to, useful);
  const entries = new Array<RawDirEntry>(count);
  for (let i = 0; i < count; i++) {
    // Not null: the count stopped before the terminator.
    const e = readDirectoryEntry(r, i * DIRECTORY_ENTRY_SIZE, i)!;
    if ('message' in e) return { ok: false, message: e.message };
    entries[i] = e;
  }
  // Running out of buffer without the terminator is fine only when the caller said how many.
  if (end === 'limit' && maxEntries === Infinity) return { ok: false, message: `directory buffer ends at ${limit} bytes without a terminating entry` };
  return { ok: true, value: { entries, terminated: end === 'terminator' } };
}
