// npm test's reading of the Playwright run: a missing suite, an empty or failed listing, a
// missing report and a listed test that never reported are all failures.
import { describe, expect, it } from 'vitest';
import { countListedTests, playwrightVerdict } from '../lib/e2e-verdict.mjs';

const stats = (expected: number, unexpected = 0, skipped = 0) => ({ expected, unexpected, skipped, flaky: 0 });

describe('playwrightVerdict', () => {
  it('fails when e2e/playwright.config.ts is missing', () => {
    expect(playwrightVerdict({ configExists: false, listed: null, stats: null, exitCode: null })).toMatchObject({ failed: 1, problems: [expect.stringContaining('is missing')] });
  });
  it('fails when nothing was listed or there is no report', () => {
    expect(playwrightVerdict({ configExists: true, listed: 0, stats: null, exitCode: 1 }).failed).toBe(1);
    expect(playwrightVerdict({ configExists: true, listed: 10, stats: null, exitCode: 1 }).problems).toEqual(['playwright (no report, exit 1)']);
  });
  it('fails when fewer tests reported than were listed across projects', () => {
    const v = playwrightVerdict({ configExists: true, listed: 12, stats: stats(10), exitCode: 0 });
    expect(v).toEqual({ passed: 10, failed: 2, skipped: 0, problems: ['playwright (12 tests listed across projects, 10 reported)'] });
  });
  it('passes only when every listed test passed', () => {
    expect(playwrightVerdict({ configExists: true, listed: 12, stats: stats(12), exitCode: 0 })).toEqual({ passed: 12, failed: 0, skipped: 0, problems: [] });
    expect(playwrightVerdict({ configExists: true, listed: 12, stats: stats(11, 0, 1), exitCode: 0 }).skipped).toBe(1);
  });
});

describe('countListedTests', () => {
  it('counts each test of each spec, nested suites included (one per project)', () => {
    const report = {
      suites: [
        { specs: [{ tests: [{}, {}] }], suites: [{ specs: [{ tests: [{}] }, { tests: [{}, {}, {}] }] }] },
        { specs: [] },
      ],
    };
    expect(countListedTests(report)).toBe(6);
    expect(countListedTests({ suites: [] })).toBe(0);
  });
});
