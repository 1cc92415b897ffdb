#!/usr/bin/env node
// `npm start` on a fresh clone: install npm dependencies if missing, build what turbo says is
// stale, then run the agent with the arguments given (`npm start -- --wine`, `-- --snapshot F`).
// The agent prints the URL it listens on; with --wine the Wine harness is provisioned first
// (Windows Node, prefix, wineserver) so the first run does not look hung.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BASE_ENV, ROOT, buildAll, ensureNodeModules } from './lib/workspace.mjs';

const args = process.argv.slice(2);
ensureNodeModules();
buildAll();

if (args.includes('--wine') && process.platform !== 'win32') {
  console.error('objscope: preparing Wine (Windows Node, prefix, wineserver)');
  const harness = await import('../tools/wine/harness.mjs');
  harness.ensureRuntime();
}

const child = spawn(process.execPath, [join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs'), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env: BASE_ENV,
});
for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
