// Sorting, filtering and the sorted-view cache behind namespace.list paging.
import type { DirEntry } from '@objscope/core';
import { describe, expect, it } from 'vitest';
import { SnapshotSource } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { listingOf, pageOf, viewOf } from '../src/listing';
import { estimateJsonBytes } from '../src/size';
import { isPlainJson } from '../src/transformer';

const e = (name: string, type = 'Event', target: string | null = null): DirEntry => ({ name, type, target, error: null });

describe('viewOf', () => {
  const entries = [e('b'), e('B'), e('a'), e('__proto__', 'Mutant'), e('link', 'SymbolicLink', '\\Z'), e('nul\u0000x')];

  it('sorts by name case-insensitively, ties by exact code units', () => {
    const v = viewOf({}, '\\d', entries, { sort: 'name', desc: false, filter: '' });
    expect(v.map((x) => x.name)).toEqual(['__proto__', 'a', 'B', 'b', 'link', 'nul\u0000x']);
  });

  it('sorts by type then name, and desc reverses the whole order', () => {
    const owner = {};
    const asc = viewOf(owner, '\\d', entries, { sort: 'type', desc: false, filter: '' });
    expect(asc.map((x) => x.name)).toEqual(['a', 'B', 'b', 'nul\u0000x', '__proto__', 'link']);
    const desc = viewOf(owner, '\\d', entries, { sort: 'type', desc: true, filter: '' });
    expect(desc.map((x) => x.name)).toEqual([...asc].reverse().map((x) => x.name));
  });

  it('filters by case-insensitive substring of the name', () => {
    const v = viewOf({}, '\\d', entries, { sort: 'name', desc: false, filter: 'PROTO' });
    expect(v.map((x) => x.name)).toEqual(['__proto__']);
  });

  it('reuses a view while the listing holds the same entries, and recomputes when one changed', () => {
    const owner = {};
    const first = viewOf(owner, '\\d', entries, { sort: 'name', desc: false, filter: '' });
    expect(viewOf(owner, '\\d', entries.slice(), { sort: 'name', desc: false, filter: '' })).toBe(first);
    const changed = entries.slice();
    changed[0] = e('b', 'Mutant');
    const again = viewOf(owner, '\\d', changed, { sort: 'name', desc: false, filter: '' });
    expect(again).not.toBe(first);
    expect(again.find((x) => x.name === 'b')?.type).toBe('Mutant');
  });

  it('keeps only the asked types, exactly, before sorting', () => {
    const v = viewOf({}, '\\d', entries, { sort: 'name', desc: false, filter: '', types: ['Mutant', 'SymbolicLink', 'event'] });
    expect(v.map((x) => x.name)).toEqual(['__proto__', 'link']);
    expect(viewOf({}, '\\d', entries, { sort: 'name', desc: false, filter: '', types: ['__proto__'] })).toEqual([]);
  });

  it('caches one view per type set: the same set in another order shares it, another set does not', () => {
    const owner = {};
    const a = viewOf(owner, '\\d', entries, { sort: 'name', desc: false, filter: '', types: ['Mutant', 'Event'] });
    expect(viewOf(owner, '\\d', entries, { sort: 'name', desc: false, filter: '', types: ['Event', 'Mutant', 'Event'] })).toBe(a);
    const b = viewOf(owner, '\\d', entries, { sort: 'name', desc: false, filter: '', types: ['Mutant'] });
    expect(b.map((x) => x.name)).toEqual(['__proto__']);
    const all = viewOf(owner, '\\d', entries, { sort: 'name', desc: false, filter: '' });
    expect(all).toHaveLength(entries.length);
  });

  it('never mutates the listing it was given', () => {
    const copy = entries.slice();
    viewOf({}, '\\d', copy, { sort: 'type', desc: true, filter: '' });
    expect(copy).toEqual(entries);
  });
});

describe('listingOf and pageOf (a snapshot cannot change)', () => {
  it('lists a snapshot directory once and hands out the same listing afterwards', async () => {
    const source = new SnapshotSource(synthesizeSnapshot({ objects: 2_000, bigDirectoryEntries: 1_000, seed: 3 }), { kind: 'share' });
    let calls = 0;
    const list = source.list.bind(source);
    source.list = (path: string) => {
      calls++;
      return list(path);
    };
    const a = await listingOf(source, '\\Big');
    const b = await listingOf(source, '\\Big');
    expect(a.ok && a.value.length).toBe(1_000);
    expect(b).toBe(a);
    expect(calls).toBe(1);
    // A path that cannot be listed keeps its answer too.
    const missing = await listingOf(source, '\\Nope');
    expect(missing.ok).toBe(false);
  });

  it('gives the same frozen page for the same bounds, and the right slice', () => {
    const view = Array.from({ length: 50 }, (_, i) => e(`n${String(i).padStart(2, '0')}`));
    const p = pageOf(view, 10, 5);
    expect(p.map((x) => x.name)).toEqual(['n10', 'n11', 'n12', 'n13', 'n14']);
    expect(Object.isFrozen(p)).toBe(true);
    expect(pageOf(view, 10, 5)).toBe(p);
    expect(pageOf(view, 10, 6)).not.toBe(p);
    expect(pageOf(view, 45, 10).length).toBe(5);
    // Remembered sizes and plain-JSON checks of a frozen page agree with a fresh walk.
    const copy = [...p];
    expect(estimateJsonBytes(p)).toBe(estimateJsonBytes(copy));
    expect(estimateJsonBytes({ ok: true, entries: p })).toBe(estimateJsonBytes({ ok: true, entries: copy }));
    expect(isPlainJson(p)).toBe(true);
    expect(isPlainJson(p)).toBe(true);
  });
});
