// The entry of objscope.exe (a Node single-executable application, built by scripts/package.mjs).
// Node 20 runs a SEA's main script as CommonJS whose `require` sees only built-in modules, and
// it cannot `import()` files; koffi is a native addon that must be a file on disk for
// LoadLibrary. So the executable carries the npm package's files (the agent bundle, the zombie
// worker, the UI, koffi's win32_x64 binary) as one brotli-compressed asset, unpacks them once
// per build into a per-user cache folder, and starts the very same bundle `npx objscope` runs:
// one code path for the CLI, the worker and koffi's loader instead of a SEA-only variant.
import { getAsset, isSea } from 'node:sea';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/** The payload's layout, written by scripts/package.mjs: a 4-byte little-endian header length,
 * the JSON header, then every file's bytes in header order. The folder is named by the asset
 * build-id.txt (version and content hash), so a rebuilt .exe never reuses another build's files. */
interface PayloadHeader {
  files: { path: string; size: number }[];
}

function cacheBase(): string {
  const override = process.env.OBJSCOPE_EXE_CACHE;
  if (override) return resolve(override);
  // %LOCALAPPDATA% survives reboots (the temp folder is cleaned), and it is per user.
  const local = process.env.LOCALAPPDATA;
  return join(local ? local : tmpdir(), 'objscope');
}

function unpack(payload: Buffer, into: string): void {
  const headerLength = payload.readUInt32LE(0);
  const header = JSON.parse(payload.toString('utf8', 4, 4 + headerLength)) as PayloadHeader;
  let at = 4 + headerLength;
  for (const f of header.files) {
    const target = resolve(into, f.path);
    // The payload is ours, but a path escaping the folder would still be a bug worth a stop.
    if (!target.startsWith(resolve(into) + sep)) throw new Error(`payload path ${JSON.stringify(f.path)} leaves the folder`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, payload.subarray(at, at + f.size));
    at += f.size;
  }
}

/** The folder holding this build's files, unpacked on first use. Two copies starting at once
 * each unpack into a private folder and rename it into place; the loser uses the winner's. */
function ensureUnpacked(): string {
  // The build's name is a separate small asset: a start with the files already unpacked
  // decompresses nothing.
  const base = cacheBase();
  const dir = join(base, getAsset('build-id.txt', 'utf8').trim());
  if (existsSync(join(dir, 'package.json'))) return dir;
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(join(base, '.unpack-'));
  try {
    unpack(brotliDecompressSync(Buffer.from(getAsset('payload.br'))), work);
    try {
      renameSync(work, dir);
    } catch (e) {
      if (!existsSync(join(dir, 'package.json'))) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

function main(): void {
  if (!isSea()) throw new Error('sea-main runs only inside objscope.exe');
  let dir: string;
  try {
    dir = ensureUnpacked();
  } catch (e) {
    process.stderr.write(`objscope: cannot unpack the program files into ${cacheBase()}: ${(e as Error).message}\n` +
      'objscope: set OBJSCOPE_EXE_CACHE to a writable folder\n');
    process.exitCode = 1;
    return;
  }
  // A require() from the disk (not the SEA's built-ins-only one) loads boot.cjs, which imports
  // the ESM bundle with the ordinary loader; process.argv is [exe, exe, ...args] in a SEA, so the
  // CLI reads its arguments from argv.slice(2) as under `node objscope.mjs`.
  createRequire(join(dir, 'package.json'))(join(dir, 'boot.cjs'));
}

main();
