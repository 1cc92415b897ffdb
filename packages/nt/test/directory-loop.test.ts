// The enumeration protocol of NtQueryDirectoryObject, run against KernelDirectory
// (test/kernel/directory-object.ts): a model of the directory object as the Windows Research
// Kernel keeps it (obdir.c: 37 hash chains, context = ordinal across them, new names at the
// head of their chain, lookups moving an entry to the front). Wine 8 implements only the
// single-entry mode and never reorders entries under a reader, so bulk mode and concurrent
// churn are exercised here; single-entry mode also runs for real under Wine
// (apps/agent/test/wine/*).
import { describe, expect, it } from 'vitest';
import { enumerateBulk, enumerateSingle, type DirectoryQuery, type QueryBuffer } from '../src/directory-loop';
import { parseDirectoryBuffer } from '../src/parsers/directory';
import {
  bucketOf,
  entryBytes,
  KernelDirectory,
  RECORD,
  STATUS_ACCESS_DENIED,
  STATUS_BUFFER_TOO_SMALL,
  STATUS_MORE_ENTRIES,
  STATUS_NO_MORE_ENTRIES,
  STATUS_NOT_IMPLEMENTED,
  STATUS_SUCCESS,
  type KernelEntry,
} from './kernel/directory-object';

/** Buffers of exactly the requested size (default 64 KiB, what the agent starts with), at a made-up address. */
function buffers(defaultSize = 64 * 1024) {
  const sizes: number[] = [];
  return {
    sizes,
    source: (min: number): QueryBuffer => {
      const size = Math.max(min, defaultSize);
      sizes.push(size);
      return { bytes: new Uint8Array(size), base: 0x40000000n + BigInt(sizes.length) * 0x1000000n };
    },
  };
}

/** An entry as the loops return it: DirEntry's shape, no link target read yet. */
const listed = (e: { name: string; type: string }) => ({ name: e.name, type: e.type, target: null, error: null });

const many = (n: number, prefix = 'object-'): KernelEntry[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, type: i % 3 ? 'Event' : 'Mutant' }));

const names = (r: { ok: boolean; value?: { name: string }[] }): string[] => (r.ok ? r.value!.map((e) => e.name) : []);
const sorted = (a: readonly string[]): string[] => [...a].sort();

/** The model's query, refusing to go on past `limit` calls: a loop that never ends fails here instead of hanging the run. */
function capped(dir: KernelDirectory, limit: number): DirectoryQuery {
  return (...args) => {
    if (dir.calls.length >= limit) throw new Error(`still listing after ${limit} calls: the loop does not end`);
    return dir.query(...args);
  };
}

