import { describe, expect, it } from 'vitest';
import { checkUnicodeLength, decodeUtf16, layoutEmptyUnicodeString, layoutObjectAttributes, objectAttributesSize as sizeInCode, utf16Bytes, writeObjectAttributes } from '../src/unicode';
import { readUnicodeStringAt } from '../src/parsers/unicode';

/**
 * The bytes one name needs, stated from the x64 layouts rather than taken from the code under
 * test: OBJECT_ATTRIBUTES is 48 bytes (ULONG Length, then five 8-aligned fields: RootDirectory,
 * ObjectName, Attributes, SecurityDescriptor, SecurityQualityOfService), UNICODE_STRING is 16
 * (USHORT Length, USHORT MaximumLength, PWSTR Buffer at 8), then the name's UTF-16 units
 * (Microsoft docs, wudfwdm.h OBJECT_ATTRIBUTES and ntdef.h UNICODE_STRING; phnt ntbasic.h).
 */
const objectAttributesSize = (name: string): number => 48 + 16 + name.length * 2;

describe('OBJECT_ATTRIBUTES / UNICODE_STRING layout (x64)', () => {
  const base = 0x7ff000001000n;

  it('points ObjectName at the UNICODE_STRING and its Buffer at the name, with the exact byte length', () => {
    const name = 'nul\u0000inside';
    const bytes = new Uint8Array(objectAttributesSize(name));
    layoutObjectAttributes(bytes, base, name, 0x44n, 0x40);
    const v = new DataView(bytes.buffer);
    expect(v.getUint32(0, true)).toBe(48); // Length
    expect(v.getBigUint64(8, true)).toBe(0x44n); // RootDirectory
    expect(v.getBigUint64(16, true)).toBe(base + 48n); // ObjectName
    expect(v.getUint32(24, true)).toBe(0x40); // Attributes (OBJ_CASE_INSENSITIVE)
    expect(v.getBigUint64(32, true)).toBe(0n); // SecurityDescriptor
    expect(v.getBigUint64(40, true)).toBe(0n); // SecurityQualityOfService
    // The NUL is inside the counted length, not a terminator.
    expect(v.getUint16(48, true)).toBe(name.length * 2);
    expect(v.getUint16(50, true)).toBe(name.length * 2);
    expect(v.getBigUint64(56, true)).toBe(base + 64n);
    expect(readUnicodeStringAt(bytes, 48, base)).toEqual({ ok: true, value: name });
  });

  it('sizes the buffer the caller allocates as the layouts say, names of every length', () => {
    for (const name of ['', '\\', 'nul\u0000inside', 'x'.repeat(240), '😀']) expect(sizeInCode(name)).toBe(objectAttributesSize(name));
  });

  it('an absolute path has no RootDirectory', () => {
    const bytes = new Uint8Array(objectAttributesSize('\\'));
    layoutObjectAttributes(bytes, base, '\\', 0n, 0x40);
    expect(new DataView(bytes.buffer).getBigUint64(8, true)).toBe(0n);
    expect(readUnicodeStringAt(bytes, 48, base)).toEqual({ ok: true, value: '\\' });
  });

  it('an empty output UNICODE_STRING describes the space after its header', () => {
    const bytes = new Uint8Array(16 + 100);
    layoutEmptyUnicodeString(bytes, base, 100);
    const v = new DataView(bytes.buffer);
    expect([v.getUint16(0, true), v.getUint16(2, true), v.getBigUint64(8, true)]).toEqual([0, 100, base + 16n]);
  });

  it('refuses names a UNICODE_STRING cannot hold (more than 32,767 UTF-16 units)', () => {
    expect(checkUnicodeLength('x'.repeat(32767))).toBeNull();
    expect(checkUnicodeLength('x'.repeat(32768))).toMatch(/at most 32767/);
  });
});

