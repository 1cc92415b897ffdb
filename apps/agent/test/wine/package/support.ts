// Shared by the packaged-artefact specs: build them (scripts/package.mjs is a no-op when its
// inputs did not change), read an agent's URL from its output, and talk to it as the UI does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppRouter } from '@objscope/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { loadSnapshotFile } from '../../../src/snapshot-file';
import { REPO } from '../support/wine';

const DIST = join(REPO, 'dist');
export const EXE = join(DIST, 'objscope.exe');
export const VERSION = (JSON.parse(readFileSync(join(REPO, 'apps', 'agent', 'package.json'), 'utf8')) as { version: string }).version;
export const TARBALL = join(DIST, `objscope-${VERSION}.tgz`);

/** `npm run package` without the turbo build (the suite built already); `exe: false` skips the
 * .exe, whose injection takes a while, when only the tarball is wanted. */
export function buildPackages(opts: { exe?: boolean } = {}): void {
  const args = [join(REPO, 'scripts', 'package.mjs'), '--no-build', ...(opts.exe === false ? ['--no-exe'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, OBJSCOPE_QUIET: '1' } });
  if (r.status !== 0) throw new Error(`scripts/package.mjs failed (exit ${r.status}): ${r.stderr}`);
  for (const f of opts.exe === false ? [TARBALL] : [TARBALL, EXE]) if (!existsSync(f)) throw new Error(`scripts/package.mjs did not write ${f}`);
}

/** Polls `read()` (an agent's stdout so far) for its "listening on URL" line. */
export async function listeningUrl(read: () => string, alive: () => string | null, timeoutMs = 90_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(read());
    if (m) return m[1]!;
    const dead = alive();
    if (dead) throw new Error(`the agent stopped before listening: ${dead}`);
    if (Date.now() > until) throw new Error(`no "listening on" line after ${timeoutMs} ms; output: ${read().slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function trpc(base: string) {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}trpc`, transformer: superjson, methodOverride: 'POST' })] });
}

/** A snapshot's objects as path -> "type -> target", read by the agent's own loader. */
export function snapshotObjects(file: string): Map<string, string> {
  const r = loadSnapshotFile(file);
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  const out = new Map<string, string>();
  const walk = (node: typeof r.snapshot.root, path: string): void => {
    for (const c of node.children ?? []) {
      const p = path === '\\' ? `\\${c.name}` : `${path}\\${c.name}`;
      out.set(p, `${c.type} -> ${c.target ?? ''}`);
      walk(c, p);
    }
  };
  walk(r.snapshot.root, '\\');
  return out;
}
