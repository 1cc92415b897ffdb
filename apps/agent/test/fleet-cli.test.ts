// `objscope fleet` as users run it (the built bundle, a real store on disk, DuckDB's native
// binding): exit codes, the JSON shapes docs/fleet.md promises, quiet output when piped, and
// refusals as one line on stderr. The questions' exact answers are specified in
// packages/fleet/test/fleet.test.ts; this file is about the command around them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSnapshot } from '@objscope/core';
import { generateFleet, MALWARE_NAME, type GeneratedHost } from '@objscope/fleet/testing';
import { formatAddProgress } from '../src/commands/fleet';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');

let dir: string;
let store: string;
let hosts: GeneratedHost[];

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BUNDLE, 'fleet', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'objscope-fleet-cli-'));
  store = join(dir, 'store');
  const sample = decodeSnapshot(new Uint8Array(readFileSync(join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz'))));
  if (!sample.ok) throw new Error(sample.error);
  hosts = generateFleet(sample.snapshot, { dir: join(dir, 'snaps'), hosts: 8 });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('objscope fleet add', () => {
  it('adds every file, prints one summary line and, piped, no progress', () => {
    const r = run('add', store, ...hosts.map((h) => h.files[0]!));
    expect(r).toMatchObject({ code: 0, stdout: '8 added, 0 already in the store, 0 skipped\n', stderr: '' });
  });

  it('a second add of the same files changes nothing', () => {
    expect(run('add', store, ...hosts.map((h) => h.files[0]!))).toMatchObject({ code: 0, stdout: '0 added, 8 already in the store, 0 skipped\n' });
  });

  it('a corrupt file is named on stderr and skipped, the exit code says so, and the good file still goes in', () => {
    const bad = join(dir, 'bad.objscope.gz');
    writeFileSync(bad, 'not a snapshot');
    const r = run('add', join(dir, 'store2'), bad, hosts[0]!.files[0]!);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^objscope: skipped ${bad.replaceAll('/', '\\/')}: snapshot rejected`));
    expect(r.stdout).toBe('1 added, 0 already in the store, 1 skipped\n');
  });

  it('--host with several files is a usage error', () => {
    expect(run('add', store, '--host', 'X', hosts[0]!.files[0]!, hosts[1]!.files[0]!)).toMatchObject({ code: 2, stdout: '' });
  });

  it('progress says files, rate and time left', () => {
    expect(formatAddProgress({ done: 120, total: 1000, file: 'x' }, 10_000)).toBe('fleet add: 120/1000 files, 12.0/s, about 74 s left');
    expect(formatAddProgress({ done: 0, total: 5, file: 'x' }, 0)).toBe('fleet add: 0/5 files, 0.0/s');
  });
});

describe('objscope fleet questions', () => {
  it('find --json gives {hosts, total, matches: [{host, capturedAt, path, type}]}', () => {
    const r = run('find', store, MALWARE_NAME.toLowerCase(), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { hosts: number; matches: Record<string, unknown>[] };
    const want = hosts.filter((h) => h.malware);
    expect(j.hosts).toBe(want.length);
    expect(j.matches.map((m) => Object.keys(m))).toEqual(want.map(() => ['host', 'capturedAt', 'path', 'type']));
    expect(j.matches.map((m) => m.host)).toEqual(want.map((h) => h.name));
  });

  it('drift --json counts missing and extra per host', () => {
    const r = run('drift', store, '--baseline', hosts[0]!.name, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { hosts: { host: string; missing: number; extra: number }[] };
    expect(j.hosts.map((h) => h.host)).toEqual(hosts.slice(1).map((h) => h.name));
  });

  it('zombies prints a ranked table', () => {
    const r = run('zombies', store);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Host\s+Zombies\s+Processes\s+Threads\s+Top holder\s+Captured$/);
  });

  it.each([
    [['sql', 'STORE', "COPY (SELECT 1) TO '/tmp/objscope-fleet-cli.csv'"], /^objscope: fleet sql: (only SELECT|Permission Error)/],
    [['sql', 'STORE', "SELECT * FROM read_csv('/etc/passwd')"], /^objscope: fleet sql: Permission Error: Cannot access file/],
    [['find', 'STORE', '(', '--regex'], /^objscope: fleet find: /],
    [['drift', 'STORE', '--baseline', '<b>nope</b>'], /^objscope: fleet drift: no snapshot of baseline host "<b>nope<\/b>"/],
    [['find', 'STORE', 'x', '--at', 'yesterday-ish'], /^objscope: --at takes a date/],
    [['zombies', 'STORE', '--regex'], /^objscope: fleet zombies does not take --regex/],
  ])('%j is refused with exit 2 and one clear line', (args, message) => {
    const r = run(...args.map((a) => (a === 'STORE' ? store : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a directory that is not a store is a clear error', () => {
    const r = run('find', dir, 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no fleet store/);
  });
});

describe('objscope without DuckDB', () => {
  it('a bundle with no @duckdb/node-api beside it still starts, and fleet says plainly what is missing', () => {
    // The npm package installed offline has no DuckDB (an optional dependency, README,
    // "Fleet"): a copy of the bundle outside the repository resolves no node_modules, like it.
    const alone = mkdtempSync(join(tmpdir(), 'objscope-no-duckdb-'));
    try {
      copyFileSync(BUNDLE, join(alone, 'objscope.mjs'));
      const version = spawnSync(process.execPath, [join(alone, 'objscope.mjs'), '--version'], { encoding: 'utf8' });
      expect(version.stdout).toBe('objscope 0.1.0\n');
      const r = spawnSync(process.execPath, [join(alone, 'objscope.mjs'), 'fleet', 'find', store, 'x'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^objscope: fleet find: the fleet commands need DuckDB's native binding \(@duckdb\/node-api 1\.5\.6-r\.1\)/);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