describe('UTF-16 round trip', () => {
  it('keeps lone surrogates, NUL and emoji as code units', () => {
    const s = 'a\u0000b\ud800c😀';
    const b = utf16Bytes(s);
    expect(b.length).toBe(s.length * 2);
    expect(decodeUtf16(b, 0, b.length)).toBe(s);
  });

  it('decodes names longer than one chunk', () => {
    const s = 'é'.repeat(10000);
    expect(decodeUtf16(utf16Bytes(s), 0, s.length * 2)).toBe(s);
  });
});

describe('decodeUtf16 (counted UTF-16LE, exact code units)', () => {
  const hostile = ['nul\u0000inside', 'lone high \ud800 x', 'lone low \udc00', 'ends high \ud83d', '\udc00\ud800 reversed pair', 'emoji 😀 🧪', 'x'.repeat(240), '__proto__', 'a/b', '<b>html</b>', 'trailing ', ''];

  it.each(hostile.map((s) => [JSON.stringify(s), s]))('decodes %s exactly', (_, s) => {
    const b = utf16Bytes(s);
    expect(decodeUtf16(b, 0, b.length)).toBe(s);
  });

  it('decodes at an offset inside a larger buffer, odd offsets included', () => {
    const s = 'a\u0000\ud800😀';
    for (const at of [0, 1, 2, 3, 17]) {
      const b = new Uint8Array(at + s.length * 2 + 5).fill(0xee);
      b.set(utf16Bytes(s), at);
      expect(decodeUtf16(b, at, s.length * 2)).toBe(s);
    }
  });

  it('honours the byteOffset of a view and sees later writes to a buffer it decoded before', () => {
    const backing = new Uint8Array(64);
    const view = backing.subarray(8, 40);
    view.set(utf16Bytes('first'), 4);
    expect(decodeUtf16(view, 4, 10)).toBe('first');
    view.set(utf16Bytes('again'), 4);
    expect(decodeUtf16(view, 4, 10)).toBe('again');
    // Alternating between buffers must not decode from the wrong one.
    const other = utf16Bytes('other');
    expect(decodeUtf16(other, 0, 10)).toBe('other');
    expect(decodeUtf16(view, 4, 10)).toBe('again');
  });

  it('never reads past the end of a view into the rest of its ArrayBuffer', () => {
    const backing = utf16Bytes('insideOUTSIDE');
    const view = backing.subarray(0, 12);
    expect(decodeUtf16(view, 0, 26)).toBe('inside');
    expect(decodeUtf16(backing.subarray(12), 0, 14)).toBe('OUTSIDE');
  });

  it('ignores an odd trailing byte and decodes nothing from a zero length', () => {
    const b = utf16Bytes('abc');
    expect(decodeUtf16(b, 0, 5)).toBe('ab');
    expect(decodeUtf16(b, 0, 0)).toBe('');
    expect(decodeUtf16(b, 0, 1)).toBe('');
  });

  it('decodes a Buffer as well as a Uint8Array', () => {
    const s = 'Section \ud800';
    expect(decodeUtf16(Buffer.from(utf16Bytes(s)), 0, s.length * 2)).toBe(s);
  });
});

describe('writeObjectAttributes (the reused OBJECT_ATTRIBUTES buffer)', () => {
  it('writes the same bytes as layoutObjectAttributes, including over a longer previous name', () => {
    const base = 0x7ffe_0012_3400n;
    const words = new Uint32Array(256);
    const bytes = new Uint8Array(words.buffer);
    writeObjectAttributes(words, Number(base), 'a much longer previous name', 0x1_0000_0044, 0x40);
    for (const [name, root] of [['nul\u0000in \ud800 😀', 0x44n], ['x'.repeat(240), 0n], ['\\', 0x7ffe_ffff_fff0n], ['', 0x8n]] as const) {
      writeObjectAttributes(words, Number(base), name, Number(root), 0x40);
      const expected = new Uint8Array(objectAttributesSize(name));
      layoutObjectAttributes(expected, base, name, root, 0x40);
      expect(bytes.subarray(0, expected.length)).toEqual(expected);
      expect(readUnicodeStringAt(bytes, 48, base)).toEqual({ ok: true, value: name });
    }
  });
});
