// System packages the suite needs, installed from Debian when missing (CI is a fresh machine,
// running as root). Idempotent: checks each binary before touching apt. On Windows there is no
// apt and no Wine to install: the live tests run on the real kernel, and what they need from the
// machine (a C compiler for the helper programs, Chrome or Edge for Playwright) is checked, and
// when missing named exactly, never installed behind the user's back.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGES = [
  { bin: '/usr/lib/wine/wine64', pkg: 'wine64', why: 'runs the Windows build of Node for the NT layer' },
  { bin: '/usr/bin/x86_64-w64-mingw32-gcc', pkg: 'gcc-mingw-w64-x86-64', why: 'builds the Windows test helper and the native walker' },
  { bin: '/usr/bin/chromium', pkg: 'chromium', why: 'the browser Playwright drives' },
  { bin: '/usr/bin/ffmpeg', pkg: 'ffmpeg', why: 'video for the demo tours' },
  { bin: '/usr/bin/mmdebstrap', pkg: 'mmdebstrap', why: 'makes the Debian trixie chroot that holds Wine 10' },
];

function missingSystemPackages(wanted = PACKAGES.map((p) => p.pkg)) {
  return PACKAGES.filter((p) => wanted.includes(p.pkg) && !existsSync(p.bin));
}

let updated = false;
export function ensureSystemPackages(wanted) {
  if (process.platform === 'win32') return ensureWindowsPrerequisites(wanted);
  const missing = missingSystemPackages(wanted);
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  if (process.platform !== 'linux') throw new Error(`missing ${names.join(', ')}; install them first`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : ['sudo'];
  console.error(`objscope: installing ${names.join(', ')} from Debian (${missing.map((p) => p.why).join('; ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    run([...sudo, 'apt-get', 'update', '-qq'], env);
    updated = true;
  }
  run([...sudo, 'apt-get', 'install', '-y', '-qq', ...names], env);
  const still = missingSystemPackages(names);
  if (still.length) throw new Error(`apt-get did not provide ${still.map((p) => p.bin).join(', ')}`);
}

function run(argv, env) {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed with exit code ${r.status}`);
}

/** Chrome or Edge where their installers put them, or null. */
export function findWindowsBrowser(env = process.env) {
  const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
  const apps = [join('Google', 'Chrome', 'Application', 'chrome.exe'), join('Microsoft', 'Edge', 'Application', 'msedge.exe')];
  for (const app of apps) for (const root of roots) if (existsSync(join(root, app))) return join(root, app);
  return null;
}

function ensureWindowsPrerequisites(wanted = PACKAGES.map((p) => p.pkg)) {
  const problems = [];
  if (wanted.includes('chromium') && !findWindowsBrowser()) {
    problems.push('no Chrome or Edge for Playwright: install Google Chrome or Microsoft Edge');
  }
  if (wanted.includes('ffmpeg') && !hasWindowsCommand('ffmpeg')) {
    problems.push('no ffmpeg on PATH for the demo videos: `winget install Gyan.FFmpeg`');
  }
  // gcc-mingw-w64 stands for "a C compiler for Windows programs": tools/native/build.mjs finds
  // one on PATH when it builds, or says exactly what to install. wine64 has no Windows meaning.
  if (problems.length) throw new Error(problems.join('; '));
}

function hasWindowsCommand(cmd) {
  return spawnSync('where', [cmd], { stdio: 'ignore' }).status === 0;
}
