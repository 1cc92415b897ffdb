// The one name order (WinObj's) and the one meaning of "changed", shared by the CLI, the API,
// the UI, the live watch and the snapshot diff.
import { describe, expect, it } from 'vitest';
import { compareNames, entryChanged, type DirEntry } from '../src/index';

describe('compareNames: WinObjEx64 order (minirtl _strcmpi: A-Z folded to a-z, then UTF-16 code units)', () => {
  it('puts `_` before every letter, as folding to lower case does (code-unit order would put it after Z)', () => {
    const names = ['KernelObjects', '__wine_user_shared_data', 'BaseNamedObjects', 'windows', 'Device'];
    expect([...names].sort(compareNames)).toEqual(['__wine_user_shared_data', 'BaseNamedObjects', 'Device', 'KernelObjects', 'windows']);
    expect([...names].sort()).not.toEqual([...names].sort(compareNames));
  });

  it('ignores ASCII case only: non-ASCII letters keep their code units', () => {
    expect(compareNames('abc', 'ABC')).not.toBe(0);
    expect(compareNames('ABC', 'abd')).toBeLessThan(0);
    // É (U+00C9) is not folded: it sorts after every ASCII letter, lower case included.
    expect(compareNames('\u00c9', 'z')).toBeGreaterThan(0);
    expect(compareNames('\u00e9', '\u00c9')).toBeGreaterThan(0);
  });

  it('is total over counted names: NUL does not end a name, a prefix sorts first, case ties by code unit', () => {
    expect(compareNames('a\u0000b', 'a\u0000c')).toBeLessThan(0);
    expect(compareNames('a', 'a\u0000')).toBeLessThan(0);
    expect(['b', 'B', 'a'].sort(compareNames)).toEqual(['a', 'B', 'b']);
    expect(compareNames('x', 'x')).toBe(0);
  });
});

describe('entryChanged', () => {
  const base: DirEntry = { name: 'n', type: 'SymbolicLink', target: '\\a', error: null, dynamic: false, resolvesTo: null };
  it('is false for the same object, however the optional fields are spelled', () => {
    expect(entryChanged(base, { ...base })).toBe(false);
    const plain: DirEntry = { name: 'n', type: 'SymbolicLink', target: '\\a', error: null };
    expect(entryChanged(base, plain)).toBe(false);
  });
  it('is true when any of type, target, error status, dynamic or resolvesTo differs', () => {
    expect(entryChanged(base, { ...base, type: 'Event' })).toBe(true);
    expect(entryChanged(base, { ...base, target: '\\b' })).toBe(true);
    expect(entryChanged(base, { ...base, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } })).toBe(true);
    expect(entryChanged(base, { ...base, dynamic: true })).toBe(true);
    expect(entryChanged(base, { ...base, resolvesTo: 'Event' })).toBe(true);
  });
});
