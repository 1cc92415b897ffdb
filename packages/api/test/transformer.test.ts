// The fast output path must be byte-for-byte what superjson itself sends, or fall back to it.
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { isPlainJson, transformer } from '../src/transformer';

const wire = (v: unknown) => JSON.stringify(transformer.output.serialize(v));
const reference = (v: unknown) => JSON.stringify(superjson.serialize(v));

describe('output transformer', () => {
  const listing = {
    ok: true,
    total: 2,
    offset: 0,
    entries: [
      { name: 'nul\u0000inside', type: 'Event', target: null, error: null },
      { name: '<img src=x onerror=alert(1)>', type: 'SymbolicLink', target: '\\Device', error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } },
    ],
  };

  it.each([
    ['a listing with hostile names', listing],
    ['a string', 'x'],
    ['null', null],
    ['nested arrays', [[1, 2], [3, [4]]]],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
  ])('takes the fast path for %s, with superjson’s exact output', (_n, v) => {
    expect(isPlainJson(v)).toBe(true);
    expect(wire(v)).toBe(reference(v));
  });

  it.each([
    ['a Date', { at: new Date(0) }],
    ['undefined in an object', { a: undefined }],
    ['undefined itself', undefined],
    ['NaN', { n: Number.NaN }],
    ['-0', [-0]],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a bigint', 10n],
    // Length 3 with index 1 never set: a hole, which JSON would turn into null.
    ['a sparse array', Object.assign(new Array<number>(3), { 0: 1, 2: 3 })],
    ['a class instance', new (class X { a = 1 })()],
  ])('falls back to superjson for %s', (_n, v) => {
    expect(isPlainJson(v)).toBe(false);
    expect(wire(v)).toBe(reference(v));
  });

  it('leaves an own __proto__ key to superjson, which refuses it as before', () => {
    const v = JSON.parse('{"__proto__": 1}') as unknown;
    expect(isPlainJson(v)).toBe(false);
    expect(() => wire(v)).toThrow(/prototype pollution/);
  });

  it('round-trips through plain superjson on the client side', () => {
    const back = superjson.deserialize(JSON.parse(wire(listing)) as Parameters<typeof superjson.deserialize>[0]);
    expect(back).toEqual(listing);
  });
});
