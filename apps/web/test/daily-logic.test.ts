// Pure logic behind the daily-use features: one CSV writer for every export, the remembered
// preferences, the types chart's scale and the prose source label.
import { describe, expect, it } from 'vitest';
import type { DirEntry } from '@objscope/core';
import { csvCell, csvTable, fileStem, listingCsv, listingJson } from '../src/lib/export';
import { csvCell as zombieCsvCell } from '../src/components/zombies/model';
import { DEFAULT_PREFS, LIMITS, defaultPropsWidth, readPrefs } from '../src/lib/prefs';
import { barFraction } from '../src/lib/types';
import { displayName, humanLabel } from '../src/lib/format';

describe('CSV export', () => {
  it('is one writer: the zombie panel uses the same cell function', () => {
    expect(zombieCsvCell).toBe(csvCell);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('neutralises the formula prefix of %j', (name, cell) => {
    expect(csvCell(name)).toBe(cell);
  });

  it('quotes separators, quotes, line breaks and edge spaces, and keeps NUL and emoji as they are', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('tab\tand\nnewline')).toBe('"tab\tand\nnewline"');
    expect(csvCell(' lead')).toBe('" lead"');
    expect(csvCell('nul\u0000inside')).toBe('nul\u0000inside');
    expect(csvCell('emoji 😀')).toBe('emoji 😀');
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes CRLF lines with a header, and a listing with exact paths', () => {
    expect(csvTable(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,\r\n');
    const e: DirEntry[] = [{ name: '__proto__', type: 'Event', target: null, error: null }];
    expect(listingCsv('\\Hostile', e)).toBe('name,type,target,path,error\r\n__proto__,Event,,\\Hostile\\__proto__,\r\n');
    const j = JSON.parse(listingJson('\\', e)) as { entries: { name: string; path: string }[] };
    expect(j.entries[0]).toMatchObject({ name: '__proto__', path: '\\__proto__' });
  });

  it('makes file names safe', () => {
    expect(fileStem('\\Sessions\\1\\BaseNamedObjects')).toBe('Sessions_1_BaseNamedObjects');
    expect(fileStem('\\')).toBe('root');
    // \?? is not the root: its export must not be called objscope-root.csv.
    expect(fileStem('\\??')).toBe('%3F%3F');
    expect(fileStem('../..\\x')).toBe('x');
  });
});

describe('remembered preferences', () => {
  it('keep good fields and drop bad ones one by one', () => {
    const p = readPrefs({ sort: { key: 'type', desc: true }, layout: { tree: 300, props: 'wide', colName: 1e9, colType: -1 }, find: { text: 'x', mode: 'glob', type: 'Mutant', here: 1 } });
    expect(p.sort).toEqual({ key: 'type', desc: true });
    expect(p.layout).toEqual({ tree: 300, props: null, colName: LIMITS.colName.max, colType: LIMITS.colType.min });
    expect(p.find).toEqual({ text: 'x', mode: 'substring', caseSensitive: false, type: 'Mutant', here: false });
  });

  it('fall back to the defaults for anything that is not an object', () => {
    for (const bad of [null, 'x', 42, [], { sort: '__proto__' }]) expect(readPrefs(bad)).toEqual(DEFAULT_PREFS);
  });

  it('give the Properties pane under a third of a 1024 px window', () => {
    expect(defaultPropsWidth(1024) / 1024).toBeLessThanOrEqual(0.31);
    expect(defaultPropsWidth(1440)).toBe(416);
  });
});

describe('types chart scale', () => {
  it('shows one object next to thousands as a bar on the log scale, a sliver on the linear one', () => {
    expect(barFraction(1, 9283, 'linear')).toBeLessThan(0.001);
    expect(barFraction(1, 9283, 'log')).toBeGreaterThan(0.05);
    expect(barFraction(1, 9283, 'sqrt')).toBeGreaterThan(0.01);
    expect(barFraction(9283, 9283, 'log')).toBe(1);
    expect(barFraction(0, 9283, 'log')).toBe(0);
  });
});

describe('prose labels', () => {
  it('write ISO times as a person reads them', () => {
    expect(humanLabel('Sample snapshot captured under Wine by the objscope snapshot command, 2026-11-24T05:18:43.699Z; no live source on linux')).toBe(
      'Sample snapshot captured under Wine by the objscope snapshot command, 24 Nov 2026, 05:18:43 UTC; no live source on linux',
    );
  });

  it('strip no character of the text around them: a host name with markup characters keeps them', () => {
    expect(humanLabel('Snapshot of `build`*box*_1_ captured 2026-11-24T05:18:43Z (read-only)')).toBe(
      'Snapshot of `build`*box*_1_ captured 24 Nov 2026, 05:18:43 UTC (read-only)',
    );
  });

  it('call the root \\, not an escaped \\\\', () => {
    expect(displayName('\\').text).toBe('\\');
    expect(displayName('a\\b').text).toBe('a\\\\b');
  });
});
