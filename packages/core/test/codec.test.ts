import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SNAPSHOT_LIMITS, type Snapshot, type SnapshotNode, decodeSnapshot, encodeSnapshot, encodeSnapshotJson, readSchemas } from '../src/index';
import { HOSTILE_NAMES, synthesizeSnapshot } from '../testing/index';

function decodeOk(bytes: Uint8Array, limits?: Parameters<typeof decodeSnapshot>[1]): Snapshot {
  const r = decodeSnapshot(bytes, limits);
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

function child(node: SnapshotNode, name: string): SnapshotNode {
  const c = node.children?.find((k) => k.name === name);
  if (!c) throw new Error(`no child ${JSON.stringify(name)}`);
  return c;
}

const small = synthesizeSnapshot({ objects: 400, bigDirectoryEntries: 30, seed: 7 });

describe('encodeSnapshot / decodeSnapshot round trip', () => {
  it('gives back a deep-equal snapshot', () => {
    expect(decodeOk(encodeSnapshot(small))).toEqual(small);
  });

  it('keeps every hostile name exactly: NUL, __proto__, constructor, HTML, emoji, 240 chars, trailing space, lone surrogate', () => {
    const back = decodeOk(encodeSnapshot(small));
    const names = child(back.root, 'Hostile').children!.map((c) => c.name);
    for (const n of HOSTILE_NAMES) expect(names).toContain(n);
    expect(names).toContain('x'.repeat(240));
    expect(names).toContain('lone \uD800 surrogate');
    expect(names).toContain('nul\u0000inside');
    // A name that is a prototype key is a plain own string, never an object key on the node.
    const proto = child(child(back.root, 'Hostile'), '__proto__');
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(proto.name).toBe('__proto__');
  });

  it('round-trips every UTF-16 code unit that can appear in a name, one per object', () => {
    const units: SnapshotNode[] = [];
    for (let u = 0; u <= 0xffff; u += 1) {
      if (u === 0x5c) continue; // `\` cannot occur in an object name
      units.push({ name: `u${String.fromCharCode(u)}`, type: 'Event', target: null, error: null });
    }
    const s: Snapshot = { ...small, root: { ...small.root, children: [{ name: 'All', type: 'Directory', target: null, error: null, children: units }] } };
    const back = decodeOk(encodeSnapshot(s));
    expect(back.root.children![0]!.children!.map((c) => c.name)).toEqual(units.map((c) => c.name));
  });

  it('keeps link targets, dynamic links, resolvesTo and per-entry errors', () => {
    const back = decodeOk(encodeSnapshot(small));
    const ko = child(back.root, 'KernelObjects');
    expect(child(ko, 'LowMemoryCondition')).toEqual({
      name: 'LowMemoryCondition', type: 'SymbolicLink', target: null, error: null, dynamic: true, resolvesTo: 'Event',
    });
    expect(child(child(back.root, 'GLOBAL??'), 'C:').target).toBe('\\Device\\HarddiskVolume3');
    const denied = child(child(back.root, 'Hostile'), 'Denied');
    expect(denied.error).toEqual({ status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' });
    expect(denied.children).toBeUndefined();
  });

  it('distinguishes an empty listed directory from a leaf', () => {
    const back = decodeOk(encodeSnapshot(small));
    expect(child(child(back.root, 'Device'), 'Video').children).toEqual([]);
    expect(child(child(back.root, 'Device'), 'Null').children).toBeUndefined();
  });

  it('is deterministic: the same snapshot always gives the same bytes', () => {
    expect(encodeSnapshot(small)).toEqual(encodeSnapshot(synthesizeSnapshot({ objects: 400, bigDirectoryEntries: 30, seed: 7 })));
  });

  it('drops fields the format does not know instead of writing them', () => {
    const extra = structuredClone(small) as Snapshot & { meta: { futureField?: number } };
    extra.meta.futureField = 1;
    (extra.root.children![0] as SnapshotNode & { colour?: string }).colour = 'red';
    const back = decodeOk(encodeSnapshot(extra));
    expect(back).toEqual(small);
  });

  it('writes NTSTATUS values unsigned even when they arrive as negative int32 (as koffi returns them)', () => {
    const s = structuredClone(small);
    s.memory[0]!.error = { status: -1073741790, name: 'STATUS_ACCESS_DENIED' };
    s.root.children![0]!.error = { status: -1073741790, name: 'STATUS_ACCESS_DENIED' };
    const back = decodeOk(encodeSnapshot(s));
    expect(back.memory[0]!.error).toEqual({ status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' });
    expect(back.root.children![0]!.error).toEqual({ status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' });
  });

  it('reads the uncompressed JSON form too, with or without a UTF-8 BOM', () => {
    const json = new TextEncoder().encode(encodeSnapshotJson(small));
    expect(decodeOk(json)).toEqual(small);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...json]);
    expect(decodeOk(bom)).toEqual(small);
  });

  it('reads gzip files written by other tools: a file name in the header, or several members', () => {
    const gz = encodeSnapshot(small);
    const name = new TextEncoder().encode('snapshot.json\0');
    const named = new Uint8Array(gz.length + name.length);
    named.set(gz.subarray(0, 10));
    named[3] = named[3]! | 0x08; // FNAME
    named.set(name, 10);
    named.set(gz.subarray(10), 10 + name.length);
    expect(decodeOk(named)).toEqual(small);
    const json = new TextEncoder().encode(encodeSnapshotJson(small));
    const half = Math.floor(json.length / 2);
    const a = gzipSync(json.subarray(0, half), { mtime: 0 });
    const b = gzipSync(json.subarray(half), { mtime: 0 });
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(decodeOk(both)).toEqual(small);
  });

  it('uses the type-name table: a node costs its name plus a few bytes', () => {
    const json = encodeSnapshotJson(small);
    expect(json).toContain('"typeNames":[');
    expect(json).toContain('["Null",');
    expect(json).not.toContain('"type":"Device"');
  });

  it('stays compact: under 40 gzip bytes per object for the synthetic namespace', () => {
    const s = synthesizeSnapshot({ objects: 20_000, bigDirectoryEntries: 2_000 });
    expect(encodeSnapshot(s).length / s.meta.objectCount).toBeLessThan(40);
  });
});

describe('decodeSnapshot limits', () => {
  const bytes = encodeSnapshot(small);

  it('has the documented defaults', () => {
    expect(DEFAULT_SNAPSHOT_LIMITS).toEqual({
      maxCompressedBytes: 64 * 1024 * 1024,
      maxDecompressedBytes: 256 * 1024 * 1024,
      maxDepth: 64,
      maxStringLength: 32767,
      maxObjects: 5_000_000,
    });
  });

  it('refuses a file larger than maxCompressedBytes before reading it', () => {
    const r = decodeSnapshot(bytes, { maxCompressedBytes: 100 });
    expect(r).toEqual({ ok: false, error: `snapshot rejected: the file is ${bytes.length} bytes; the limit is 100` });
  });

  it('refuses content that decompresses past maxDecompressedBytes, compressed or not', () => {
    const size = new TextEncoder().encode(encodeSnapshotJson(small)).length;
    expect(decodeSnapshot(bytes, { maxDecompressedBytes: 1000 })).toEqual({
      ok: false,
      error: `snapshot rejected: its gzip trailer declares ${size} bytes, more than the 1000-byte limit (or the file is truncated)`,
    });
    expect(decodeSnapshot(new TextEncoder().encode(encodeSnapshotJson(small)), { maxDecompressedBytes: 1000 })).toEqual({
      ok: false,
      error: `snapshot rejected: the JSON text is ${size} bytes; the limit is 1000`,
    });
  });

  const bomb = gzipSync(new Uint8Array(16 << 20), { level: 1, mtime: 0 });

  it('refuses a gzip bomb from its size trailer before inflating (16 MiB of zeros, 1 MiB limit)', () => {
    expect(bomb.length).toBeLessThan(100_000);
    expect(decodeSnapshot(bomb, { maxDecompressedBytes: 1 << 20 })).toEqual({
      ok: false,
      error: `snapshot rejected: its gzip trailer declares ${16 << 20} bytes, more than the ${1 << 20}-byte limit (or the file is truncated)`,
    });
  });

  it('refuses a bomb whose trailer lies, while streaming, counting output as it inflates', () => {
    const liar = bomb.slice();
    liar.set([0, 1, 0, 0], liar.length - 4); // declares 256 bytes
    const r = decodeSnapshot(liar, { maxDecompressedBytes: 1 << 20 });
    expect(r).toEqual({ ok: false, error: `snapshot rejected: it decompresses to more than ${1 << 20} bytes (the limit)` });
  });

  it('refuses more objects than maxObjects', () => {
    const r = decodeSnapshot(bytes, { maxObjects: 100 });
    expect(r).toEqual({ ok: false, error: 'snapshot rejected: the tree holds more than 100 objects (the limit)' });
  });

  it('refuses a tree deeper than maxDepth', () => {
    const r = decodeSnapshot(bytes, { maxDepth: 2 });
    expect(r).toEqual({ ok: false, error: 'snapshot rejected: the tree is deeper than 2 directory levels (the limit)' });
  });

  it('refuses strings longer than maxStringLength, naming where', () => {
    const r = decodeSnapshot(bytes, { maxStringLength: 200 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^snapshot rejected: a name at tree\[3\]\[\d+\]\[3\]\[\d+\]\[0\] is 240 characters; the limit is 200$/);
  });

  it('accepts the file again with default limits (a pure function: no state from the refusals)', () => {
    expect(decodeOk(bytes)).toEqual(small);
  });
});

describe('the loader\'s tree checks', () => {
  // The loader validates tree nodes by hand (one pass, no copies) instead of through the
  // recursive zod schema the JSON Schema is generated from; both must accept exactly the same.
  it('accept and refuse exactly what the zod `node` schema does (2,000 random nodes)', () => {
    let seed = 99;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const anyValue = (): unknown =>
      pick<unknown>(['x', '', 'y'.repeat(32768), 0, 1, 2, 3, -1, 0.5, 70000, null, true, {}, [], { dynamic: true },
        { error: { status: 5, name: 'X' } }, { resolvesTo: null }, { bogus: 1 }, { dynamic: 'x' }, { error: { status: -1, name: 'X' } }]);
    const nodeLike = (name: unknown, depth: number): unknown => {
      if (rnd() < 0.05) return anyValue();
      const len = pick([1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
      const e: unknown[] = [name, rnd() < 0.8 ? pick([0, 1, 2]) : anyValue()];
      if (len > 2) e.push(rnd() < 0.7 ? pick([null, 'target']) : anyValue());
      if (len > 3) {
        e.push(rnd() < 0.6 && depth < 2
          ? Array.from({ length: pick([0, 1, 2]) }, (_, i) => nodeLike(rnd() < 0.9 ? `c${i}` : anyValue(), depth + 1))
          : rnd() < 0.5 ? null : anyValue());
      }
      if (len > 4) e.push(rnd() < 0.6 ? pick([{}, { dynamic: true, resolvesTo: 'Event' }, { error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }]) : anyValue());
      if (len > 5) e.push(anyValue());
      return e.slice(0, len);
    };
    const treeRulesHold = (n: unknown): boolean => {
      const a = n as unknown[];
      if ((a[1] as number) > 2) return false;
      const kids = (a[3] ?? []) as unknown[][];
      const names = kids.map((k) => k[0] as string);
      if (new Set(names).size !== names.length || names.some((x) => x === '' || x.includes('\\'))) return false;
      return kids.every(treeRulesHold);
    };
    const doc = JSON.parse(encodeSnapshotJson(small));
    doc.typeNames = ['Directory', 'Event', 'SymbolicLink'];
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const node = nodeLike('\\', 0);
      doc.tree = node;
      const r = decodeSnapshot(new TextEncoder().encode(JSON.stringify(doc)));
      const zodOk = readSchemas.node.safeParse(node).success && treeRulesHold(node);
      expect(r.ok, JSON.stringify(node).slice(0, 300)).toBe(zodOk);
      if (r.ok) accepted++;
    }
    // Both outcomes must be well represented for the comparison to mean anything.
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(1800);
  });
});
