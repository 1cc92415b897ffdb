#!/usr/bin/env node
// `node scripts/lock.mjs`: makes package-lock.json carry every platform's optional native
// packages (turbo, esbuild, next's swc, tailwind's oxide, lightningcss…), so `npm ci` accepts
// the lock on Linux, macOS and Windows alike.
//
// npm resolves a package's optionalDependencies for all platforms when it first puts that
// package in the lock; when the registry failed to answer for some of them at that moment, the
// lock lacks them for good, and `npm install` on an existing lock does not look again. So this
// finds every locked package whose optional dependencies are absent, drops it (and the packages
// that depend on it, up to a workspace's direct dependency: npm re-resolves only from there)
// from the lock, and lets `npm install --package-lock-only` resolve them afresh. Everything else
// keeps its locked version. Re-runnable: with nothing missing it changes nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOCK = join(ROOT, 'package-lock.json');

/** Where npm would find `dep` for the package at lock key `from` (node_modules lookup upwards). */
function resolveKey(packages, from, dep) {
  let base = from;
  for (;;) {
    const key = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[key]) return key;
    if (!base) return null;
    const i = base.lastIndexOf('/node_modules/');
    base = i === -1 ? '' : base.slice(0, i);
  }
}

export function missingOptional(lock) {
  const packages = lock.packages;
  const out = [];
  for (const [key, pkg] of Object.entries(packages)) {
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      if (!resolveKey(packages, key, dep)) out.push({ key, dep, version: pkg.optionalDependencies[dep] });
    }
  }
  return out;
}

/** `keys` plus every locked package that (transitively) depends on one of them. */
function withDependents(packages, keys) {
  const drop = new Set(keys);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, pkg] of Object.entries(packages)) {
      if (drop.has(key) || !key.includes('node_modules/') || pkg.link) continue;
      const deps = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
      if (Object.keys(deps).some((d) => drop.has(resolveKey(packages, key, d)))) {
        drop.add(key);
        grew = true;
      }
    }
  }
  return drop;
}

function npmLockOnly() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
    { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`npm install --package-lock-only failed (exit ${r.status})`);
}

export function main() {
  for (let round = 1; round <= 3; round++) {
    const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
    const missing = missingOptional(lock);
    if (missing.length === 0) {
      console.error(`objscope lock: every optional platform package is in package-lock.json (${Object.keys(lock.packages).length} entries)`);
      return 0;
    }
    const owners = [...new Set(missing.map((m) => m.key))];
    console.error(`objscope lock: round ${round}: ${missing.length} optional packages missing (${missing.map((m) => `${m.dep}@${m.version}`).join(', ')})`);
    const drop = withDependents(lock.packages, owners);
    console.error(`objscope lock: re-resolving ${[...drop].map((k) => k.replace(/^.*node_modules\//, '')).join(', ')}`);
    for (const key of drop) delete lock.packages[key];
    writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
    npmLockOnly();
  }
  const left = missingOptional(JSON.parse(readFileSync(LOCK, 'utf8')));
  // The registry has no such version: say which, exactly; npm ci then skips them on that platform.
  console.error(`objscope lock: still missing after 3 rounds (not in the registry?): ${left.map((m) => `${m.dep}@${m.version} (for ${m.key})`).join(', ')}`);
  return 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
