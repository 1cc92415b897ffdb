// Shared steps for `npm start`, `npm test`, `npm run bench`: install npm dependencies when
// missing or stale, and build what turbo says is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const BASE_ENV = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
};

/** On Windows npm and npx are .cmd scripts, which Node starts only through a shell (the
 * arguments passed here are plain words, nothing a shell would reinterpret). */
export const SHELL_ON_WINDOWS = process.platform === 'win32';

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: BASE_ENV, shell: SHELL_ON_WINDOWS, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function must(cmd, args, opts) {
  const code = sh(cmd, args, opts);
  if (code !== 0) {
    console.error(`objscope: \`${cmd} ${args.join(' ')}\` failed (exit ${code})`);
    process.exit(code || 1);
  }
}

/**
 * Installs npm dependencies: `npm ci` on a fresh clone (exactly the committed lock, which carries
 * every platform's optional packages: see scripts/lock.mjs), `npm install` when package-lock.json
 * is newer than node_modules (a pull brought new dependencies; quicker than reinstalling all).
 */
export function ensureNodeModules() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (!existsSync(join(ROOT, 'node_modules'))) {
    console.error('objscope: installing npm dependencies (npm ci)');
    must('npm', ['ci', '--no-audit', '--no-fund']);
    return;
  }
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('objscope: updating npm dependencies');
  must('npm', ['install', '--no-audit', '--no-fund']);
}

export function buildAll() {
  must('npx', ['--no-install', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}