describe('the kernel model follows obdir.c (WRK)', () => {
  it('visits chain 0 head to tail, then chain 1, ...; a new name goes to the head of its chain', () => {
    const dir = new KernelDirectory(many(200));
    const order = dir.ordinal().map((e) => bucketOf(e.name));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const chain = bucketOf('object-7');
    const sameChain = dir.ordinal().filter((e) => bucketOf(e.name) === chain).map((e) => e.name);
    // Inserted 0..199 each at the head: the chain holds them newest first.
    expect(sameChain).toEqual([...sameChain].sort((a, b) => Number(b.slice(7)) - Number(a.slice(7))));
  });

  it('hashes as the x64 kernel does: four units at a time as a 64-bit chunk, the rest one by one (ObpLookupDirectoryEntry, _AMD64_)', () => {
    // Worked by hand from the WRK source. 'ab': h = 'A' = 65; h = 65 + 130 + 32 + 'B' = 293; 293 % 37 = 34.
    expect(bucketOf('ab')).toBe(34);
    expect(bucketOf('AB')).toBe(34);
    // 'abcd': one chunk 0x0044_0043_0042_0041 (bit 5 cleared); folded 0x00420041 + 0x00440043 = 0x00860084 = 8,781,956; % 37 = 6.
    // (Unit by unit, as the x86 kernel hashes, it would be 3,890 % 37 = 5.)
    expect(bucketOf('abcd')).toBe(6);
    // An all-ASCII chunk clears bit 5 of digits too: '0123' is the chunk of units 0x10..0x13.
    expect(bucketOf('0123')).toBe(Number((0x00110010 + 0x00130012) % 37));
  });

  it('a lookup moves the entry found to the head of its chain (ObpLookupDirectoryEntry)', () => {
    const dir = new KernelDirectory(many(200));
    const chain = bucketOf('object-7');
    dir.lookup('object-7');
    expect(dir.ordinal().find((e) => bucketOf(e.name) === chain)!.name).toBe('object-7');
  });

  it('bulk mode: STATUS_MORE_ENTRIES with only the terminator when no entry fits; context unchanged; never BUFFER_TOO_SMALL', () => {
    const dir = new KernelDirectory([{ name: 'n'.repeat(1000), type: 'Event' }]);
    const ctx = new Uint32Array([0]);
    const ret = new Uint32Array(1);
    const s = dir.query({ bytes: new Uint8Array(512).fill(0xcc), base: 0x1000n }, false, true, ctx, ret);
    expect(s).toBe(STATUS_MORE_ENTRIES);
    expect(ctx[0]).toBe(0);
    expect(ret[0]).toBe(RECORD);
  });

  it('single-entry mode: STATUS_BUFFER_TOO_SMALL with the length really needed; context not written', () => {
    const e = { name: 'n'.repeat(1000), type: 'Event' };
    const dir = new KernelDirectory([{ name: 'a', type: 'Event' }, e]);
    const ctx = new Uint32Array([0]);
    const ret = new Uint32Array(1);
    const buf = { bytes: new Uint8Array(512), base: 0x1000n };
    // Skip to the big entry (whichever ordinal it has).
    const at = dir.ordinal().indexOf(dir.ordinal().find((x) => x.name === e.name)!);
    ctx[0] = at;
    expect(dir.query(buf, true, false, ctx, ret)).toBe(STATUS_BUFFER_TOO_SMALL);
    expect(ret[0]).toBe(RECORD + entryBytes(e));
    expect(ctx[0]).toBe(at);
  });

  it('STATUS_SUCCESS when the rest fitted, then STATUS_NO_MORE_ENTRIES', () => {
    const dir = new KernelDirectory(many(3));
    const ctx = new Uint32Array(1);
    const ret = new Uint32Array(1);
    const buf = { bytes: new Uint8Array(4096), base: 0x1000n };
    expect(dir.query(buf, false, true, ctx, ret)).toBe(STATUS_SUCCESS);
    expect(ctx[0]).toBe(3);
    expect(dir.query(buf, false, false, ctx, ret)).toBe(STATUS_NO_MORE_ENTRIES);
  });
});

