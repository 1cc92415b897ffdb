// The shared input limits: which regexes may run at all, and what counts as an NT path.
import { describe, expect, it } from 'vitest';
import { ntPath, partialNtPath, regexProblem, REGEX_MAX_LENGTH } from '../src/inputs';

describe('regexProblem', () => {
  it.each(['^Low.*Condition$', '[0-9a-f]{8}-', 'a+b*c?', '(?:ab|cd)', '(ab)?c+', '[(+*)]+', '\\(a+\\)+', '^\\{[0-9A-F-]{36}\\}$'])(
    'lets %s run',
    (p) => expect(regexProblem(p, false)).toBeNull(),
  );

  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(a*)*', /nested quantifiers/],
    ['(a|aa)*b', /nested quantifiers/],
    ['((ab)+c)+', /nested quantifiers/],
    ['(x+x+)+y', /nested quantifiers/],
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['(?<=a)b', /lookbehind/],
    ['(unclosed', /not a valid regular expression/],
    ['a'.repeat(REGEX_MAX_LENGTH + 1), /at most 256 characters/],
    ['(a)'.repeat(21), /at most 20 groups/],
    ['a+'.repeat(31), /at most 30 quantifiers/],
  ])('refuses %s', (p, why) => {
    expect(regexProblem(p, false)).toMatch(why);
  });
});

describe('ntPath', () => {
  it.each(['\\', '\\Device', '\\Sessions\\1\\BaseNamedObjects', '\\Hostile\\a/b', '\\x\\__proto__', '\\nul\u0000inside'])(
    'accepts %j',
    (p) => expect(ntPath.safeParse(p).success).toBe(true),
  );

  it.each(['', 'Device', '\\Device\\', '\\a\\\\b', `\\${'x'.repeat(32_767)}`])('refuses %j', (p) => {
    expect(ntPath.safeParse(p).success).toBe(false);
  });
});

describe('partialNtPath', () => {
  it.each(['\\', '\\Dev', '\\Device\\', '\\Device\\Har'])('accepts %j for completion', (p) => {
    expect(partialNtPath.safeParse(p).success).toBe(true);
  });

  it.each(['Dev', '\\\\x', '\\a\\\\b'])('refuses %j', (p) => {
    expect(partialNtPath.safeParse(p).success).toBe(false);
  });
});
