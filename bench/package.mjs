// The packaged artefacts (npm run package): objscope.exe's start-up to its first answered
// request under Wine, warm (its files already unpacked) and cold (a fresh unpack folder), against
// `objscope --wine` (the repository's bundle on the harness's Windows Node) in the same run; and
// the sizes a user downloads and installs. DuckDB (the fleet commands) travels inside the .exe
// and is an optional dependency of the npm package: its first query's cost (loading duckdb.dll)
// against the same .exe's `--version`, and the install with and without it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { freePort } from '../scripts/lib/net.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as harness from '../tools/wine/harness.mjs';

export const title = 'Packaged objscope (objscope.exe start-up under Wine, sizes)';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MB = 1024 * 1024;

/** Milliseconds from `started` until source.info on `port` answers 200. */
async function firstAnswer(port, started, alive, timeoutMs = 120_000) {
  const url = `http://127.0.0.1:${port}/trpc/source.info`;
  for (;;) {
    try {
      const res = await fetch(url, { headers: { 'sec-fetch-site': 'same-origin' } });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    const dead = alive();
    if (dead) throw new Error(dead);
    if (performance.now() - started > timeoutMs) throw new Error(`no answer on port ${port} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function timeExe(exe, env) {
  const port = await freePort();
  const started = performance.now();
  const proc = harness.spawnExe(exe, ['--port', String(port)], { env: { BROWSER: 'none', ...env } });
  try {
    return await firstAnswer(port, started, () => (proc.child.exitCode !== null ? `objscope.exe exited ${proc.child.exitCode}: ${proc.readStderr()}` : null));
  } finally {
    await proc.kill();
    proc.cleanup();
  }
}

async function timeWineCli(bundle, root) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [bundle, '--wine', '--port', String(port), '--no-open'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, OBJSCOPE_QUIET: '1', BROWSER: 'none' },
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    return await firstAnswer(port, started, () => (child.exitCode !== null ? `objscope --wine exited ${child.exitCode}` : null));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Milliseconds for one objscope.exe command run to its end (files already unpacked). */
async function timeExeCommand(exe, args) {
  const started = performance.now();
  const r = await harness.runExe(exe, args, { env: {}, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`objscope.exe ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
  return performance.now() - started;
}

function npmInstall(tgz, cwd, args) {
  const r = spawnSync('npm', ['install', ...args, '--no-audit', '--no-fund', tgz], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install ${args.join(' ')} ${tgz} failed: ${r.stderr.trim().slice(0, 300)}`);
  return du(join(cwd, 'node_modules'));
}

function du(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

export async function run({ runs, log, root }) {
  const pkg = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--no-build'], { cwd: root, encoding: 'utf8', env: { ...process.env, OBJSCOPE_QUIET: '1' } });
  if (pkg.status !== 0) throw new Error(`npm run package failed: ${pkg.stderr.trim().slice(0, 300)}`);
  const { exePath, tarballPath } = await import('../scripts/package.mjs');
  const exe = exePath();
  const tgz = tarballPath();
  const bundle = join(root, 'apps', 'agent', 'dist', 'objscope.mjs');
  harness.ensureRuntime();

  const install = mkdtempSync(join(tmpdir(), 'objscope-bench-npm-'));
  const online = mkdtempSync(join(tmpdir(), 'objscope-bench-npm-'));
  const cold = mkdtempSync(join(tmpdir(), 'objscope-bench-unpack-'));
  let installed;
  let withDuckdb;
  try {
    // Offline with an empty cache (what a machine with no registry gets: no DuckDB), then with
    // the registry (npm adds this platform's DuckDB binding).
    installed = npmInstall(tgz, install, ['--offline', '--cache', join(install, '.empty-cache')]);
    withDuckdb = npmInstall(tgz, online, ['--prefer-offline']);

    // One start to unpack into the user's folder, so "warm" is what every later start costs.
    await timeExe(exe, {});
    const warm = [];
    const coldRuns = [];
    const wine = [];
    for (let i = 0; i < runs; i++) {
      wine.push(await timeWineCli(bundle, root));
      warm.push(await timeExe(exe, {}));
      const folder = join(cold, `run-${i}`);
      coldRuns.push(await timeExe(exe, { OBJSCOPE_EXE_CACHE: harness.toWindowsPath(folder) }));
      log(`run ${i + 1}/${runs}: objscope --wine ${wine.at(-1).toFixed(0)} ms, objscope.exe ${warm.at(-1).toFixed(0)} ms warm, ${coldRuns.at(-1).toFixed(0)} ms unpacking`);
    }
    if (!existsSync(join(cold, 'run-0'))) throw new Error('the cold runs did not unpack where OBJSCOPE_EXE_CACHE said');
    const store = harness.toWindowsPath(join(cold, 'store'));
    await timeExeCommand(exe, ['fleet', 'add', store, harness.toWindowsPath(join(root, 'apps', 'agent', 'assets', 'sample.objscope.gz'))]);
    const version = [];
    const find = [];
    for (let i = 0; i < runs; i++) {
      version.push(await timeExeCommand(exe, ['--version']));
      find.push(await timeExeCommand(exe, ['fleet', 'find', store, '*Condition', '--json']));
      log(`run ${i + 1}/${runs}: objscope.exe --version ${version.at(-1).toFixed(0)} ms, fleet find ${find.at(-1).toFixed(0)} ms`);
    }
    return {
      metrics: [
        { name: 'objscope.exe start-up to first answered request, live under Wine (files unpacked)', unit: 'ms', runs: warm,
          baseline: { name: 'objscope --wine (repository bundle on the Windows Node)', runs: wine } },
        { name: 'objscope.exe first start (unpacks its files) to first answered request, under Wine', unit: 'ms', runs: coldRuns,
          baseline: { name: 'objscope --wine', runs: wine } },
        { name: 'objscope.exe fleet find on a one-host store (DuckDB loads), run to its end under Wine', unit: 'ms', runs: find,
          baseline: { name: 'objscope.exe --version (same .exe, files unpacked)', runs: version } },
        { name: 'objscope.exe size', unit: 'MB', runs: [statSync(exe).size / MB] },
        { name: 'npm package download (objscope-<version>.tgz)', unit: 'MB', runs: [statSync(tgz).size / MB] },
        { name: 'npm package installed offline (node_modules; no DuckDB)', unit: 'MB', runs: [installed / MB] },
        { name: 'npm package installed with the registry (node_modules; DuckDB for this platform)', unit: 'MB', runs: [withDuckdb / MB] },
      ],
      notes: [
        'Start-up is measured from spawning the process to the first 200 answer of source.info on 127.0.0.1; objscope --wine includes the Linux Node that launches Wine, the .exe is launched by wine64 directly.',
        "The .exe is the Windows Node 20 binary with the SEA blob injected; the payload is ~11 MB brotli, 10 MB of it DuckDB's win32-x64 binding (duckdb.dll 37 MB unpacked).",
      ],
    };
  } finally {
    rmSync(install, { recursive: true, force: true });
    rmSync(online, { recursive: true, force: true });
    rmSync(cold, { recursive: true, force: true });
  }
}
