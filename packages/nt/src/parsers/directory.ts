// OBJECT_DIRECTORY_INFORMATION (x64): 32-byte entries { UNICODE_STRING Name; UNICODE_STRING
// TypeName } terminated by a zeroed entry, the strings stored later in the same buffer.
import type { Parsed } from './parsed';
import { addressNumber, dataViewOf, readPointer, readUnicodeStringFast } from './unicode';

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
// length and first/last code unit; a hit is confirmed code unit by code unit.
const typeNames = new Map<number, string>();

function typeName(bytes: Uint8Array, view: DataView, offset: number, base: number, limit: number): string | { message: string } {
  const length = view.getUint16(offset, true);
  const ptr = readPointer(view, offset + 8);
  const rel = ptr - base;
  if (length === 0 || length % 2 !== 0 || !(rel >= 0) || rel + length > limit || length > 128) {
    return readUnicodeStringFast(bytes, view, offset, base, limit);
  }
  const first = view.getUint16(rel, true);
  const last = view.getUint16(rel + length - 2, true);
  const key = (length * 65536 + first) * 65536 + last;
  const cached = typeNames.get(key);
  if (cached !== undefined) {
    let same = true;
    for (let i = 1; i < (length >> 1) - 1; i++) {
      if (cached.charCodeAt(i) !== view.getUint16(rel + i * 2, true)) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const s = readUnicodeStringFast(bytes, view, offset, base, limit);
  if (typeof s === 'string' && typeNames.size < 1024) typeNames.set(key, s);
  return s;
}

/**
 * The entry at `off`: the entry, null for the zeroed terminator, or a message saying why it
 * cannot be read. `base` is the buffer's address as a Number, `limit` the readable length.
 */
export function readDirectoryEntry(bytes: Uint8Array, view: DataView, off: number, base: number, limit: number, index: number): RawDirEntry | null | { message: string } {
  const nameLen = view.getUint16(off, true);
  const typeLen = view.getUint16(off + 16, true);
  if (
    nameLen === 0 &&
    typeLen === 0 &&
    view.getUint32(off + 8, true) === 0 &&
    view.getUint32(off + 12, true) === 0 &&
    view.getUint32(off + 24, true) === 0 &&
    view.getUint32(off + 28, true) === 0
  ) {
    return null;
  }
  const name = readUnicodeStringFast(bytes, view, off, base, limit);
  if (typeof name !== 'string') return { message: `entry ${index} name: ${name.message}` };
  const type = typeName(bytes, view, off + 16, base, limit);
  if (typeof type !== 'string') return { message: `entry ${index} type: ${type.message}` };
  return { name, type, target: null, error: null };
}

/**
 * Parses a directory query buffer that lives at address `base`. `maxEntries` bounds the walk
 * (single-entry mode returns exactly one and Wine does not always write the terminator).
 */
export function parseDirectoryBuffer(bytes: Uint8Array, base: bigint, maxEntries = Infinity, validLength = bytes.byteLength): Parsed<DirectoryBuffer> {
  const view = dataViewOf(bytes);
  const at = addressNumber(base);
  const entries: RawDirEntry[] = [];
  const limit = Math.min(validLength, bytes.byteLength);
  for (let off = 0; entries.length < maxEntries; off += DIRECTORY_ENTRY_SIZE) {
    if (off + DIRECTORY_ENTRY_SIZE > limit) {
      // Running out of buffer without the terminator is fine only when the caller said how many.
      return maxEntries === Infinity
        ? { ok: false, message: `directory buffer ends at ${limit} bytes without a terminating entry` }
        : { ok: true, value: { entries, terminated: false } };
    }
    const e = readDirectoryEntry(bytes, view, off, at, limit, entries.length);
    if (e === null) return { ok: true, value: { entries, terminated: true } };
    if ('message' in e) return { ok: false, message: e.message };
    entries.push(e);
  }
  return { ok: true, value: { entries, terminated: false } };
}
