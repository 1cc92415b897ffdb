// What `npm test` concludes from the vitest runs, as a pure function (unit-tested in
// scripts/test/vitest-verdict.test.ts): vitest reports only the files its globs found, so a
// test file that a glob or an exclude misses would never run and never count as failing.

/**
 * Test files in git that no vitest project ran.
 * @param {readonly string[]} inGit  `git ls-files` paths of test files, relative to the root
 * @param {readonly string[]} ran  file names from the vitest JSON reports (absolute paths)
 * @param {string} root  the repository root, absolute
 * @returns {string[]}  the paths, relative and sorted
 */
export function testFilesNotRun(inGit, ran, root) {
  // On Windows the root is C:\… while vitest names files C:/…: compare with forward slashes.
  const slashed = (/** @type {string} */ p) => p.replaceAll('\\', '/');
  const prefix = slashed(root).endsWith('/') ? slashed(root) : `${slashed(root)}/`;
  const seen = new Set(ran.map(slashed).map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : f)));
  return inGit.filter((f) => !seen.has(f)).sort();
}
