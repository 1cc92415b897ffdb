// npm test's reading of the Playwright run: a missing suite, an empty or failed listing, a
// missing report and a listed test that never reported are all failures.
import { describe, expect, it } from 'vitest';
import { countListedTests, playwrightVerdict, unlistedTests } from '../lib/e2e-verdict.mjs';

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
  it('fails each test that no project of its tag lists, even when every listed test passed', () => {
    const v = playwrightVerdict({ configExists: true, listed: 12, stats: stats(12), exitCode: 0, unlisted: ['a.spec.ts: "x" wants project wine, which does not list it'] });
    expect(v.failed).toBe(1);
    expect(v.problems).toEqual([expect.stringContaining('1 problem(s) with the projects')]);
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

describe('unlistedTests', () => {
  // The shape of `playwright test --list --reporter=json`: the config's projects, and specs
  // carrying their tags without the `@` and one test per project that selected them.
  const KNOWN = { tags: ['@sample', '@share', '@wine'], untagged: 'untagged' };
  const spec = (title: string, tags: string[], projects: string[]) => ({ title, file: 'x.spec.ts', tags, tests: projects.map((projectName) => ({ projectName })) });
  const report = (projects: string[], specs: ReturnType<typeof spec>[]) => ({ config: { projects: projects.map((name) => ({ name })) }, suites: [{ file: 'x.spec.ts', specs }] });
  const ALL = ['sample', 'share', 'wine', 'untagged'];

  it('finds a project removed from the config, though the tests only it ran are gone from the listing too', () => {
    const r = report(['sample', 'share', 'untagged'], [spec('a', ['sample'], ['sample']), spec('b', ['share'], ['share'])]);
    expect(unlistedTests(r, KNOWN)).toEqual(['no project "wine" in the config']);
  });
  it('finds a project that matches no known tag', () => {
    const r = report([...ALL, 'wyne'], [spec('a', ['sample'], ['sample']), spec('b', ['share'], ['share']), spec('c', ['wine'], ['wine'])]);
    expect(unlistedTests(r, KNOWN)).toEqual(['project "wyne" is no known tag (@sample @share @wine)']);
  });
  it('finds a spec whose tag names a project that does not list it (a grep that misses its tag)', () => {
    const r = report(ALL, [spec('a', ['sample'], ['sample']), spec('both', ['share', 'wine'], ['share'])]);
    expect(unlistedTests(r, KNOWN)).toEqual(['x.spec.ts: "both" wants project wine, which does not list it', 'project "wine" lists no test']);
  });
  it('wants an untagged spec in the project that fails it', () => {
    const r = report(ALL, [spec('a', ['sample', 'share', 'wine'], ['sample', 'share', 'wine']), spec('no tag', [], [])]);
    expect(unlistedTests(r, KNOWN)).toEqual(['x.spec.ts: "no tag" wants project untagged, which does not list it']);
  });
  it('finds nothing when every tag has its project and every spec is listed where its tags say', () => {
    const r = report(ALL, [spec('a', ['sample', 'wine'], ['sample', 'wine']), spec('b', ['share'], ['share'])]);
    expect(unlistedTests(r, KNOWN)).toEqual([]);
  });
});
