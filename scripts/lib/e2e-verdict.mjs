// What `npm test` concludes from the Playwright run, as pure functions (unit-tested in
// scripts/test/e2e-verdict.test.ts): every way the e2e suite could fail to run is a failure.

/**
 * Tests in a `playwright test --list --reporter=json` report, summed over every project (a test
 * tagged for two projects counts twice, as it runs twice).
 * @param {{ suites?: any[] }} report
 * @returns {number}
 */
export function countListedTests(report) {
  let n = 0;
  /** @param {any} suite */
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) n += spec.tests.length;
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of report.suites ?? []) walk(s);
  return n;
}

/**
 * @param {{ configExists: boolean, listed: number | null, stats: { expected: number, unexpected: number, skipped: number, flaky?: number } | null, exitCode: number | null }} run
 * @returns {{ passed: number, failed: number, skipped: number, problems: string[] }}
 */
export function playwrightVerdict(run) {
  if (!run.configExists) return { passed: 0, failed: 1, skipped: 0, problems: ['playwright (e2e/playwright.config.ts is missing)'] };
  if (!run.listed) return { passed: 0, failed: 1, skipped: 0, problems: ['playwright (listing the tests failed or found none)'] };
  if (!run.stats) return { passed: 0, failed: 1, skipped: 0, problems: [`playwright (no report, exit ${run.exitCode})`] };
  const s = run.stats;
  const v = { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected, skipped: s.skipped, problems: /** @type {string[]} */ ([]) };
  // A listed test that never reported (an interrupted run, a lost worker) is a failure too.
  const reported = v.passed + v.failed + v.skipped;
  if (reported !== run.listed) {
    v.problems.push(`playwright (${run.listed} tests listed across projects, ${reported} reported)`);
    v.failed += Math.max(1, run.listed - reported);
  }
  if (run.exitCode !== 0 && !v.problems.length) v.problems.push('playwright');
  return v;
}
