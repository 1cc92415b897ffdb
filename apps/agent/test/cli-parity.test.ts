// The CLI does what the UI does where there is no live source: the UI shows the bundled sample
// (labelled as such), so the read commands read it too and say so in one line on stderr, and
// --sample asks for it anywhere. The top-level help names every option a command takes. Runs
// the built bundle off Windows (npm test builds first); on Windows these commands are live.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
const SAMPLE = join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz');
const NOTE = `objscope: no live source on ${process.platform}: reading the bundled sample snapshot (--wine for the live Wine namespace, --snapshot FILE for another)\n`;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(process.platform !== 'win32')('with no live source, the read commands read the bundled sample, as the UI does', () => {
  const reads: string[][] = [['ls', '\\KernelObjects', '--json'], ['ls', '\\'], ['info', '\\KernelObjects\\LowMemoryCondition', '--json'], ['types', '--json'], ['memory'], ['zombies', '--json']];
  for (const args of reads) {
    it(`${args.join(' ')}: the sample's answer on stdout, one line on stderr saying so`, () => {
      const r = run(args);
      const fromSample = run([...args, '--snapshot', SAMPLE]);
      expect(fromSample.code).toBe(0);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(fromSample.stdout);
      expect(r.stderr).toBe(NOTE);
    });
  }

  it('a bad option is still the one line it is everywhere, without the note', () => {
    const r = run(['ls', '\\', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^objscope: ls: Unknown option '--bogus'[^\n]*\n$/);
  });

  it('--sample asks for the sample without the note, before or after the command', () => {
    const expected = run(['ls', '\\KernelObjects', '--json', '--snapshot', SAMPLE]).stdout;
    for (const args of [['--sample', 'ls', '\\KernelObjects', '--json'], ['ls', '\\KernelObjects', '--sample', '--json']]) {
      const r = run(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected);
    }
  });

  it('the live-only commands still say how to get a live source, and refuse --sample in one line', () => {
    const live = run(['snapshot', '-o', join(ROOT, 'never-written.gz')]);
    expect(live.code).toBe(2);
    expect(live.stderr).toBe('objscope: live NT access needs Windows; use --wine or --snapshot FILE\n');
    const sampled = run(['--sample', 'snapshot', '-o', join(ROOT, 'never-written.gz')]);
    expect(sampled.code).toBe(2);
    expect(sampled.stderr).toBe('objscope: --sample is for the read commands (ls, info, types, memory, zombies, handles, access) and the agent, not snapshot\n');
  });

  it('--sample with --snapshot is one line and exit 2, for a command and for the agent', () => {
    for (const [args, flag] of [[['ls', '\\', '--sample', '--snapshot', SAMPLE], 'snapshot'], [['--sample', '--snapshot', SAMPLE], 'snapshot'], [['--sample', '--share', SAMPLE, '--host', '127.0.0.1'], 'share']] as const) {
      const r = run([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`objscope: --sample and --${flag} are exclusive\n`);
    }
  });
});

describe('the top-level help', () => {
  it('names every option of every command it lists', () => {
    const top = run(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['serve', 'ls', 'info', 'types', 'memory', 'zombies', 'handles', 'snapshot', 'export-site']));
    const missing: string[] = [];
    for (const c of commands) {
      const h = run([c, '--help']);
      for (const [option] of `${h.stdout}${h.stderr}`.matchAll(/(?<![\w-])(?:--[a-z][a-z-]*|-[a-z])(?![\w-])/g)) {
        if (!top.stdout.includes(option)) missing.push(`${c} ${option}`);
      }
    }
    expect(missing).toEqual([]);
    // The global ones too, and the agent's port rule as it now is.
    for (const option of ['--wine', '--sample', '--port', '--host', '--share', '--handles', '--no-open', '--version', '--help']) expect(top.stdout).toContain(option);
  });
});
