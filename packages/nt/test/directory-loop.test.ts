// The enumeration protocol of NtQueryDirectoryObject. Wine 8 only implements single-entry mode,
// so Windows' bulk mode (MORE_ENTRIES continuation, BUFFER_TOO_SMALL growth) cannot be produced
// for real here: FakeWindowsDirectory is a fake of that kernel behaviour, named as such, writing
// buffers the way the Windows kernel does (records, zeroed terminator, then the strings).
import { describe, expect, it } from 'vitest';
import { enumerateBulk, enumerateSingle, type QueryBuffer } from '../src/directory-loop';
import { u16le } from './buffers';

const STATUS_MORE_ENTRIES = 0x105;
const STATUS_NO_MORE_ENTRIES = 0x8000001a;
const STATUS_NOT_IMPLEMENTED = 0xc0000002;
const STATUS_BUFFER_TOO_SMALL = 0xc0000023;
const STATUS_ACCESS_DENIED = 0xc0000022;

type Entry = { name: string; type: string };

class FakeWindowsDirectory {
  calls: { single: boolean; restart: boolean; ctx: number; size: number }[] = [];
  constructor(private readonly entries: Entry[], private readonly opts: { bulk?: boolean; failAt?: number } = {}) {}

  private static bytesFor(e: Entry): number {
    return 32 + (e.name.length + 1) * 2 + (e.type.length + 1) * 2;
  }

  query = (buf: QueryBuffer, single: boolean, restart: boolean, cell: Uint32Array, ret: Uint32Array): number => {
    if (restart) cell[0] = 0;
    const ctx = cell[0]!;
    this.calls.push({ single, restart, ctx, size: buf.bytes.byteLength });
    if (this.calls.length > 10_000) throw new Error('runaway enumeration');
    if (!single && this.opts.bulk === false) return STATUS_NOT_IMPLEMENTED;
    if (this.opts.failAt !== undefined && ctx >= this.opts.failAt) return STATUS_ACCESS_DENIED;
    if (ctx >= this.entries.length) return STATUS_NO_MORE_ENTRIES;
    // How many of the remaining entries fit, counting the terminator record.
    let n = 0;
    let need = 32;
    while (ctx + n < this.entries.length && (single ? n < 1 : true)) {
      const more = FakeWindowsDirectory.bytesFor(this.entries[ctx + n]!);
      if (need + more > buf.bytes.byteLength) break;
      need += more;
      n++;
    }
    if (n === 0) {
      ret[0] = 32 + FakeWindowsDirectory.bytesFor(this.entries[ctx]!);
      return STATUS_BUFFER_TOO_SMALL;
    }
    buf.bytes.fill(0);
    const v = new DataView(buf.bytes.buffer, buf.bytes.byteOffset, buf.bytes.byteLength);
    let str = (n + 1) * 32;
    const put = (at: number, s: string) => {
      v.setUint16(at, s.length * 2, true);
      v.setUint16(at + 2, s.length * 2 + 2, true);
      v.setBigUint64(at + 8, buf.base + BigInt(str), true);
      buf.bytes.set(u16le(s), str);
      str += (s.length + 1) * 2;
    };
    for (let i = 0; i < n; i++) {
      put(i * 32, this.entries[ctx + i]!.name);
      put(i * 32 + 16, this.entries[ctx + i]!.type);
    }
    cell[0] = ctx + n;
    ret[0] = need;
    return single || ctx + n >= this.entries.length ? 0 : STATUS_MORE_ENTRIES;
  };
}

/** Buffers of exactly the requested size (default 256 bytes), at a made-up address. */
function buffers(defaultSize = 256) {
  const sizes: number[] = [];
  return {
    sizes,
    source: (min: number): QueryBuffer => {
      const size = Math.max(min, defaultSize);
      sizes.push(size);
      return { bytes: new Uint8Array(size), base: 0x40000000n + BigInt(sizes.length) * 0x100000n };
    },
  };
}

const many = (n: number): Entry[] => Array.from({ length: n }, (_, i) => ({ name: `object-${i}`, type: i % 3 ? 'Event' : 'Mutant' }));

