// Base64 without Buffer (this package also runs in the browser). Chunked, because
// String.fromCharCode(...bytes) on a multi-megabyte array overflows the call stack.
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(bin);
}

/** Null when the text is not valid base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  let bin: string;
  try {
    bin = atob(text.replace(/\s+/g, ''));
  } catch {
    return null;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Decoded size of a base64 text, without decoding it. */
export function base64DecodedLength(text: string): number {
  const len = text.length;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((len * 3) / 4) - pad;
}
