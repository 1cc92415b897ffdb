// Reading UNICODE_STRINGs whose Buffer pointer points back into the same output buffer (how
// NtQueryDirectoryObject and NtQueryObject return names).
import { decodeUtf16 } from '../unicode';

export type StringRead = { ok: true; value: string } | { ok: false; message: string };

const TWO_32 = 4294967296;

// DataViews of the buffers parsed, made once per buffer: a walk parses every entry of a
// directory out of one reused query buffer. A WeakMap, so the cache keeps no buffer alive.
const views = new WeakMap<Uint8Array, DataView>();

export function dataViewOf(bytes: Uint8Array): DataView {
  let view = views.get(bytes);
  if (view === undefined) {
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    views.set(bytes, view);
  }
  return view;
}

/**
 * A little-endian 64-bit pointer as a Number, read as two 32-bit halves (no BigInt per read).
 * Exact below 2^53; anything above (no user-mode address is) comes back as Infinity so range
 * checks against the buffer reject it.
 */
export function readPointer(view: DataView, offset: number): number {
  const hi = view.getUint32(offset + 4, true);
  return hi >= 0x200000 ? Infinity : hi * TWO_32 + view.getUint32(offset, true);
}

/**
 * The UNICODE_STRING header at `offset` of `view`, whose pointer is an absolute address; the
 * buffer itself lives at address `base`. The string, or an error message; never follows an
 * out-of-range pointer.
 */
export function readUnicodeStringFast(bytes: Uint8Array, view: DataView, offset: number, base: number, limit: number): string | { message: string } {
  if (offset + 16 > limit) return { message: `UNICODE_STRING at ${offset} runs past the buffer (${limit} bytes)` };
  const length = view.getUint16(offset, true);
  if (length === 0) return '';
  if (length % 2 !== 0) return { message: `odd UNICODE_STRING length ${length}` };
  const ptr = readPointer(view, offset + 8);
  if (ptr < base) return { message: 'string pointer before the buffer' };
  const rel = ptr - base;
  if (rel + length > limit) return { message: 'string runs past the buffer' };
  return decodeUtf16(bytes, rel, length);
}

/**
 * The UNICODE_STRING header at `offset` of `bytes`, whose pointer is an absolute address; the
 * buffer itself lives at address `base`. Out-of-range pointers are reported, never followed.
 */
export function readUnicodeStringAt(bytes: Uint8Array, offset: number, base: bigint, limit = bytes.byteLength): StringRead {
  const r = readUnicodeStringFast(bytes, dataViewOf(bytes), offset, addressNumber(base), Math.min(limit, bytes.byteLength));
  return typeof r === 'string' ? { ok: true, value: r } : { ok: false, message: r.message };
}

/** A buffer address as a Number (exact: user-mode addresses are below 2^47). */
export function addressNumber(base: bigint): number {
  return base >= 1n << 53n ? Infinity : Number(base);
}
