// OBJECT_DIRECTORY_INFORMATION (x64): 32-byte entries { UNICODE_STRING Name; UNICODE_STRING
// TypeName } terminated by a zeroed entry, the strings stored later in the same buffer.
import { readUnicodeStringAt } from './unicode';

export const DIRECTORY_ENTRY_SIZE = 32;

export interface RawDirEntry {
  name: string;
  type: string;
}

export type DirectoryParse =
  | { ok: true; entries: RawDirEntry[]; terminated: boolean }
  | { ok: false; message: string; entries: RawDirEntry[] };

/**
 * Parses a directory query buffer that lives at address `base`. `maxEntries` bounds the walk
 * (single-entry mode returns exactly one and Wine does not always write the terminator).
 */
export function parseDirectoryBuffer(bytes: Uint8Array, base: bigint, maxEntries = Infinity, validLength = bytes.byteLength): DirectoryParse {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: RawDirEntry[] = [];
  const limit = Math.min(validLength, bytes.byteLength);
  for (let off = 0; entries.length < maxEntries; off += DIRECTORY_ENTRY_SIZE) {
    if (off + DIRECTORY_ENTRY_SIZE > limit) {
      // Running out of buffer without the terminator is fine only when the caller said how many.
      return maxEntries === Infinity
        ? { ok: false, message: `directory buffer ends at ${limit} bytes without a terminating entry`, entries }
        : { ok: true, entries, terminated: false };
    }
    const nameLen = dv.getUint16(off, true);
    const namePtr = dv.getBigUint64(off + 8, true);
    const typeLen = dv.getUint16(off + 16, true);
    const typePtr = dv.getBigUint64(off + 24, true);
    if (nameLen === 0 && namePtr === 0n && typeLen === 0 && typePtr === 0n) return { ok: true, entries, terminated: true };
    const name = readUnicodeStringAt(bytes, off, base, limit);
    if (!name.ok) return { ok: false, message: `entry ${entries.length} name: ${name.message}`, entries };
    const type = readUnicodeStringAt(bytes, off + 16, base, limit);
    if (!type.ok) return { ok: false, message: `entry ${entries.length} type: ${type.message}`, entries };
    entries.push({ name: name.value, type: type.value });
  }
  return { ok: true, entries, terminated: false };
}
