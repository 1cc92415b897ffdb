// The read commands (ls, info, types, memory) as users run them, over `--snapshot FILE` so they
// run on Linux: the JSON contract, hostile names, bad input and exit codes. The same commands
// against the live namespace are specified in test/wine/. Needs `npm run build` (npm test
// builds first): this runs the bundle users run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareNames, encodeSnapshot, type Snapshot, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { appRouter, createCallerFactory, createContext } from '@objscope/api';
import { SnapshotSource } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');

const DENIED = { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' };
const HOSTILE = ['nul\u0000inside', '__proto__', 'constructor', 'a/b', '<img src=x onerror=alert(1)>', 'emoji 😀🧪', 'x'.repeat(240), 'trailing space ', '..', 'line\nbreak\ttab', 'lone \ud800 surrogate'];

const leaf = (name: string, type: string, target: string | null = null): SnapshotNode => ({ name, type, target, error: null });
const dir = (name: string, children: SnapshotNode[]): SnapshotNode => ({ name, type: 'Directory', target: null, error: null, children });

/** A small namespace: nested directories, links, a denied directory and every hostile name. */
function fixture(): Snapshot {
  const base = synthesizeSnapshot({ objects: 50, seed: 11 });
  const root = dir('\\', [
    dir('BaseNamedObjects', [
      dir('test', [
        leaf('event', 'Event'),
        leaf('link', 'SymbolicLink', '\\BaseNamedObjects\\test\\event'),
        { name: 'denied', type: 'Directory', target: null, error: DENIED },
        dir('nested', [dir('deeper', [leaf('mutant', 'Mutant')]), leaf('semaphore', 'Semaphore')]),
        dir('hostile', HOSTILE.map((n) => leaf(n, 'Event'))),
      ]),
    ]),
    dir('KernelObjects', [leaf('LowMemoryCondition', 'Event')]),
    leaf('DosDevices', 'SymbolicLink', '\\??'),
    leaf('__wine_user_shared_data', 'Section'),
  ]);
  return {
    ...base,
    meta: { ...base.meta, objectCount: 30 },
    root,
    types: [
      { name: 'Directory', index: 3, objects: 7, handles: 2, peakObjects: 8, peakHandles: 3 },
      { name: 'Event', index: 10, objects: 13, handles: 12, peakObjects: 14, peakHandles: 13 },
    ],
    memory: [
      { name: 'LowMemoryCondition', path: '\\KernelObjects\\LowMemoryCondition', kind: 'event', signaled: true, error: null },
      { name: 'MemoryErrors', path: '\\KernelObjects\\MemoryErrors', kind: 'absent', signaled: null, error: null },
    ],
  };
}

let tmp: string;
let file: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'objscope-cli-read-'));
  file = join(tmp, 'fixture.objscope.gz');
  writeFileSync(file, encodeSnapshot(fixture()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = <T>(args: string[]): T => {
  const r = run(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

type Listed = { path: string; name: string; type: string; target: string | null; error: { status: number; name: string } | null };

describe('objscope ls --json --snapshot', () => {
  it('prints one element per object with exactly path, name, type, target, error (in that order), sorted by name', () => {
    const got = json<Listed[]>(['ls', '\\BaseNamedObjects\\test', '--json', '--snapshot', file]);
    expect(got).toEqual([
      { path: '\\BaseNamedObjects\\test\\denied', name: 'denied', type: 'Directory', target: null, error: DENIED },
      { path: '\\BaseNamedObjects\\test\\event', name: 'event', type: 'Event', target: null, error: null },
      { path: '\\BaseNamedObjects\\test\\hostile', name: 'hostile', type: 'Directory', target: null, error: null },
      { path: '\\BaseNamedObjects\\test\\link', name: 'link', type: 'SymbolicLink', target: '\\BaseNamedObjects\\test\\event', error: null },
      { path: '\\BaseNamedObjects\\test\\nested', name: 'nested', type: 'Directory', target: null, error: null },
    ]);
    for (const e of got) expect(Object.keys(e)).toEqual(['path', 'name', 'type', 'target', 'error']);
  });

  it('keeps every hostile name exact (NUL, __proto__, a/b, HTML, emoji, 240 characters, trailing space, lone surrogate)', () => {
    const r = run(['ls', '\\BaseNamedObjects\\test\\hostile', '--json', '--snapshot', file]);
    expect(r.code).toBe(0);
    // A lone surrogate cannot survive UTF-8 output, so JSON.stringify escapes it; parse to compare.
    const got = JSON.parse(r.stdout) as Listed[];
    expect(got.map((e) => e.name).sort()).toEqual([...HOSTILE].sort());
    for (const e of got) expect(e.path).toBe(`\\BaseNamedObjects\\test\\hostile\\${e.name}`);
    expect(r.stdout).toContain('\\ud800');
  });

  it('lists in the same order as the API (and so the UI): WinObj order, `_` before letters', async () => {
    const cli = json<Listed[]>(['ls', '\\', '--json', '--snapshot', file]).map((e) => e.name);
    const caller = createCallerFactory(appRouter)(createContext({ source: new SnapshotSource(fixture(), { kind: 'snapshot' }) }));
    const api = await caller.namespace.list({ path: '\\' });
    expect(api.ok).toBe(true);
    expect(cli).toEqual(['__wine_user_shared_data', 'BaseNamedObjects', 'DosDevices', 'KernelObjects']);
    expect(api.ok && api.entries.map((e) => e.name)).toEqual(cli);
  });

  it('--recursive lists pre-order (each entry, then its subtree) and reports a denied directory in its own entry', () => {
    const got = json<Listed[]>(['ls', '\\BaseNamedObjects\\test', '--recursive', '--json', '--snapshot', file]);
    const t = '\\BaseNamedObjects\\test';
    expect(got.map((e) => e.path)).toEqual([
      `${t}\\denied`,
      `${t}\\event`,
      `${t}\\hostile`,
      ...[...HOSTILE].sort(compareNames).map((n) => `${t}\\hostile\\${n}`),
      `${t}\\link`,
      `${t}\\nested`,
      `${t}\\nested\\deeper`,
      `${t}\\nested\\deeper\\mutant`,
      `${t}\\nested\\semaphore`,
    ]);
    expect(got.find((e) => e.name === 'denied')!.error).toEqual(DENIED);
  });

  it('lists the root with paths joined by a single backslash', () => {
    const got = json<Listed[]>(['ls', '\\', '--json', '--snapshot', file]);
    expect(got.map((e) => e.path)).toEqual(['\\__wine_user_shared_data', '\\BaseNamedObjects', '\\DosDevices', '\\KernelObjects']);
  });
});

describe('objscope ls (human output)', () => {
  it('aligns columns, shows link targets, makes control characters visible and uses no colour off a terminal', () => {
    const r = run(['ls', '\\BaseNamedObjects\\test\\hostile', '--snapshot', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b[');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Name\s+Type\s+Target \/ details$/);
    // The 240-character name is cut at the column's 64 so it cannot widen every row.
    expect(lines).toContain(`${'nul\\0inside'.padEnd(64)}  Event`);
    expect(lines).toContain(`${'x'.repeat(63)}…  Event`);
    expect(r.stdout).toContain('line\\x0abreak\\x09tab');
    // Every row starts the Type column at the same offset.
    const at = lines[0]!.indexOf('Type');
    for (const l of lines.slice(1)) expect(l.slice(at, at + 5)).toBe('Event');
  });

  it('shows a link as an arrow to its target, backslashes intact', () => {
    const r = run(['ls', '\\BaseNamedObjects\\test', '--snapshot', file]);
    expect(r.stdout).toMatch(/^link\s+SymbolicLink\s+-> \\BaseNamedObjects\\test\\event$/m);
    expect(r.stdout).toMatch(/^denied\s+Directory\s+! STATUS_ACCESS_DENIED \(0xC0000022\)$/m);
  });
});

describe('bad input: one line on stderr, exit code 2, nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    ['a path without a leading backslash', ['ls', 'BaseNamedObjects'], /must start with \\/],
    ['an empty segment', ['ls', '\\BaseNamedObjects\\\\test'], /empty segment/],
    ['a trailing backslash', ['ls', '\\BaseNamedObjects\\'], /empty segment/],
    ['a path over 32,767 characters', ['ls', `\\${'x'.repeat(32767)}`], /limit is 32767/],
    ['a directory that does not exist', ['ls', '\\NoSuchDirectory'], /STATUS_OBJECT_NAME_NOT_FOUND \(0xC0000034\)/],
    ['listing something that is not a directory', ['ls', '\\BaseNamedObjects\\test\\event'], /0xC0000024/],
    ['info on a missing object', ['info', '\\BaseNamedObjects\\nope'], /STATUS_OBJECT_NAME_NOT_FOUND/],
    ['an unknown flag', ['ls', '\\', '--bogus'], /Unknown option '--bogus'/],
    ['a missing snapshot file', ['ls', '\\', '--snapshot', '/nonexistent/x.gz'], /no such snapshot file/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const needsFile = !args.includes('--snapshot');
      const r = run(needsFile ? [...args, '--snapshot', file] : args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('a corrupt snapshot file is refused with the loader message', () => {
    const bad = join(tmp, 'bad.gz');
    writeFileSync(bad, 'not gzip at all');
    const r = run(['types', '--snapshot', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^objscope: .*bad\.gz: /);
  });

  it('live-only commands off Windows without --wine say how to get there (the read commands read the sample: cli-parity.test.ts)', () => {
    for (const args of [['snapshot', '-o', join(tmp, 'x.gz')], ['bench-walk']]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('objscope: live NT access needs Windows; use --wine or --snapshot FILE\n');
    }
  });

  it('an unknown command', () => {
    const r = run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe('types, memory and info read the snapshot with the live JSON shapes', () => {
  it('types --json', () => {
    expect(json(['types', '--json', '--snapshot', file])).toEqual(fixture().types);
  });

  it('memory --json', () => {
    expect(json(['memory', '--json', '--snapshot', file])).toEqual(fixture().memory);
  });

  it('memory as a table', () => {
    const r = run(['memory', '--snapshot', file]);
    expect(r.stdout).toMatch(/^LowMemoryCondition\s+Event\s+signaled$/m);
    expect(r.stdout).toMatch(/^MemoryErrors\s+absent\s+-$/m);
  });

  it('info --json on a symbolic link gives its target and resolution chain', () => {
    const d = json<{ path: string; type: string; link: { target: string; chain: { final: string; loop: boolean } } }>([
      'info',
      '\\BaseNamedObjects\\test\\link',
      '--json',
      '--snapshot',
      file,
    ]);
    expect(d.path).toBe('\\BaseNamedObjects\\test\\link');
    expect(d.type).toBe('SymbolicLink');
    expect(d.link.target).toBe('\\BaseNamedObjects\\test\\event');
    expect(d.link.chain.final).toBe('\\BaseNamedObjects\\test\\event');
    expect(d.link.chain.loop).toBe(false);
  });
});

describe('the command registry', () => {
  it('--help lists the user commands and hides bench-walk', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'ls', 'info', 'types', 'memory', 'zombies', 'snapshot', 'export-site']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).not.toMatch(/bench-walk/);
  });
});
