#!/usr/bin/env node
// Builds every tools/native/*.c into <cache>/native/<name>.exe with Debian's mingw-w64 (on
// Windows: the mingw gcc or clang on PATH), only when the source (or a shared header) is newer
// than the program. `node tools/native/build.mjs`
// or `buildNative()` from the Wine harness.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
export const CC = 'x86_64-w64-mingw32-gcc';

/** On Windows, what to install when no compiler is found (no apt there). */
export const WINDOWS_COMPILER_HELP =
  'no C compiler for the Windows helper programs on PATH: install MinGW-w64 gcc (MSYS2: `pacman -S mingw-w64-ucrt-x86_64-gcc`, ' +
  'or `winget install BrechtSanders.WinLibs.POSIX.UCRT`) or LLVM clang with the MinGW target (llvm-mingw), and put its bin folder on PATH';

/**
 * The compiler and the flags that make it produce a Windows x64 program: Debian's mingw-w64
 * cross compiler off Windows; on Windows whichever of mingw gcc, gcc or clang (MinGW target)
 * answers on PATH.
 */
export function compiler() {
  if (process.platform !== 'win32') return { cc: CC, flags: [] };
  const candidates = [
    { cc: 'x86_64-w64-mingw32-gcc', flags: [] },
    { cc: 'gcc', flags: [] },
    { cc: 'clang', flags: ['--target=x86_64-w64-windows-gnu'] },
  ];
  for (const c of candidates) {
    const r = spawnSync(c.cc, ['--version'], { stdio: 'ignore', shell: false });
    if (!r.error && r.status === 0) return c;
  }
  throw new Error(WINDOWS_COMPILER_HELP);
}
// Every helper gets the same import libraries: cheap, and a new helper needs no build change.
const LIBS = ['-lntdll', '-ladvapi32', '-lpsapi', '-lws2_32'];

function defaultOutDir() {
  const cache = process.env.OBJSCOPE_CACHE ? resolve(process.env.OBJSCOPE_CACHE) : join(ROOT, '.cache', 'objscope');
  return join(cache, 'native');
}

/** @returns {{ built: string[], upToDate: string[], outDir: string }} */
export function buildNative({ outDir = defaultOutDir(), force = false } = {}) {
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(HERE);
  const headers = files.filter((f) => f.endsWith('.h')).map((f) => statSync(join(HERE, f)).mtimeMs);
  const newestHeader = Math.max(0, ...headers);
  const result = { built: [], upToDate: [], outDir };
  let cc = null;
  for (const file of files.filter((f) => f.endsWith('.c')).sort()) {
    const src = join(HERE, file);
    const exe = join(outDir, `${basename(file, '.c')}.exe`);
    const inputs = Math.max(statSync(src).mtimeMs, newestHeader);
    if (!force && existsSync(exe) && statSync(exe).mtimeMs >= inputs) {
      result.upToDate.push(exe);
      continue;
    }
    cc ??= compiler();
    const r = spawnSync(cc.cc, [...cc.flags, '-O2', '-Wall', '-o', exe, src, ...LIBS], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.error) throw new Error(`${cc.cc} not found (${process.platform === 'win32' ? WINDOWS_COMPILER_HELP : 'install gcc-mingw-w64-x86-64'}): ${r.error.message}`);
    if (r.status !== 0) throw new Error(`${cc.cc} failed on tools/native/${file} (exit ${r.status})`);
    result.built.push(exe);
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = buildNative({ force: process.argv.includes('--force') });
    for (const exe of r.built) console.error(`built ${exe}`);
    console.error(`native: ${r.built.length} built, ${r.upToDate.length} up to date in ${r.outDir}`);
  } catch (e) {
    console.error(`native build: ${e.message}`);
    process.exit(1);
  }
}
