// UNICODE_STRING and OBJECT_ATTRIBUTES built as raw x64 bytes in one buffer. Names are counted
// UTF-16, so the length comes from the encoded bytes, never from a NUL terminator: a name with
// a NUL inside reaches the kernel intact. The builders are pure (the caller supplies the address
// of the buffer) so their layout is unit-tested on Linux.

const OBJECT_ATTRIBUTES_SIZE = 48;
/** UNICODE_STRING.Length is a USHORT of bytes. */
export const MAX_UNICODE_BYTES = 0xfffe;

export function utf16Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i * 2] = c & 0xff;
    out[i * 2 + 1] = c >> 8;
  }
  return out;
}

// One Buffer view per ArrayBuffer: the walk decodes every entry of a directory out of the same
// query buffer, so the view is made once, not per string. A WeakMap, so a large buffer that was
// decoded once (a system handle table) is not kept alive by the cache.
const views = new WeakMap<ArrayBufferLike, Buffer>();

function bufferView(bytes: Uint8Array): Buffer {
  let view = views.get(bytes.buffer);
  if (view === undefined) {
    view = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength);
    views.set(bytes.buffer, view);
  }
  return view;
}

// Per Uint8Array: a Buffer over exactly its bytes, so offsets into the one are offsets into the
// other (the directory parser decodes each name at the offset it checked).
const textViews = new WeakMap<Uint8Array, Buffer>();

export function textViewOf(bytes: Uint8Array): Buffer {
  let view = textViews.get(bytes);
  if (view === undefined) {
    view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    textViews.set(bytes, view);
  }
  return view;
}

/** Buffer's own UTF-16LE slice (node_buffer.cc), present in every Node objscope supports. */
const ucs2Slice = (Buffer.prototype as Buffer & { ucs2Slice?: (this: Buffer, start: number, end: number) => string }).ucs2Slice;

/**
 * The UTF-16LE code units of `text` from `start` to `end` (0 <= start < end <= its length, end -
 * start even: the caller has checked). toString('utf16le') looks the encoding up by name and
 * re-checks the range on every call before it reaches ucs2Slice; a walk decodes ~20,000 names,
 * so this calls ucs2Slice itself when this Node has it.
 */
export function utf16Slice(text: Buffer, start: number, end: number): string {
  return ucs2Slice !== undefined ? ucs2Slice.call(text, start, end) : text.toString('utf16le', start, end);
}

/**
 * Decodes counted UTF-16LE exactly: NULs and lone surrogates are kept as code units (Node's
 * utf16le decoder copies code units; TextDecoder would replace lone surrogates with U+FFFD).
 * An odd trailing byte is ignored, as it is not a whole code unit.
 */
export function decodeUtf16(bytes: Uint8Array, offset: number, byteLength: number): string {
  if (byteLength < 2) return '';
  const start = bytes.byteOffset + offset;
  // Never past the end of this view, even though the ArrayBuffer behind it may go on.
  const end = Math.min(start + (byteLength & ~1), bytes.byteOffset + bytes.byteLength);
  if (!(start >= 0 && end > start)) return '';
  return utf16Slice(bufferView(bytes), start, end);
}

/**
 * OBJECT_ATTRIBUTES at offset 0, its UNICODE_STRING at 48, the name's UTF-16 at 64.
 * `base` is the address the returned bytes will have in memory; `root` a directory handle the
 * name is relative to (0n for an absolute path).
 */
export function layoutObjectAttributes(
  bytes: Uint8Array,
  base: bigint,
  name: string,
  root: bigint,
  attributes: number,
): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nameBytes = name.length * 2;
  dv.setUint32(0, OBJECT_ATTRIBUTES_SIZE, true);
  dv.setBigUint64(8, root, true);
  dv.setBigUint64(16, base + 48n, true);
  dv.setUint32(24, attributes, true);
  dv.setBigUint64(32, 0n, true);
  dv.setBigUint64(40, 0n, true);
  dv.setUint16(48, nameBytes, true);
  dv.setUint16(50, nameBytes, true);
  dv.setBigUint64(56, nameBytes ? base + 64n : 0n, true);
  bytes.set(utf16Bytes(name), 64);
}

/**
 * layoutObjectAttributes for a buffer that is reused from call to call, without BigInt:
 * `words` views the buffer (at least objectAttributesSize(name) bytes, 4-byte aligned), `base`
 * is its address and `root` the RootDirectory handle value, both as Numbers (below 2^53).
 */
export function writeObjectAttributes(
  words: Uint32Array,
  base: number,
  name: string,
  root: number,
  attributes: number,
  units: Uint16Array = new Uint16Array(words.buffer, words.byteOffset + 64, name.length),
): void {
  const TWO_32 = 4294967296;
  const nameBytes = name.length * 2;
  const us = base + 48;
  const str = base + 64;
  words[0] = OBJECT_ATTRIBUTES_SIZE;
  words[1] = 0;
  words[2] = root % TWO_32;
  words[3] = Math.floor(root / TWO_32);
  words[4] = us % TWO_32;
  words[5] = Math.floor(us / TWO_32);
  words[6] = attributes;
  words[7] = 0;
  words[8] = 0;
  words[9] = 0;
  words[10] = 0;
  words[11] = 0;
  words[12] = nameBytes * 65537; // Length and MaximumLength
  words[13] = 0;
  words[14] = nameBytes ? str % TWO_32 : 0;
  words[15] = nameBytes ? Math.floor(str / TWO_32) : 0;
  // Code units copied as they are: lone surrogates and NULs reach the kernel unchanged. `units`
  // views the same buffer from offset 64; a caller reusing the buffer passes one made once.
  for (let i = 0; i < name.length; i++) units[i] = name.charCodeAt(i);
}

export function objectAttributesSize(name: string): number {
  return 64 + name.length * 2;
}

/** Whether a name can be expressed as a UNICODE_STRING at all. */
export function checkUnicodeLength(name: string): string | null {
  return name.length * 2 > MAX_UNICODE_BYTES
    ? `name is ${name.length} UTF-16 units; a UNICODE_STRING holds at most ${MAX_UNICODE_BYTES / 2}`
    : null;
}

/** An empty UNICODE_STRING header at offset 0 describing `capacity` bytes at offset 16. */
export function layoutEmptyUnicodeString(bytes: Uint8Array, base: bigint, capacity: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv.setUint16(0, 0, true);
  dv.setUint16(2, Math.min(capacity, MAX_UNICODE_BYTES), true);
  dv.setBigUint64(8, base + 16n, true);
}
