// The base of the ui bench's cold-page ratio (issue 22 item 9): the web UI and agent of an older
// commit, built once into the project's cache and kept by commit hash, so the cold page of
// today's UI can be timed alternately with the base's in the same run, on the same machine load.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The commit of the last ui figures measured on a quiet machine (bench-results of 7ea5b7c,
 * 2026-11-24: cold page 445 ms), before the Compare, Fleet, Access and Zombies views grew the
 * page; issue 22 measured today's page 34% slower than this base on one machine.
 */
export const UI_BASE_COMMIT = '7ea5b7c68c52e915c9a1d229067be232624e6872';

function run(cmd, args, cwd, log) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed with ${r.status}: ${(r.stderr || r.stdout || '').slice(-2000)}`);
  log?.(`  ${args.slice(0, 3).join(' ')}: done`);
  return r.stdout;
}

/**
 * Builds the base commit's web UI and agent under .cache/objscope/ui-base/<full hash> unless a
 * finished build is there; returns its root. The tree comes from `git archive` (no worktree
 * registered in the repository) and its node_modules is a hard-linked copy of today's: the base's
 * runtime dependencies are the same exact versions (next 16.4.6, react 19.3.1, zod 4.6.7, tRPC
 * 11.22.1), while its own workspace packages resolve to its own sources through relative links.
 */
export function prepareBase(root, log, commit = UI_BASE_COMMIT) {
  const hash = run('git', ['rev-parse', '--verify', `${commit}^{commit}`], root).trim();
  const dir = join(root, '.cache', 'objscope', 'ui-base', hash);
  const ready = join(dir, '.objscope-built');
  if (existsSync(ready)) return { dir, hash, built: false };
  log(`building the base ${hash.slice(0, 10)} once into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, '..', `${hash}.tar`);
  run('git', ['archive', '--format=tar', `--output=${tar}`, hash], root);
  run('tar', ['-xf', tar, '-C', dir], root);
  rmSync(tar, { force: true });
  run('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')], root);
  run(process.execPath, [join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], join(dir, 'apps', 'web'), log);
  run(process.execPath, ['build.mjs'], join(dir, 'apps', 'agent'), log);
  writeFileSync(ready, `${new Date().toISOString()}\n`);
  return { dir, hash, built: true };
}

/** The scripts a cold load of the built page starts with (its index.html), and their bytes. */
export function firstLoadScripts(webRoot) {
  const html = readFileSync(join(webRoot, 'apps', 'web', 'out', 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)].filter((m) => !/\bnoModule\b|\bnomodule\b/.test(m[0])).map((m) => m[1]);
  const files = [...new Set(srcs)].map((src) => ({ src, bytes: statSync(join(webRoot, 'apps', 'web', 'out', src.split('?')[0])).size }));
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0) };
}
