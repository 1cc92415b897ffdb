#!/usr/bin/env node
// `npm test`: the whole suite on a clean clone. Installs what it needs (npm packages, Debian's
// wine64 / mingw-w64 / chromium / ffmpeg), builds, then runs the unit tests, the Wine
// integration tests and the Playwright end-to-end suite, and prints one closing count line.
// Every step fails closed: a missing suite, a report that is not written, or a test listed
// but never reported is a failure, never a quiet pass (README, "Tests").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_ENV, ROOT, SHELL_ON_WINDOWS, buildAll, ensureNodeModules, must } from './lib/workspace.mjs';
import { ensureSystemPackages } from '../tools/system.mjs';
import { countListedTests, playwrightVerdict, unlistedTests } from './lib/e2e-verdict.mjs';
import { testFilesNotRun } from './lib/vitest-verdict.mjs';
import { TEST_WINE_VERSIONS, setupWineVersions, stopWineVersions, wineVersionEnv } from './lib/wine-versions.mjs';

const started = Date.now();
ensureNodeModules();
ensureSystemPackages();
must('npx', ['--no-install', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
// The .mjs scripts and tools are typechecked too (checkJs), then ESLint with type information.
must('npx', ['--no-install', 'tsc', '-p', 'tsconfig.scripts.json']);
// The Wine test support both the agent's tests and e2e import (strict TypeScript, no package).
must('npx', ['--no-install', 'tsc', '-p', 'tools/testing/tsconfig.json']);
// The benches' Windows-side halves (bench/win/*.ts, strict).
must('npx', ['--no-install', 'tsc', '-p', 'bench/win/tsconfig.json']);
// No --cache: ESLint caches per file, but type-aware rules depend on other files too, so a
// cached verdict can be stale in either direction.
must('npx', ['--no-install', 'eslint', '--max-warnings', '0', '.']);
// Dead code: an export nothing imports, or a file nothing reaches (knip.jsonc says what runs).
must('npx', ['--no-install', 'knip']);
// The arrows between the rooms (docs/architecture.md): an import that runs the wrong way fails.
must('npm', ['run', '--silent', 'arrows']);
buildAll();
// The Wine harness: Windows Node, the prefix, the native helper programs. On Windows the live
// tests run on the real kernel: only the helper programs are built (with the compiler on PATH).
if (process.platform === 'win32') must('node', ['tools/native/build.mjs']);
else {
  // Each Wine's wineserver goes when the run ends, failed or not.
  process.on('exit', stopWineVersions);
  setupWineVersions();
}

const resultsDir = join(ROOT, '.cache', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
/** @type {string[]} */
const failedSuites = [];
/** Every test file the vitest projects reported, to hold against the test files in git. */
/** @type {string[]} */
const vitestFilesRan = [];

/** Seconds each phase took, printed at the end: what each Wine version adds to the suite (issue 21). */
/** @type {string[]} */
const phaseTimes = [];

function vitest(project, { label = project, env = BASE_ENV } = {}) {
  const out = join(resultsDir, `vitest-${label}.json`);
  const t0 = Date.now();
  const r = spawnSync('npx', ['--no-install', 'vitest', 'run', '--project', project,
    '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { cwd: ROOT, stdio: 'inherit', env, shell: SHELL_ON_WINDOWS });
  phaseTimes.push(`vitest ${label} ${Math.round((Date.now() - t0) / 1000)}s`);
  if (!existsSync(out)) {
    failedSuites.push(`vitest ${label} (no report, exit ${r.status})`);
    totals.failed += 1;
    return;
  }
  const j = JSON.parse(readFileSync(out, 'utf8'));
  vitestFilesRan.push(...j.testResults.map((/** @type {{ name: string }} */ f) => f.name));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  // A file that failed to load has no tests in the counts: count it as a failure.
  const broken = j.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
  totals.failed += broken.length;
  if (r.status !== 0 || j.numFailedTests > 0 || broken.length) failedSuites.push(`vitest ${label}`);
}

const E2E_CONFIG = join(ROOT, 'e2e', 'playwright.config.ts');

/** The e2e project tags, from the one list the config and the fixtures use. */
async function projectTags() {
  // Loaded here, not at the top: import-ts needs esbuild, which a clean clone has only after
  // ensureNodeModules() above has installed it.
  const { importTs } = await import('./lib/import-ts.mjs');
  const { PROJECT_TAGS, UNTAGGED_PROJECT } = await importTs(ROOT, "export * from './e2e/support/tags.ts';");
  return { tags: /** @type {string[]} */ (PROJECT_TAGS), untagged: /** @type {string} */ (UNTAGGED_PROJECT) };
}

/**
 * How many tests Playwright means to run, summed over every project (`--list`), and the tagged
 * tests no project lists; null if it cannot say.
 */
async function listedPlaywrightTests() {
  const r = spawnSync('npx', ['--no-install', 'playwright', 'test', '-c', 'e2e/playwright.config.ts', '--list', '--reporter=json'],
    { cwd: ROOT, env: BASE_ENV, encoding: 'utf8', maxBuffer: 64 << 20, shell: SHELL_ON_WINDOWS });
  if (r.status !== 0) {
    process.stderr.write(r.stderr ?? '');
    return null;
  }
  const report = JSON.parse(r.stdout);
  return { count: countListedTests(report), unlisted: unlistedTests(report, await projectTags()) };
}

async function playwright() {
  const out = join(resultsDir, 'playwright.json');
  const configExists = existsSync(E2E_CONFIG);
  const listing = configExists ? await listedPlaywrightTests() : null;
  const listed = listing?.count ?? null;
  let stats = null;
  let exitCode = null;
  if (listed) {
    const r = spawnSync('npx', ['--no-install', 'playwright', 'test', '-c', 'e2e/playwright.config.ts'],
      { cwd: ROOT, stdio: 'inherit', env: { ...BASE_ENV, PLAYWRIGHT_JSON_OUTPUT_NAME: out }, shell: SHELL_ON_WINDOWS });
    exitCode = r.status;
    if (existsSync(out)) stats = JSON.parse(readFileSync(out, 'utf8')).stats;
  }
  const v = playwrightVerdict({ configExists, listed, stats, exitCode, unlisted: listing?.unlisted ?? [] });
  totals.passed += v.passed;
  totals.failed += v.failed;
  totals.skipped += v.skipped;
  failedSuites.push(...v.problems);
}

vitest('unit');
// The Wine specs once per Wine version (on Windows once, against the real kernel).
if (process.platform === 'win32') vitest('wine');
else for (const v of TEST_WINE_VERSIONS) vitest('wine', { label: `wine-${v}`, env: wineVersionEnv(v) });
// A test file no project's globs found never ran and never failed: count each as a failure.
const inGit = spawnSync('git', ['ls-files', '--', '*.test.ts'], { cwd: ROOT, encoding: 'utf8' });
const notRun = inGit.status === 0 ? testFilesNotRun(inGit.stdout.split('\n').filter(Boolean), vitestFilesRan, ROOT) : ['(git ls-files failed)'];
if (notRun.length) {
  failedSuites.push(`vitest (${notRun.length} test file(s) in git that no project ran: ${notRun.join(', ')})`);
  totals.failed += notRun.length;
}
const e2eStarted = Date.now();
await playwright();
phaseTimes.push(`playwright ${Math.round((Date.now() - e2eStarted) / 1000)}s`);

const secs = Math.round((Date.now() - started) / 1000);
if (failedSuites.length) console.error(`objscope: failing: ${failedSuites.join(', ')}`);
// Skipped tests count as failures in this project (see the README, "Tests").
if (totals.skipped > 0) console.error(`objscope: ${totals.skipped} skipped test(s) count as failures`);
console.log(`objscope: suite took ${secs}s (${phaseTimes.join(', ')}; the rest is install, checks and builds)`);
console.log(`objscope: ${totals.passed} passed, ${totals.failed + totals.skipped} failed`);
process.exit(totals.failed + totals.skipped > 0 || failedSuites.length ? 1 : 0);
