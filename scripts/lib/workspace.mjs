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

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: BASE_ENV, ...opts });
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
 * Installs npm dependencies on a fresh clone, or when package-lock.json is newer than
 * node_modules. `npm install`, not `npm ci`: the registry reachable here lacks some of turbo's
 * optional per-platform packages (@turbo/darwin-64 and others answer 404), so no lock file can
 * list them and `npm ci` refuses the lock as out of sync; `npm install` skips missing optional
 * packages and still installs the locked versions of everything else.
 */
export function ensureNodeModules() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('objscope: installing npm dependencies');
  must('npm', ['install', '--no-audit', '--no-fund']);
}

export function buildAll() {
  must('npx', ['--no-install', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}