describe('bulk mode (Windows): one call returns the whole directory', () => {
  it('an entry too large for the buffer grows the buffer instead of ending the listing (defect 1)', () => {
    // Any user can create a name of 32,760 characters: with its record and the terminator more than the 64 KiB buffer.
    const huge = { name: 'h'.repeat(32_760), type: 'Event' };
    const entries = [...many(300), huge, ...many(300, 'after-')];
    const dir = new KernelDirectory(entries);
    const r = enumerateBulk(dir.query, buffers().source);
    expect(r.ok).toBe(true);
    expect(sorted(names(r))).toEqual(sorted(entries.map((e) => e.name)));
    // Every call said MORE_ENTRIES or SUCCESS: none was BUFFER_TOO_SMALL (WRK obdir.c bulk mode).
    expect(dir.calls.every((c) => c.status === STATUS_MORE_ENTRIES || c.status === STATUS_SUCCESS)).toBe(true);
  });

  it('a directory holding only an entry that does not fit still lists it', () => {
    const huge = { name: 'x'.repeat(32_767), type: 'SymbolicLink' };
    const dir = new KernelDirectory([huge]);
    const r = enumerateBulk(dir.query, buffers().source);
    expect(r).toEqual({ ok: true, status: 0, value: [listed(huge)] });
  });

  it('names created, opened and deleted between calls are neither skipped nor repeated (defect 2)', () => {
    // Other processes work in the directory while we read it: each create goes to the head of
    // its chain and each open moves an entry to the front, shifting every later ordinal.
    let n = 0;
    let answered: string[] | null = null;
    const dir = new KernelDirectory(many(3000), {
      between: (d, call) => {
        if (call.status === STATUS_SUCCESS) answered = d.names();
        d.insert(`new-${n}`, 'Event');
        d.lookup(`object-${(n * 7) % 3000}`);
        d.delete(`object-${(n * 13 + 1) % 3000}`);
        n++;
      },
    });
    const r = enumerateBulk(dir.query, buffers(4096).source);
    expect(r.ok).toBe(true);
    const got = names(r);
    expect(new Set(got).size).toBe(got.length);
    // The listing is the directory as it was at one instant: the call that returned everything.
    expect(answered).not.toBeNull();
    expect(sorted(got)).toEqual(sorted(answered!));
  });

  it('100,000 entries under churn: complete, no repeats, and the kernel walks each entry about twice, not once per call', () => {
    let n = 0;
    let answered: string[] | null = null;
    const dir = new KernelDirectory(many(100_000), {
      between: (d, call) => {
        if (call.status === STATUS_SUCCESS) answered = d.names();
        for (let i = 0; i < 10; i++) d.insert(`churn-${n++}`, 'Event');
        d.lookup(`object-${n % 100_000}`);
      },
    });
    const r = enumerateBulk(dir.query, buffers().source);
    expect(r.ok).toBe(true);
    const got = names(r);
    expect(got.length).toBeGreaterThanOrEqual(100_000);
    expect(new Set(got).size).toBe(got.length);
    expect(sorted(got)).toEqual(sorted(answered!));
    // WRK obdir.c walks the chains from entry 0 on every call, up to where the call stopped;
    // continuing from the context in 64 KiB pieces costs ~n²/2 entry visits, doubling ~2n.
    const visited = dir.calls.reduce((sum, c) => sum + c.walked, 0);
    expect(visited).toBeLessThan(3 * 100_000);
  });

  it('past the size cap it reads in pieces from the context and drops repeated names', () => {
    const touched = new Set<string>();
    const dir = new KernelDirectory(many(2000), {
      between: (d, call) => {
        // After each call someone opens a name the reader has not reached yet whose chain starts
        // before the reader's context: the lookup moves it to that chain's head (WRK
        // ObpLookupDirectoryEntry), behind the reader, and every entry between shifts up by one,
        // so the entry just before the context comes round again. A piecewise reader therefore
        // sees a name twice after every such open, whatever the hash puts where.
        const all = d.ordinal();
        const firstOfChain = new Map<number, number>();
        all.forEach((e, i) => {
          if (!firstOfChain.has(bucketOf(e.name))) firstOfChain.set(bucketOf(e.name), i);
        });
        const j = all.findIndex((e, i) => i > call.next && firstOfChain.get(bucketOf(e.name))! < call.next);
        if (j < 0) return;
        touched.add(all[j]!.name);
        d.lookup(all[j]!.name);
      },
    });
    const r = enumerateBulk(dir.query, buffers(4096).source, { maxBuffer: 8192 });
    expect(r.ok).toBe(true);
    const got = names(r);
    expect(dir.calls.some((c) => !c.restart)).toBe(true);
    expect(new Set(got).size).toBe(got.length);
    // Every name nobody opened meanwhile is there, and nothing that does not exist.
    const untouched = many(2000).map((e) => e.name).filter((x) => !touched.has(x));
    expect(untouched.length).toBeGreaterThan(1000);
    expect(got.filter((x) => !touched.has(x)).sort()).toEqual(untouched.sort());
    expect(got.every((x) => x.startsWith('object-'))).toBe(true);
  });

  it('past the size cap, creations faster than the reader reads end the listing with STATUS_MORE_ENTRIES instead of a livelock', () => {
    let n = 0;
    const dir = new KernelDirectory(many(2000), {
      between: (d) => {
        // More names per call than a 4 KiB piece holds: in the last chain every one lands before the context.
        for (let i = 0; i < 200; i++) d.insert(`burst-${n++}`, 'Event');
      },
    });
    const r = enumerateBulk(capped(dir, 400), buffers(4096).source, { maxBuffer: 8192 });
    expect(r).toMatchObject({ ok: true, status: STATUS_MORE_ENTRIES });
    const got = names(r);
    expect(new Set(got).size).toBe(got.length);
    expect(got.length).toBeGreaterThan(0);
  });

  it('stops on STATUS_SUCCESS when everything fitted (one call)', () => {
    const dir = new KernelDirectory(many(3));
    const r = enumerateBulk(dir.query, buffers().source);
    expect(r.ok && r.value.length).toBe(3);
    expect(dir.calls).toHaveLength(1);
  });

  it('an empty directory answers STATUS_NO_MORE_ENTRIES at once', () => {
    expect(enumerateBulk(new KernelDirectory([]).query, buffers().source)).toEqual({ ok: true, status: 0, value: [] });
  });

  it('passes STATUS_NOT_IMPLEMENTED up so the caller can fall back (what Wine 8 answers)', () => {
    const r = enumerateBulk(new KernelDirectory(many(2), { bulk: false }).query, buffers().source);
    expect(r).toMatchObject({ ok: false, status: STATUS_NOT_IMPLEMENTED, name: 'STATUS_NOT_IMPLEMENTED' });
  });

  it('an error is a failure with its status, not a short listing', () => {
    const r = enumerateBulk(new KernelDirectory(many(40), { failAt: { ctx: 0, status: STATUS_ACCESS_DENIED } }).query, buffers(512).source);
    expect(r).toMatchObject({ ok: false, status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED' });
  });

  it('an error part-way through the capped fallback is a failure too', () => {
    const r = enumerateBulk(new KernelDirectory(many(400), { failAt: { ctx: 100, status: STATUS_ACCESS_DENIED } }).query, buffers(1024).source, { maxBuffer: 2048 });
    expect(r).toMatchObject({ ok: false, status: STATUS_ACCESS_DENIED });
  });
});

describe('single-entry mode (Wine 8)', () => {
  it('reads one entry per call, then stops at STATUS_NO_MORE_ENTRIES', () => {
    const dir = new KernelDirectory(many(5));
    const r = enumerateSingle(dir.query, buffers(256).source);
    expect(r).toEqual({ ok: true, status: 0, value: dir.ordinal().map(listed) });
    expect(dir.calls.map((c) => c.ctx)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('retries the same entry with the length the kernel asked for on STATUS_BUFFER_TOO_SMALL', () => {
    const dir = new KernelDirectory([{ name: 'x', type: 'Event' }, { name: 'y'.repeat(300), type: 'Event' }, { name: 'z', type: 'Event' }]);
    const b = buffers(128);
    const r = enumerateSingle(dir.query, b.source);
    expect(r).toEqual({ ok: true, status: 0, value: dir.ordinal().map(listed) });
    const tooSmall = dir.calls.filter((c) => c.status === STATUS_BUFFER_TOO_SMALL);
    expect(tooSmall).toHaveLength(1);
    expect(dir.calls[dir.calls.indexOf(tooSmall[0]!) + 1]!.ctx).toBe(tooSmall[0]!.ctx);
  });

  it('the kernel hands back the entry just read when a name is created at or before the context (WRK ObpInsertDirectoryEntry: new names at the head of their chain)', () => {
    const dir = new KernelDirectory(many(60));
    const order = dir.ordinal();
    const last = order[order.length - 1]!;
    // A name whose chain comes no later than the last entry's: the head of that chain or an earlier one.
    const created = Array.from({ length: 1000 }, (_, i) => `made-${i}`).find((x) => bucketOf(x) <= bucketOf(last.name))!;
    const ctx = Uint32Array.of(order.length - 1);
    const ret = new Uint32Array(1);
    const b = buffers(256).source;
    const read = (): string[] => {
      const buf = b(0);
      expect(dir.query(buf, true, false, ctx, ret)).toBe(STATUS_SUCCESS);
      const p = parseDirectoryBuffer(buf.bytes, buf.base);
      return p.ok ? p.value.entries.map((e) => e.name) : [p.message];
    };
    expect(read()).toEqual([last.name]);
    expect(ctx[0]).toBe(60);
    dir.insert(created, 'Event');
    // The context moved on by one, and so did every entry from the new name's chain on.
    expect(read()).toEqual([last.name]);
    expect(ctx[0]).toBe(61);
  });

  it('a name created between every two calls holds a reader in the last chain in place: it ends with STATUS_MORE_ENTRIES, each name once, within twice the names read plus 64 calls', () => {
    // What Wine 8's churn cases did for minutes: single-entry mode is all it has, and its
    // directories have 7 chains (server/directory.c HASH_SIZE), so the reader reached the last
    // chain soon and every creation handed the same entry back.
    let n = 0;
    const existed = new Set(many(60).map((e) => e.name));
    const dir = new KernelDirectory(many(60), {
      between: (d) => {
        const name = `new-${n++}`;
        d.insert(name, 'Event');
        existed.add(name);
      },
    });
    const r = enumerateSingle(capped(dir, 5000), buffers(256).source);
    expect(r).toMatchObject({ ok: true, status: STATUS_MORE_ENTRIES });
    const got = names(r);
    expect(new Set(got).size).toBe(got.length);
    expect(got.every((x) => existed.has(x))).toBe(true);
    expect(dir.calls.length).toBeLessThanOrEqual(2 * got.length + 64 + 2);
  });

  it('names deleted and opened between calls (none created) still end in a complete listing, STATUS_SUCCESS', () => {
    let n = 0;
    const dir = new KernelDirectory(many(300), {
      between: (d) => {
        d.lookup(`object-${(n * 7) % 300}`);
        n++;
      },
    });
    const r = enumerateSingle(dir.query, buffers(256).source);
    expect(r.ok && r.status).toBe(STATUS_SUCCESS);
    expect(new Set(names(r)).size).toBe(names(r).length);
  });

  it('keeps names with NUL and surrogates exact', () => {
    const entries = [{ name: 'nul\u0000inside', type: 'Event' }, { name: 'emoji 😀', type: 'Section' }];
    const dir = new KernelDirectory(entries);
    expect(sorted(names(enumerateSingle(dir.query, buffers(256).source)))).toEqual(sorted(entries.map((e) => e.name)));
  });
});
