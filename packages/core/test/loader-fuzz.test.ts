// 1,000+ generated malformed snapshot files. Every one must come back as
// { ok: false, error: "snapshot rejected: <one sentence>" }: no exception, no stack, no partial
// snapshot, and Object.prototype exactly as it was.
import { gzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, encodeSnapshotJson } from '../src/index';
import { seededRandom, synthesizeSnapshot } from '../testing/index';

const rnd = seededRandom(20261124);
const int = (n: number) => Math.floor(rnd() * n);
const enc = (s: string) => new TextEncoder().encode(s);
const gz = (b: Uint8Array) => gzipSync(b, { level: 6, mtime: 0 });

const base = synthesizeSnapshot({ objects: 300, bigDirectoryEntries: 10, seed: 3 });
const baseJson = encodeSnapshotJson(base);
const baseGz = encodeSnapshot(base);
const baseDoc = (): Record<string, unknown> => JSON.parse(baseJson);

type Case = { kind: string; bytes: Uint8Array };
const cases: Case[] = [];
const add = (kind: string, bytes: Uint8Array | string) => cases.push({ kind, bytes: typeof bytes === 'string' ? enc(bytes) : bytes });

/** Every value position in a JSON value: [container, key] pairs, depth first. */
function positions(v: unknown, out: [Record<string | number, unknown>, string | number][] = []) {
  if (Array.isArray(v)) {
    v.forEach((c, i) => {
      out.push([v as unknown as Record<number, unknown>, i]);
      positions(c, out);
    });
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      out.push([v as Record<string, unknown>, k]);
      positions((v as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

function objects(v: unknown, out: Record<string, unknown>[] = []) {
  if (Array.isArray(v)) for (const c of v) objects(c, out);
  else if (v && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    for (const k of Object.keys(v)) objects((v as Record<string, unknown>)[k], out);
  }
  return out;
}

/** A value that is the wrong type at that position, whatever the position allows. */
function wrongFor(v: unknown): unknown {
  if (typeof v === 'string') return 7;
  if (typeof v === 'number') return '7';
  if (typeof v === 'boolean') return 'true';
  if (v === null) return { bogus: 1 };
  return 'x';
}

// 1. Truncated gzip at random points (and the empty file).
add('truncated gzip', baseGz.subarray(0, 0));
for (let i = 0; i < 199; i++) add('truncated gzip', baseGz.subarray(0, 1 + int(baseGz.length - 1)));
// 2. Truncated plain JSON.
for (let i = 0; i < 100; i++) add('truncated json', baseJson.slice(0, 1 + int(baseJson.length - 2)));
// 3. Corrupt gzip: one byte of the deflate data or the trailer inverted.
for (let i = 0; i < 60; i++) {
  const b = baseGz.slice();
  const at = 10 + int(b.length - 10);
  b[at] = b[at]! ^ 0xff;
  add('corrupt gzip', b);
}
// 4. Random bytes, with and without the gzip magic.
for (let i = 0; i < 50; i++) add('random bytes', Uint8Array.from({ length: 1 + int(4000) }, () => int(256)));
for (let i = 0; i < 40; i++) add('random gzip', Uint8Array.from({ length: 2 + int(4000) }, (_, j) => (j === 0 ? 0x1f : j === 1 ? 0x8b : int(256))));
// 5. Valid gzip of invalid JSON / not UTF-8 / not an object.
for (let i = 0; i < 30; i++) add('gzip of invalid json', gz(enc(`{"format":"objscope-snapshot","version":1,${'x'.repeat(int(50))}`)));
for (const t of ['[]', '"x"', 'null', '1', 'true', '[{"format":"objscope-snapshot","version":1}]']) add('gzip of non-object', gz(enc(t)));
for (let i = 0; i < 10; i++) add('gzip of invalid utf-8', gz(new Uint8Array([0x7b, 0x22, 0xc3, 0x28 + i, 0x22, 0x7d])));
for (let i = 0; i < 10; i++) add('invalid utf-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe - i, 0x22, 0x3a, 0x31, 0x7d]));
// 6. Wrong format / version.
const fv: [unknown, unknown][] = [
  ['objscope-snapshot2', 1], ['OBJSCOPE-SNAPSHOT', 1], [null, 1], [1, 1], ['', 1],
  ['objscope-snapshot', 3], ['objscope-snapshot', 0], ['objscope-snapshot', '1'], ['objscope-snapshot', 1.5],
  ['objscope-snapshot', null], ['objscope-snapshot', -1], ['objscope-snapshot', 99999],
];
for (const [format, version] of fv) {
  for (const compress of [false, true]) {
    const d = baseDoc();
    d.format = format;
    d.version = version;
    add('format/version', compress ? gz(enc(JSON.stringify(d))) : JSON.stringify(d));
  }
}
for (const key of ['format', 'version', 'meta', 'tree', 'typeNames', 'types', 'memory', 'zombies']) {
  const d = baseDoc();
  delete d[key];
  add('missing field', JSON.stringify(d));
}
// 7. Wrong types at random value positions.
for (let i = 0; i < 220; i++) {
  const d = baseDoc();
  const ps = positions(d);
  const [container, key] = ps[int(ps.length)]!;
  container[key] = wrongFor(container[key]);
  add('wrong type', i % 2 ? gz(enc(JSON.stringify(d))) : JSON.stringify(d));
}
// 8. Prototype keys in every object position (JSON.parse keeps them as own properties).
{
  const count = objects(baseDoc()).length;
  for (let i = 0; i < count; i++) {
    for (const key of i % 3 === 0 ? ['__proto__', 'constructor', 'prototype'] : ['__proto__']) {
      const d = baseDoc();
      const o = objects(d)[i]!;
      Object.defineProperty(o, key, { value: { polluted: true, toString: 'x' }, enumerable: true, writable: true, configurable: true });
      add('prototype key', JSON.stringify(d));
    }
  }
}
// 9. Deep nesting, in the tree and elsewhere.
for (const depth of [1_000, 100_000, 1_000_000]) {
  add('deep nesting', `{"format":"objscope-snapshot","version":1,"meta":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  add('deep nesting', gz(enc(`{"format":"objscope-snapshot","version":1,"meta":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`)));
}
for (const depth of [65, 200, 5_000, 50_000]) {
  // Built as text: JSON.stringify itself is recursive and would overflow first.
  const d = baseDoc();
  d.tree = '@TREE@';
  const tree = `["\\\\",0,null,[${'["d",0,null,['.repeat(depth)}["leaf",0]${']]'.repeat(depth)}]]`;
  add('deep tree', JSON.stringify(d).replace('"@TREE@"', tree));
}
// 10. Huge strings: names, targets, text fields past 32,767 code units.
for (let i = 0; i < 20; i++) {
  const d = baseDoc();
  const big = 'A'.repeat(32_768 + int(200_000));
  const tree = d.tree as unknown[];
  const kids = tree[3] as unknown[][];
  if (i % 4 === 0) kids.push([big, 0]);
  else if (i % 4 === 1) kids.push(['link', 0, big]);
  else if (i % 4 === 2) (d.meta as Record<string, unknown>).description = big;
  else (d.typeNames as string[]).push(big);
  add('huge string', i % 2 ? gz(enc(JSON.stringify(d))) : JSON.stringify(d));
}
// 11. Structurally valid JSON that breaks the tree's rules.
{
  const broken: ((tree: unknown[], d: Record<string, unknown>) => void)[] = [
    (t) => (t[3] as unknown[]).push(['a\\b', 0]),
    (t) => (t[3] as unknown[]).push(['', 0]),
    (t) => (t[3] as unknown[]).push([(t[3] as unknown[][])[0]![0], 0]),
    (t) => (t[3] as unknown[]).push(['x', 9999]),
    (t) => (t[3] as unknown[]).push(['x', -1]),
    (t) => (t[3] as unknown[]).push(['x', 0.5]),
    (t) => (t[3] as unknown[]).push(['x']),
    (t) => (t[3] as unknown[]).push(['x', 0, null, null, {}, 1]),
    (t) => (t[3] as unknown[]).push(['x', 0, null, null, { dynamic: 'yes' }]),
    (t) => (t[3] as unknown[]).push(['x', 0, null, null, { error: { status: -5, name: 'X' } }]),
    (t) => (t[3] as unknown[]).push({ name: 'x', type: 0 }),
    (t) => (t[3] as unknown[]).push('x'),
    (_t, d) => ((d.meta as Record<string, unknown>).objectCount = -1),
    (_t, d) => ((d.meta as Record<string, unknown>).source = 'mars'),
    (_t, d) => ((d.memory as Record<string, unknown>[])[0]!.name = 'NotACondition'),
    (_t, d) => ((d.memory as Record<string, unknown>[])[0]!.kind = 'maybe'),
    (_t, d) => (d.typeNames = Array.from({ length: 65_536 }, (_, i) => `T${i}`)),
    (_t, d) => (d.zombies = []),
  ];
  for (let i = 0; i < 40; i++) {
    const d = baseDoc();
    broken[i % broken.length]!(d.tree as unknown[], d);
    add('tree rules', i % 2 ? gz(enc(JSON.stringify(d))) : JSON.stringify(d));
  }
}
// 12. A gzip bomb with default limits: 20 concatenated members of 16 MiB of zeros (320 MiB). A
// single-member bomb is refused from its size trailer before inflating (see codec.test.ts).
{
  const zeros = gzipSync(new Uint8Array(16 << 20), { level: 1, mtime: 0 });
  const members = new Uint8Array(zeros.length * 20);
  for (let i = 0; i < 20; i++) members.set(zeros, i * zeros.length);
  add('gzip bomb', members);
  add('gzip bomb', zeros.subarray(0, zeros.length - 4));
}

describe('decodeSnapshot on malformed input', () => {
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  const arrayProtoKeys = Object.getOwnPropertyNames(Array.prototype).sort();
  let results: { kind: string; r: ReturnType<typeof decodeSnapshot> | { threw: string } }[] = [];

  beforeAll(() => {
    const ms = new Map<string, number>();
    results = cases.map(({ kind, bytes }) => {
      const t = performance.now();
      try {
        return { kind, r: decodeSnapshot(bytes) };
      } catch (e) {
        return { kind, r: { threw: String(e) } };
      } finally {
        ms.set(kind, (ms.get(kind) ?? 0) + performance.now() - t);
      }
    });
    if (process.env.FUZZ_TIMES) console.log([...ms].map(([k, v]) => `${k}: ${v.toFixed(0)}ms`).join('\n'));
  }, 120_000);

  it('generates at least 1,000 inputs across every category', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    expect([...new Set(cases.map((c) => c.kind))].sort()).toEqual([
      'corrupt gzip', 'deep nesting', 'deep tree', 'format/version', 'gzip bomb', 'gzip of invalid json',
      'gzip of invalid utf-8', 'gzip of non-object', 'huge string', 'invalid utf-8', 'missing field',
      'prototype key', 'random bytes', 'random gzip', 'tree rules', 'truncated gzip', 'truncated json', 'wrong type',
    ]);
  });

  it('never throws', () => {
    expect(results.filter(({ r }) => 'threw' in r)).toEqual([]);
  });

  it('rejects every one of them', () => {
    const accepted = results.filter(({ r }) => 'ok' in r && r.ok).map(({ kind }) => kind);
    expect(accepted).toEqual([]);
  });

  it('explains each rejection in one short sentence, without a stack trace', () => {
    for (const { kind, r } of results) {
      if (!('ok' in r) || r.ok) continue;
      const msg = r.error;
      expect(msg, kind).toMatch(/^snapshot rejected: \S/);
      expect(msg, kind).not.toMatch(/\n|\s+at .*:\d+:\d+/);
      expect(msg.length, kind).toBeLessThan(400);
    }
  });

  it('says what kind of problem it was', () => {
    const first = (kind: string) => {
      const x = results.find((c) => c.kind === kind)!.r;
      return 'ok' in x && !x.ok ? x.error : '';
    };
    expect(first('truncated gzip')).toBe('snapshot rejected: the file is empty');
    expect(first('gzip bomb')).toBe(`snapshot rejected: it decompresses to more than ${256 * 1024 * 1024} bytes (the limit)`);
    expect(first('format/version')).toBe('snapshot rejected: this is not an objscope snapshot (format is "objscope-snapshot2")');
    expect(first('prototype key')).toMatch(/^snapshot rejected: Unrecognized key: "__proto__" at /);
    expect(first('invalid utf-8')).toBe('snapshot rejected: the JSON text is not valid UTF-8');
    expect(first('deep tree')).toBe('snapshot rejected: the tree is deeper than 64 directory levels (the limit)');
    const truncated = results.filter((c) => c.kind === 'truncated gzip').slice(1).map((c) => ('ok' in c.r && !c.r.ok ? c.r.error : ''));
    expect(truncated.every((m) => /truncated|corrupt/.test(m))).toBe(true);
    const version3 = results.filter((c) => c.kind === 'format/version').map((c) => ('ok' in c.r && !c.r.ok ? c.r.error : ''));
    expect(version3).toContain('snapshot rejected: format version 3 is newer than this objscope reads (versions 1 and 2)');
  });

  it('leaves Object.prototype and Array.prototype untouched', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
  });

  it('still decodes the valid file after all of that: no state was left behind', () => {
    expect(decodeSnapshot(baseGz)).toEqual({ ok: true, snapshot: base });
  });
});
