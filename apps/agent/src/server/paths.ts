// Where the agent's files are, from either the bundle (apps/agent/dist/objscope.mjs) or the
// TypeScript sources (apps/agent/src/server/*.ts under vitest), or the packaged agent (the npm
// package and objscope.exe's unpacked folder: dist/, assets/, web/ side by side; see
// scripts/package.mjs). Works under Windows Node in Wine too, where import.meta.url is a Z: URL.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** apps/agent (or the package root): the first ancestor of this module holding package.json and
 * assets/. */
export function agentRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'assets')) && existsSync(join(dir, 'package.json'))) return (cached = dir);
    dir = dirname(dir);
  }
  throw new Error('cannot locate the agent folder');
}

/** The static UI export: OBJSCOPE_WEB_DIR, else the packaged web/, else apps/web/out. */
export function webRoot(): string {
  if (process.env.OBJSCOPE_WEB_DIR) return resolve(process.env.OBJSCOPE_WEB_DIR);
  const packaged = join(agentRoot(), 'web');
  return existsSync(join(packaged, 'index.html')) ? packaged : join(agentRoot(), '..', 'web', 'out');
}

export function sampleSnapshotPath(): string {
  return join(agentRoot(), 'assets', 'sample.objscope.gz');
}
