// Where the agent's files are, from either the bundle (apps/agent/dist/objscope.mjs) or the
// TypeScript sources (apps/agent/src/server/*.ts under vitest). Works under Windows Node in
// Wine too, where import.meta.url is a Z: drive URL.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** apps/agent: the first ancestor of this module holding build.mjs and package.json. */
export function agentRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'build.mjs')) && existsSync(join(dir, 'package.json'))) return (cached = dir);
    dir = dirname(dir);
  }
  throw new Error('cannot locate the agent folder');
}

/** The static UI export: OBJSCOPE_WEB_DIR, else apps/web/out. */
export function webRoot(): string {
  return process.env.OBJSCOPE_WEB_DIR ? resolve(process.env.OBJSCOPE_WEB_DIR) : join(agentRoot(), '..', 'web', 'out');
}

export function sampleSnapshotPath(): string {
  return join(agentRoot(), 'assets', 'sample.objscope.gz');
}
