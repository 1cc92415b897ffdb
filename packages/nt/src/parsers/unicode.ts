// Reading UNICODE_STRINGs whose Buffer pointer points back into the same output buffer (how
// NtQueryDirectoryObject and NtQueryObject return names).
import { decodeUtf16 } from '../unicode';

export type StringRead = { ok: true; value: string } | { ok: false; message: string };

/**
 * The UNICODE_STRING header at `offset` of `bytes`, whose pointer is an absolute address; the
 * buffer itself lives at address `base`. Out-of-range pointers are reported, never followed.
 */
export function readUnicodeStringAt(bytes: Uint8Array, offset: number, base: bigint, limit = bytes.byteLength): StringRead {
  if (offset + 16 > limit) return { ok: false, message: `UNICODE_STRING at ${offset} runs past the buffer (${limit} bytes)` };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = dv.getUint16(offset, true);
  const ptr = dv.getBigUint64(offset + 8, true);
  if (length === 0) return { ok: true, value: '' };
  if (length % 2 !== 0) return { ok: false, message: `odd UNICODE_STRING length ${length}` };
  if (ptr < base) return { ok: false, message: 'string pointer before the buffer' };
  const rel = ptr - base;
  if (rel + BigInt(length) > BigInt(limit)) return { ok: false, message: 'string runs past the buffer' };
  return { ok: true, value: decodeUtf16(bytes, Number(rel), length) };
}
