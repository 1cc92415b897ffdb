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
 * Tests that no project runs. The projects must be one per known tag plus the one that fails
 * untagged tests: a project removed from the config takes the tests only it ran out of the
 * listing itself, so counting the listing cannot see them (102 listed became 82, exit 0).
 * Each tag of a spec names the project that runs it (the fixtures refuse any other tag), so a
 * spec tagged `@wine` that no `wine` project lists is lost too (a grep that misses its tag), and
 * so is every test of a project that lists none.
 * @param {{ config?: { projects?: { name: string }[] }, suites?: any[] }} report  `playwright test --list --reporter=json`
 * @param {{ tags: readonly string[], untagged: string }} known  e2e/support/tags.ts
 * @returns {string[]}  one line per problem; each counts as one failed test
 */
export function unlistedTests(report, known) {
  const wantedProjects = [...known.tags.map((t) => t.replace(/^@/, '')), known.untagged];
  const projects = (report.config?.projects ?? []).map((p) => p.name);
  /** @type {string[]} */
  const lines = [];
  for (const p of wantedProjects) if (!projects.includes(p)) lines.push(`no project "${p}" in the config`);
  for (const p of projects) if (!wantedProjects.includes(p)) lines.push(`project "${p}" is no known tag (${known.tags.join(' ')})`);
  /** @type {Map<string, number>} */
  const perProject = new Map();
  /** @param {any} suite */
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      const listedIn = new Set(spec.tests.map((/** @type {{ projectName: string }} */ t) => t.projectName));
      for (const p of listedIn) perProject.set(p, (perProject.get(p) ?? 0) + 1);
      /** @type {string[]} */
      const wanted = spec.tags.length ? spec.tags : [known.untagged];
      for (const tag of wanted) {
        if (!listedIn.has(tag)) lines.push(`${spec.file ?? suite.file}: "${spec.title}" wants project ${tag}, which does not list it`);
      }
    }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of report.suites ?? []) walk(s);
  // The untagged project lists nothing in a healthy suite; every tag's project lists something.
  for (const p of projects) if (p !== known.untagged && wantedProjects.includes(p) && !perProject.get(p)) lines.push(`project "${p}" lists no test`);
  return lines;
}

/**
 * @param {{ configExists: boolean, listed: number | null, stats: { expected: number, unexpected: number, skipped: number, flaky?: number } | null, exitCode: number | null, unlisted?: string[] }} run
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
  // A test no project lists never runs, so the counts above cannot see it: each problem fails.
  const unlisted = run.unlisted ?? [];
  if (unlisted.length) {
    v.problems.push(`playwright (${unlisted.length} problem(s) with the projects: ${unlisted.slice(0, 3).join('; ')}${unlisted.length > 3 ? '; …' : ''})`);
    v.failed += unlisted.length;
  }
  if (run.exitCode !== 0 && !v.problems.length) v.problems.push('playwright');
  return v;
}
