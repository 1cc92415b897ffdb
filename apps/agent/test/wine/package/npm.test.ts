// The npm package as someone without the repository meets it: `npm install <tarball>` into an
// empty folder with npm's offline mode and an empty cache (the package must carry everything it
// needs: koffi is bundled in it), then `npx objscope`. On Linux it serves its own UI over a
// snapshot and answers the CLI like the repository's build; under Wine the same installed files
// run live. DuckDB (`fleet`) is its one optional dependency: that install goes without it and
// says so, and an install that reaches the registry gets this platform's binding and runs `fleet`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE, REPO, harness, objscope, prepareWine } from '../support/wine';
import { TARBALL, VERSION, buildPackages, listeningUrl, trpc } from './support';

const SAMPLE = join(REPO, 'apps', 'agent', 'assets', 'sample.objscope.gz');
let work: string;
let installed: string;

/** npm and npx are .cmd scripts on Windows, started only through a shell. */
const shell = process.platform === 'win32';

function npx(args: string[], cwd = work) {
  return spawnSync('npx', ['--no-install', 'objscope', ...args], { cwd, encoding: 'utf8', env: { ...process.env, BROWSER: 'none' }, shell });
}

function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

beforeAll(() => {
  buildPackages({ exe: false });
  work = mkdtempSync(join(tmpdir(), 'objscope-npm-'));
  // An empty cache: npm's own cache may hold DuckDB from the repository's install, which an
  // offline user would not have.
  const r = spawnSync('npm', ['install', '--offline', '--cache', join(work, '.empty-npm-cache'), '--no-audit', '--no-fund', TARBALL], { cwd: work, encoding: 'utf8', shell });
  if (r.status !== 0) throw new Error(`npm install ${TARBALL} failed (exit ${r.status}): ${r.stderr}`);
  installed = join(work, 'node_modules', 'objscope');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm package installed into an empty folder', () => {
  it('installs offline as one package whose only dependency, koffi, travels inside it with its Windows binaries only', () => {
    expect(readdirSync(join(work, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['objscope']);
    // DuckDB is optional and exact: npm leaves it out offline and the install still succeeds.
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
    expect(manifest.optionalDependencies).toEqual({ '@duckdb/node-api': '1.5.6-r.1' });
    const koffi = join(installed, 'node_modules', 'koffi');
    expect(readdirSync(join(koffi, 'build', 'koffi')).sort()).toEqual(['win32_arm64', 'win32_x64']);
    // What makes it small: koffi's own package is 28 MB of every platform's binaries and sources.
    expect(du(installed)).toBeLessThan(10 * 1024 * 1024);
    expect(npx(['--version']).stdout).toBe(`objscope ${VERSION}\n`);
  });

  it('npx objscope --snapshot serves its own UI and the snapshot on 127.0.0.1', async () => {
    const child = spawn('npx', ['--no-install', 'objscope', '--snapshot', SAMPLE, '--port', '0'], {
      cwd: work,
      env: { ...process.env, BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // npx does not pass signals on to the agent it starts: end the whole process group.
      detached: !shell,
      shell,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    try {
      const base = await listeningUrl(() => out, () => (child.exitCode !== null ? `exit ${child.exitCode}: ${err}` : null));
      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html[^>]*>.*_next\/static/s);
      // A file of the UI's own build, served from the package's web/ folder.
      const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await (await fetch(base)).text())?.[1];
      expect(script).toBeDefined();
      expect((await fetch(new URL(script!, base))).status).toBe(200);
      const client = trpc(base);
      expect((await client.source.info.query()).kind).toBe('snapshot');
      const root = await client.namespace.list.query({ path: '\\' });
      const cli = JSON.parse(npx(['ls', '\\', '--snapshot', SAMPLE, '--json']).stdout) as { name: string }[];
      expect(root.ok && root.entries.map((e) => e.name)).toEqual(cli.map((e) => e.name));
    } finally {
      if (shell && child.pid) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
      else if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  });

  it('answers the CLI over a snapshot exactly like the repository build', () => {
    for (const args of [['ls', '\\', '--recursive', '--json'], ['types', '--json'], ['memory', '--json'], ['info', '\\KernelObjects', '--json']]) {
      const withSnap = [...args, '--snapshot', SAMPLE];
      const packaged = npx(withSnap);
      expect(packaged.status, packaged.stderr).toBe(0);
      const repo = spawnSync(process.execPath, [BUNDLE, ...withSnap], { cwd: REPO, encoding: 'utf8' });
      expect(packaged.stdout, args.join(' ')).toBe(repo.stdout);
    }
  });

  it('export-site writes a static site with the UI and the snapshot', () => {
    const site = join(work, 'site');
    const r = npx(['export-site', SAMPLE, site]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(site, 'index.html'))).toBe(true);
    expect(existsSync(join(site, 'snapshot.objscope.gz'))).toBe(true);
    expect(statSync(join(site, 'snapshot.objscope.gz')).size).toBe(statSync(SAMPLE).size);
  });

  it('runs live under Windows Node in Wine from the installed files (its bundled koffi loads)', async () => {
    await prepareWine();
    const bin = harness.toWindowsPath(join(installed, 'bin', 'objscope.mjs'));
    const r = await harness.runNode([bin, 'ls', '\\KernelObjects', '--json'], { cwd: work, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const repo = await objscope(['ls', '\\KernelObjects', '--json']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(repo.stdout));
  });

  it('installed offline (no DuckDB), fleet exits 2 saying what is missing and how to add it; everything else runs', () => {
    const r = npx(['fleet', 'add', join(work, 'store'), SAMPLE]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^objscope: fleet add: the fleet commands need DuckDB's native binding \(@duckdb\/node-api 1\.5\.6-r\.1\).*npm install @duckdb\/node-api@1\.5\.6-r\.1/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(npx(['types', '--snapshot', SAMPLE, '--json']).status).toBe(0);
  });
});

describe('the npm package installed where npm reaches the registry (or its cache)', () => {
  let online: string;
  beforeAll(() => {
    online = mkdtempSync(join(tmpdir(), 'objscope-npm-fleet-'));
    const r = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', TARBALL], { cwd: online, encoding: 'utf8', shell });
    if (r.status !== 0) throw new Error(`npm install ${TARBALL} (with the registry) failed (exit ${r.status}): ${r.stderr}`);
  });
  afterAll(() => {
    if (online) rmSync(online, { recursive: true, force: true });
  });

  it("gets DuckDB's binding for this platform only, and fleet add and find answer exactly like the repository build", () => {
    const duck = readdirSync(join(online, 'node_modules', '@duckdb')).sort();
    expect(duck).toEqual(['node-api', 'node-bindings', `node-bindings-${process.platform}-${process.arch}`]);
    const store = join(online, 'store');
    const repoStore = join(online, 'repo-store');
    const added = npx(['fleet', 'add', store, SAMPLE], online);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toBe('1 added, 0 already in the store, 0 skipped\n');
    expect(spawnSync(process.execPath, [BUNDLE, 'fleet', 'add', repoStore, SAMPLE], { encoding: 'utf8' }).status).toBe(0);
    for (const args of [['*Condition', '--type', 'Event', '--json'], ['*condition']]) {
      const packaged = npx(['fleet', 'find', store, ...args], online);
      expect(packaged.status, packaged.stderr).toBe(0);
      const repo = spawnSync(process.execPath, [BUNDLE, 'fleet', 'find', repoStore, ...args], { encoding: 'utf8' });
      expect(packaged.stdout, args.join(' ')).toBe(repo.stdout);
    }
    const found = JSON.parse(npx(['fleet', 'find', store, 'LowMemoryCondition', '--json'], online).stdout) as { hosts: number; matches: { path: string; type: string }[] };
    expect(found).toMatchObject({ hosts: 1, matches: [{ path: '\\KernelObjects\\LowMemoryCondition', type: 'Event' }] });
  });
});