describe('bulk mode (Windows)', () => {
  it('continues from the context on STATUS_MORE_ENTRIES until everything is read, restarting only once', () => {
    const entries = many(40);
    const dir = new FakeWindowsDirectory(entries);
    const r = enumerateBulk(dir.query, buffers(512).source);
    expect(r).toEqual({ ok: true, status: 0, value: entries });
    expect(dir.calls.length).toBeGreaterThan(3);
    expect(dir.calls.filter((c) => c.restart)).toHaveLength(1);
    expect(dir.calls.every((c) => !c.single)).toBe(true);
  });

  it('stops on STATUS_SUCCESS when the rest fitted (no extra call)', () => {
    const dir = new FakeWindowsDirectory(many(3));
    const r = enumerateBulk(dir.query, buffers(64 * 1024).source);
    expect(r.ok && r.value.length).toBe(3);
    expect(dir.calls).toHaveLength(1);
  });

  it('grows the buffer only when not even one entry fits, to what the kernel asked for', () => {
    const huge = { name: 'n'.repeat(600), type: 'Event' };
    const entries = [{ name: 'a', type: 'Event' }, huge, { name: 'b', type: 'Event' }];
    const dir = new FakeWindowsDirectory(entries);
    const b = buffers(256);
    const r = enumerateBulk(dir.query, b.source);
    expect(r).toEqual({ ok: true, status: 0, value: entries });
    // First call (256 bytes) returns 'a' with MORE_ENTRIES; the huge entry alone does not fit,
    // so the next buffer is exactly what the kernel asked for: terminator + record + strings.
    expect(b.sizes).toEqual([256, 256, 32 + 32 + 1202 + 12, 32 + 32 + 1202 + 12]);
  });

  it('an empty directory answers STATUS_NO_MORE_ENTRIES at once', () => {
    expect(enumerateBulk(new FakeWindowsDirectory([]).query, buffers().source)).toEqual({ ok: true, status: 0, value: [] });
  });

  it('passes STATUS_NOT_IMPLEMENTED up so the caller can fall back (what Wine 8 answers)', () => {
    const r = enumerateBulk(new FakeWindowsDirectory(many(2), { bulk: false }).query, buffers().source);
    expect(r).toMatchObject({ ok: false, status: STATUS_NOT_IMPLEMENTED, name: 'STATUS_NOT_IMPLEMENTED' });
  });

  it('an error part-way is a failure with its status, not a short listing', () => {
    const r = enumerateBulk(new FakeWindowsDirectory(many(40), { failAt: 10 }).query, buffers(512).source);
    expect(r).toMatchObject({ ok: false, status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED' });
  });
});

describe('single-entry mode (Wine 8)', () => {
  it('reads one entry per call, then stops at STATUS_NO_MORE_ENTRIES', () => {
    const entries = many(5);
    const dir = new FakeWindowsDirectory(entries);
    const r = enumerateSingle(dir.query, buffers().source);
    expect(r).toEqual({ ok: true, status: 0, value: entries });
    expect(dir.calls).toHaveLength(6);
    expect(dir.calls.map((c) => c.ctx)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('retries the same entry with a bigger buffer when it does not fit', () => {
    const entries = [{ name: 'x', type: 'Event' }, { name: 'y'.repeat(300), type: 'Event' }, { name: 'z', type: 'Event' }];
    const dir = new FakeWindowsDirectory(entries);
    const r = enumerateSingle(dir.query, buffers(128).source);
    expect(r).toEqual({ ok: true, status: 0, value: entries });
    expect(dir.calls.map((c) => c.ctx)).toEqual([0, 1, 1, 2, 3]);
  });

  it('keeps names with NUL and surrogates exact', () => {
    const entries = [{ name: 'nul\u0000inside', type: 'Event' }, { name: 'emoji 😀', type: 'Section' }];
    expect(enumerateSingle(new FakeWindowsDirectory(entries).query, buffers().source)).toEqual({ ok: true, status: 0, value: entries });
  });
});
