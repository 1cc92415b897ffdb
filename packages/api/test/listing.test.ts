// Sorting, filtering and the sorted-view cache behind namespace.list paging.
import type { DirEntry } from '@objscope/core';
import { describe, expect, it } from 'vitest';
import { viewOf } from '../src/listing';

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
