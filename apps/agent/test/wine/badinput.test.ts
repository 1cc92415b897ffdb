// Bad input to `objscope --wine ls`: one clear line on stderr, nothing on stdout, exit code 2.
import { beforeAll, describe, expect, it } from 'vitest';
import { objscope, prepareWine } from './support/wine';

const cases: [string, string][] = [
  ['a path without a leading \\', 'BaseNamedObjects'],
  ['an empty segment', '\\BaseNamedObjects\\\\x'],
  ['a trailing \\ (an empty last segment)', '\\BaseNamedObjects\\'],
  ['a path over 32,767 characters', `\\${'a'.repeat(32_768)}`],
  ['a directory that does not exist', `\\BaseNamedObjects\\objscope-no-such-directory-${process.pid}`],
];

describe('objscope ls with bad input under Wine', () => {
  beforeAll(async () => {
    await prepareWine();
  });

  it.each(cases)('refuses %s with exit 2 and one line on stderr', async (_what, path) => {
    for (const args of [['ls', path, '--json'], ['ls', path, '--recursive']]) {
      const r = await objscope(args);
      expect(r.code, `${args[0]} ${args.slice(2).join(' ')}`).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr.slice(0, 300)).toHaveLength(1);
      expect(lines[0]!.length).toBeGreaterThan(10);
      // One line means one line: the 32K path is not echoed back whole.
      expect(lines[0]!.length).toBeLessThan(400);
    }
  });

  it('names the missing directory\'s status', async () => {
    const r = await objscope(['ls', `\\BaseNamedObjects\\objscope-no-such-directory-${process.pid}`, '--json']);
    expect(r.stderr).toMatch(/STATUS_OBJECT_NAME_NOT_FOUND|STATUS_OBJECT_PATH_NOT_FOUND/);
  });
});
