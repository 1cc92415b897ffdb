import { describe, expect, it } from 'vitest';
import { namesSpanWorthDecoding, parseDirectoryBuffer } from '../src/parsers/directory';
import { BufferBuilder, directoryBuffer } from './buffers';

/** An entry as listed: DirEntry's shape, no link target read yet (the walk keeps it as its node). */
const listed = (e: { name: string; type: string }) => ({ ...e, target: null, error: null });

describe('parseDirectoryBuffer (OBJECT_DIRECTORY_INFORMATION, x64)', () => {
  it('reads every entry up to the zeroed terminator, names and types exact', () => {
    const entries = [
      { name: 'BaseNamedObjects', type: 'Directory' },
      { name: 'DosDevices', type: 'SymbolicLink' },
      { name: 'LowMemoryCondition', type: 'Event' },
    ];
    const b = directoryBuffer(entries);
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: entries.map(listed), terminated: true } });
  });

  it('keeps hostile names intact: NUL inside, __proto__, a/b, HTML, emoji, lone surrogate, 240 characters, trailing space', () => {
    const names = ['nul\u0000inside', '__proto__', 'a/b', '<img src=x onerror=alert(1)>', 'emoji 😀', 'lone \ud800 x', 'x'.repeat(240), 'trailing '];
    const b = directoryBuffer(names.map((name) => ({ name, type: 'Event' })));
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(r.ok && r.value.entries.map((e) => e.name)).toEqual(names);
  });

  it('an empty directory is just the terminator', () => {
    const b = directoryBuffer([]);
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: [], terminated: true } });
  });

  it('reports a buffer that ends without a terminator instead of reading past it', () => {
    const b = directoryBuffer([{ name: 'a', type: 'Event' }], 0x10000n, { terminator: false });
    const r = parseDirectoryBuffer(b.bytes.subarray(0, 32), b.base);
    // The shared Parsed failure: a message, and no half-read entries for a caller to mistake for a listing.
    expect(r).toEqual({ ok: false, message: 'entry 0 name: string runs past the buffer' });
  });

  it('in single-entry mode (maxEntries 1) the missing terminator is fine', () => {
    const b = directoryBuffer([{ name: 'only', type: 'Mutant' }], 0x10000n, { terminator: false });
    expect(parseDirectoryBuffer(b.bytes, b.base, 1)).toEqual({ ok: true, value: { entries: [listed({ name: 'only', type: 'Mutant' })], terminated: false } });
  });

  it('stops after maxEntries even when more follow', () => {
    const b = directoryBuffer([{ name: 'a', type: 'Event' }, { name: 'b', type: 'Event' }]);
    const r = parseDirectoryBuffer(b.bytes, b.base, 1);
    expect(r.ok && r.value.entries.map((e) => e.name)).toEqual(['a']);
  });

  it('refuses a string pointer outside the buffer (truncated buffer or wrong base)', () => {
    const b = directoryBuffer([{ name: 'abc', type: 'Event' }]);
    expect(parseDirectoryBuffer(b.bytes, b.base + 0x1000n).ok).toBe(false);
    // The strings live past the records; cutting them off must fail, not read garbage.
    expect(parseDirectoryBuffer(b.bytes, b.base, Infinity, 70).ok).toBe(false);
  });

  it('refuses an odd UTF-16 byte length', () => {
    const b = directoryBuffer([{ name: 'ab', type: 'Event' }]);
    b.view.setUint16(0, 3, true);
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/odd/);
  });

  it('works on a view into a larger buffer (byteOffset honoured)', () => {
    const b = directoryBuffer([{ name: 'x', type: 'Key' }]);
    const big = new Uint8Array(b.bytes.byteLength + 16);
    big.set(b.bytes, 16);
    expect(parseDirectoryBuffer(big.subarray(16), b.base)).toEqual({ ok: true, value: { entries: [listed({ name: 'x', type: 'Key' })], terminated: true } });
  });

  it('tells apart type names of the same length and the same first and last letters (the type-name cache)', () => {
    const entries = [
      { name: 'a', type: 'Section' },
      { name: 'b', type: 'Session' },
      { name: 'c', type: 'Section' },
      { name: 'd', type: 'Semaphore' },
      { name: 'e', type: 'Session' },
      { name: 'f', type: 'X' },
      { name: 'g', type: 'Y' },
      { name: 'h', type: 'odd \ud800 type' },
    ];
    const b = directoryBuffer(entries);
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: entries.map(listed), terminated: true } });
    // The same bytes read again, now from the cache, and a different buffer reusing the cache.
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: entries.map(listed), terminated: true } });
    const again = directoryBuffer(entries.slice().reverse(), 0x7ff812340000n);
    expect(parseDirectoryBuffer(again.bytes, again.base)).toEqual({ ok: true, value: { entries: entries.slice().reverse().map(listed), terminated: true } });
  });

  it('tells apart type names that differ only in the last letter, also where its low bits agree', () => {
    // 'A' (0x41) and 'Á' (0xC1) share their low six bits, the part of the last code unit the
    // type-name cache keys on: the hit must still be confirmed up to the last code unit.
    const entries = [
      { name: 'a', type: 'TypeA' },
      { name: 'b', type: 'Type\u00c1' },
      { name: 'c', type: 'TypeA' },
      { name: 'd', type: 'Type\u00c1' },
    ];
    const b = directoryBuffer(entries);
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: entries.map(listed), terminated: true } });
  });

  it('returns exactly the listed entries, with no empty slots, whether it stops at the terminator, at maxEntries or at the end of a single-entry buffer', () => {
    const names = Array.from({ length: 37 }, (_, i) => `Event_${i}`);
    const b = directoryBuffer(names.map((name) => ({ name, type: 'Event' })));
    const all = parseDirectoryBuffer(b.bytes, b.base);
    const some = parseDirectoryBuffer(b.bytes, b.base, 5);
    const single = directoryBuffer([{ name: 'only', type: 'Event' }], 0x10000n, { terminator: false });
    const one = parseDirectoryBuffer(single.bytes, single.base, 3);
    for (const [r, expected] of [[all, names], [some, names.slice(0, 5)], [one, ['only']]] as const) {
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.value.entries.map((e) => e.name)).toEqual(expected);
      // A hole would read as undefined through map() but still count in length.
      expect(Object.keys(r.value.entries)).toHaveLength(expected.length);
      expect(r.value.entries.every((e) => typeof e.name === 'string')).toBe(true);
    }
    expect(all.ok && all.value.terminated).toBe(true);
    expect(some.ok && some.value.terminated).toBe(false);
    expect(one.ok && one.value.terminated).toBe(false);
  });

  it('reads pointers above 4 GiB exactly (the 64-bit address is split in two halves)', () => {
    const base = 0x7ffe_1234_5678n;
    const b = directoryBuffer([{ name: 'high', type: 'Event' }], base);
    expect(parseDirectoryBuffer(b.bytes, base)).toEqual({ ok: true, value: { entries: [listed({ name: 'high', type: 'Event' })], terminated: true } });
    // One byte off in the high half is a pointer outside the buffer.
    expect(parseDirectoryBuffer(b.bytes, base + 0x1_0000_0000n).ok).toBe(false);
  });

  it('refuses a pointer beyond 2^53 instead of rounding it into the buffer', () => {
    const b = directoryBuffer([{ name: 'far', type: 'Event' }]);
    b.view.setUint32(12, 0xffff0000, true);
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(!r.ok && r.message).toMatch(/entry 0 name: string runs past the buffer/);
  });

  it('a type name whose pointer is outside the buffer is an error even when that type was seen before', () => {
    const b = directoryBuffer([{ name: 'a', type: 'Event' }, { name: 'b', type: 'Event' }]);
    b.view.setBigUint64(32 + 24, b.base + 0x100000n, true);
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(!r.ok && r.message).toMatch(/entry 1 type: string runs past the buffer/);
  });

  // The entry reader decodes a well-formed header in place and hands anything else to the
  // general UNICODE_STRING reader: every hostile header must still be refused, each with what is
  // wrong with it, and never decoded from outside the bytes the kernel said it wrote.
  it.each([
    ['a name pointer one byte before the buffer', (v: DataView, base: bigint) => v.setBigUint64(8, base - 1n, true), /entry 0 name: string pointer before the buffer/],
    ['a name running one code unit past the buffer', (v: DataView, base: bigint) => v.setUint16(0, v.byteLength - Number(v.getBigUint64(8, true) - base) + 2, true), /entry 0 name: string runs past the buffer/],
    ['an odd name length', (v: DataView) => v.setUint16(0, 5, true), /entry 0 name: odd UNICODE_STRING length 5/],
    ['a type pointer one byte before the buffer', (v: DataView, base: bigint) => v.setBigUint64(24, base - 1n, true), /entry 0 type: string pointer before the buffer/],
    ['an odd type length', (v: DataView) => v.setUint16(16, 7, true), /entry 0 type: odd UNICODE_STRING length 7/],
    ['a type longer than the buffer', (v: DataView) => v.setUint16(16, 0xfffe, true), /entry 0 type: string runs past the buffer/],
  ])('refuses %s, saying so', (_, spoil, message) => {
    const b = directoryBuffer([{ name: 'abc', type: 'Event' }]);
    spoil(b.view, b.base);
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  it('bounds names by the readable length, not by the size of the array behind it', () => {
    const b = directoryBuffer([{ name: 'inside', type: 'Event' }]);
    const nameEnd = Number(b.view.getBigUint64(8, true) - b.base) + 12;
    expect(parseDirectoryBuffer(b.bytes, b.base, 1, nameEnd - 2)).toEqual({ ok: false, message: 'entry 0 name: string runs past the buffer' });
    expect(parseDirectoryBuffer(b.bytes, b.base, 1, b.bytes.byteLength)).toEqual({ ok: true, value: { entries: [listed({ name: 'inside', type: 'Event' })], terminated: false } });
  });

  it('an empty name is an empty string, wherever its pointer points (the kernel reads no bytes of it)', () => {
    const b = directoryBuffer([{ name: 'x', type: 'Event' }]);
    b.view.setUint16(0, 0, true);
    b.view.setBigUint64(8, 0xdeadn, true);
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: [listed({ name: '', type: 'Event' })], terminated: true } });
  });

  // The names of a listing are decoded as one span and cut out of it (decodeNames); wherever a
  // name lies off that span's grid, or the names lie too far apart to decode the span, each name
  // is decoded on its own. Every way must give the same names.
  it('cuts every name out of the one decoded span exactly, ASCII beside names with two-byte characters', () => {
    const entries = [
      { name: 'Event_0_{00000000}', type: 'Event' },
      { name: 'short', type: 'Event' },
      { name: 'Ω name with more than thirteen units', type: 'Mutant' },
      { name: 'lone \udc00 last', type: 'Event' },
      { name: 'x', type: 'SymbolicLink' },
    ];
    const b = directoryBuffer(entries);
    expect(parseDirectoryBuffer(b.bytes, b.base)).toEqual({ ok: true, value: { entries: entries.map(listed), terminated: true } });
  });

  it('decodes a name placed at an odd byte offset, off the span\'s code-unit grid, on its own and exactly', () => {
    // Three entries and a terminator; the middle name starts at an odd byte, between two names
    // on the grid, so the span decoded covers it.
    const b = new BufferBuilder(4 * 32 + 200, 0x10000n);
    b.unicodeString(0, 'first_name', 128);
    b.unicodeString(16, 'Event', 150);
    b.unicodeString(32, 'odd_placed_name', 161);
    b.unicodeString(48, 'Event', 150);
    b.unicodeString(64, 'last_name', 192);
    b.unicodeString(80, 'Event', 150);
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(r.ok && r.value.entries.map((e) => e.name)).toEqual(['first_name', 'odd_placed_name', 'last_name']);
  });

  it('decodes names that lie far apart one by one, not the whole buffer between them', () => {
    // Two short names 60,000 bytes apart: the span would be thousands of times their size.
    const size = 64 * 1024;
    const b = new BufferBuilder(size, 0x7ff000000000n);
    b.unicodeString(0, 'near', 96);
    b.unicodeString(16, 'Event', 110);
    b.unicodeString(32, 'far', 60_000);
    b.unicodeString(48, 'Event', 110);
    const r = parseDirectoryBuffer(b.bytes, b.base);
    expect(r.ok && r.value.entries.map((e) => e.name)).toEqual(['near', 'far']);
    // The decision itself: names, type names and NULs of 2 entries here are 8+10+4 and 6+10+4
    // bytes; packed as Windows packs them the span is those bytes, here it is 60,006.
    expect(namesSpanWorthDecoding(2, 96, 60_006, 42)).toBe(false);
    expect(namesSpanWorthDecoding(2, 96, 96 + 42, 42)).toBe(true);
    expect(namesSpanWorthDecoding(2, 96, 96 + 84, 42)).toBe(true);
    expect(namesSpanWorthDecoding(2, 96, 96 + 86, 42)).toBe(false);
    // One name is decoded on its own either way (single-entry mode reads one per call).
    expect(namesSpanWorthDecoding(1, 96, 104, 22)).toBe(false);
  });
});
