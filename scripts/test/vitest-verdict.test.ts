// npm test's count of vitest's files: a test file in git that no project ran is a failure, even
// when every test that did run passed.
import { describe, expect, it } from 'vitest';
import { testFilesNotRun } from '../lib/vitest-verdict.mjs';

const ROOT = '/repo';

describe('testFilesNotRun', () => {
  it('names a file in git that neither project reported (a glob or an exclude missed it)', () => {
    const inGit = ['packages/core/test/diff.test.ts', 'apps/agent/test/wine/ls.test.ts', 'apps/agent/test/cli-read.test.ts'];
    const ran = ['/repo/packages/core/test/diff.test.ts', '/repo/apps/agent/test/cli-read.test.ts'];
    expect(testFilesNotRun(inGit, ran, ROOT)).toEqual(['apps/agent/test/wine/ls.test.ts']);
  });
  it('is empty when the two projects together ran every file', () => {
    const inGit = ['packages/core/test/diff.test.ts', 'apps/agent/test/wine/ls.test.ts'];
    const ran = ['/repo/packages/core/test/diff.test.ts', '/repo/apps/agent/test/wine/ls.test.ts'];
    expect(testFilesNotRun(inGit, ran, `${ROOT}/`)).toEqual([]);
  });
  it('matches a Windows root (backslashes) against the forward slashes vitest reports', () => {
    expect(testFilesNotRun(['packages/core/test/diff.test.ts'], ['C:/repo/packages/core/test/diff.test.ts'], 'C:\\repo')).toEqual([]);
  });
  it('names every file when nothing ran', () => {
    expect(testFilesNotRun(['b.test.ts', 'a.test.ts'], [], ROOT)).toEqual(['a.test.ts', 'b.test.ts']);
  });
});
