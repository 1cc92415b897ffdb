// The entry of objscope.exe (a Node single-executable application, built by scripts/package.mjs).
// Node 20 runs a SEA's main script as CommonJS whose `require` sees only built-in modules, and
// it cannot `import()` files; koffi is a native addon that must be a file on disk for
// LoadLibrary. So the executable carries the npm package's files (the agent bundle, the zombie
// worker, the UI, koffi's win32_x64 binary, DuckDB's win32-x64 binding for `fleet`) as one
// brotli-compressed asset, unpacks them once per build into a per-user cache folder (checked
// against the payload's SHA-256 as it is unpacked), and starts the very same bundle `npx objscope` runs:
// one code path for the CLI, the worker and koffi's loader instead of a SEA-only variant.
import { getAsset, isSea } from 'node:sea';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { ensureUnpacked, UnpackError, type PayloadFile } from './unpack';

function cacheBase(): string {
  const override = process.env.OBJSCOPE_EXE_CACHE;
  if (override) return resolve(override);
  // %LOCALAPPDATA% survives reboots (the temp folder is cleaned), and it is per user.
  const local = process.env.LOCALAPPDATA;
  return join(local ? local : tmpdir(), 'objscope');
}

function fail(message: string): void {
  // One line, like every other start-up failure of the CLI.
  process.stderr.write(`objscope: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exitCode = 1;
}

function main(): void {
  if (!isSea()) throw new Error('sea-main runs only inside objscope.exe');
  let dir: string;
  try {
    // The build's name and its file list are small separate assets: a start whose folder passes
    // the check decompresses nothing.
    dir = ensureUnpacked(cacheBase(), {
      id: getAsset('build-id.txt', 'utf8').trim(),
      files: JSON.parse(getAsset('files.json', 'utf8')) as PayloadFile[],
      payload: () => brotliDecompressSync(Buffer.from(getAsset('payload.br'))),
      sha256: getAsset('payload.sha256', 'utf8').trim(),
    });
  } catch (e) {
    fail(e instanceof UnpackError ? e.message : `cannot unpack the program files into ${cacheBase()}: ${(e as Error).message}`);
    return;
  }
  // A require() from the disk (not the SEA's built-ins-only one) loads boot.cjs, which imports
  // the ESM bundle with the ordinary loader; process.argv is [exe, exe, ...args] in a SEA, so the
  // CLI reads its arguments from argv.slice(2) as under `node objscope.mjs`.
  try {
    createRequire(join(dir, 'package.json'))(join(dir, 'boot.cjs'));
  } catch (e) {
    // Files of the right size with the wrong bytes pass the cheap check; say where they are.
    fail(`cannot start from ${dir} (${(e as Error).message}); delete that folder and start again`);
  }
}

main();
