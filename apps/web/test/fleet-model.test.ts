// The Fleet view's pure parts: the hosts x matches grouping, the exports (hostile names round
// trip, formulas neutralised), where a click opens the explorer, and the bars' scale.
import { describe, expect, test } from 'vitest';
import { findCsv, matchRows, splitPath, zombiesCsv } from '../src/components/fleet/model';
import { barLength } from '../src/lib/types';

const m = (host: string, path: string) => ({ host, capturedAt: '2026-11-02T00:00:00.000Z', path, type: 'Mutant' });

describe('hosts x matches', () => {
  test('a host shows once, on its first match, with how many of the listed matches are its own', () => {
    const rows = matchRows([m('A', '\\x\\1'), m('A', '\\x\\2'), m('__proto__', '\\x\\1')]);
    expect(rows.map((r) => [r.host, r.first, r.hostMatches])).toEqual([
      ['A', true, 2],
      ['A', false, 2],
      ['__proto__', true, 1],
    ]);
  });
});

describe('exports', () => {
  test('CSV keeps hostile names exactly and defuses a name a spreadsheet would run', () => {
    const csv = findCsv({ hosts: 2, total: 2, matches: [m('=HYPERLINK("x")', '\\a,b'), m('<b>\u{1F600}</b>', '\\q"uote')] });
    expect(csv.split('\r\n')).toEqual(['host,capturedAt,path,type', `"'=HYPERLINK(""x"")",2026-11-02T00:00:00.000Z,"\\a,b",Mutant`, `<b>\u{1F600}</b>,2026-11-02T00:00:00.000Z,"\\q""uote",Mutant`, '']);
  });

  test('zombies CSV says a host without a scan is not recorded rather than zero', () => {
    const csv = zombiesCsv([{ host: 'H', capturedAt: 't', recorded: false, processes: 0, threads: 0, total: 0, topHolder: null, topHolderCount: 0 }]);
    expect(csv.split('\r\n')[1]).toBe('H,t,false,0,0,0,,0');
  });
});

describe('where a click opens the explorer', () => {
  test.each([
    ['\\', { dir: '\\', name: null }],
    ['\\BaseNamedObjects', { dir: '\\', name: 'BaseNamedObjects' }],
    ['\\BaseNamedObjects\\XYZ-Mutex-7c1f', { dir: '\\BaseNamedObjects', name: 'XYZ-Mutex-7c1f' }],
    ['\\A\\na/me..\0', { dir: '\\A', name: 'na/me..\0' }],
  ])('%s', (path, want) => {
    expect(splitPath(path)).toEqual(want);
  });
});

describe('bar lengths', () => {
  test('square-root scale: the longest fills the bar, one of 2,000 is still visible, none is no bar', () => {
    expect(barLength(2000, 2000, 'sqrt', 260, 2)).toBe(260);
    expect(barLength(1, 2000, 'sqrt', 260, 2)).toBeGreaterThanOrEqual(2);
    expect(barLength(500, 2000, 'sqrt', 260, 2)).toBeCloseTo(130);
    expect(barLength(0, 2000, 'sqrt', 260, 2)).toBe(0);
  });

  test('the holders\' linear scale in percent: the largest fills its cell, a small one keeps half a percent', () => {
    expect(barLength(40, 40, 'linear', 100, 0.5)).toBe(100);
    expect(barLength(1, 1000, 'linear', 100, 0.5)).toBe(0.5);
    expect(barLength(10, 40, 'linear', 100, 0.5)).toBe(25);
  });
});
