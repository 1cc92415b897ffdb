// LiveSource's pure parts (the search predicate) and its behaviour off Windows: it is only
// constructed on win32 (sources.ts), and importing it must not load the NT layer's native side.
import { describe, expect, it } from 'vitest';
import { makeMatcher } from '../src/live-source';

describe('LiveSource search predicate', () => {
  it('substring is case-insensitive unless asked otherwise', () => {
    expect(makeMatcher({ text: 'memory', mode: 'substring', limit: 10 })('LowMemoryCondition')).toBe(true);
    expect(makeMatcher({ text: 'memory', mode: 'substring', caseSensitive: true, limit: 10 })('LowMemoryCondition')).toBe(false);
  });

  it('exact compares whole names, NUL included', () => {
    const m = makeMatcher({ text: 'nul\u0000inside', mode: 'exact', limit: 10 });
    expect(m('nul\u0000inside')).toBe(true);
    expect(m('nul')).toBe(false);
  });

  it('regex matches with the u flag; an invalid pattern matches nothing instead of throwing', () => {
    expect(makeMatcher({ text: '^[0-9a-f]{8}-', mode: 'regex', limit: 10 })('DEADBEEF-1234')).toBe(true);
    expect(makeMatcher({ text: '😀', mode: 'regex', limit: 10 })('emoji 😀')).toBe(true);
    expect(makeMatcher({ text: '([', mode: 'regex', limit: 10 })('([')).toBe(false);
  });
});

describe('live search regexes', () => {
  // Which engine runs, not how fast: a backtracking engine accepts backreferences and
  // lookaround, a linear-time (RE2) engine refuses them, so these can only pass on RE2.
  it('runs on a linear-time engine: constructs that need backtracking match nothing', () => {
    expect(new RegExp('^(a)\\1$').test('aa')).toBe(true);
    expect(makeMatcher({ text: '^(a)\\1$', mode: 'regex', limit: 10 })('aa')).toBe(false);
    expect(new RegExp('^a(?=b)').test('ab')).toBe(true);
    expect(makeMatcher({ text: '^a(?=b)', mode: 'regex', limit: 10 })('ab')).toBe(false);
  });

  it('answers a catastrophic-backtracking pattern correctly', () => {
    const m = makeMatcher({ text: '(a+)+$', mode: 'regex', limit: 10 });
    // 40 a's then a mismatch: ~2^40 steps for a backtracking engine, linear for RE2.
    expect(m(`${'a'.repeat(40)}!`)).toBe(false);
    expect(m(`${'a'.repeat(40)}`)).toBe(true);
  });
});
