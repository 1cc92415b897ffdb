// Browser and video provisioning for the e2e suite and the demo tours. Playwright cannot
// download its own Chromium or ffmpeg here (only the npm registry and Debian apt are
// reachable), so we use Debian's `chromium` and link Debian's `ffmpeg` where playwright-core
// looks for its bundled one.
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { ensureSystemPackages, findWindowsBrowser } from '../../tools/system.mjs';

/** Debian's chromium; on Windows the installed Chrome or Edge (Playwright's own download is not
 * reachable), where ensureChromium says what to install when neither is. */
export const CHROMIUM_PATH = process.platform === 'win32' ? (findWindowsBrowser() ?? 'chrome.exe') : '/usr/bin/chromium';
const SYSTEM_FFMPEG = '/usr/bin/ffmpeg';

// Flags that keep Debian's Chromium quiet and runnable as root in a container: no sandbox
// (root), no GPU (headless box), and nothing that phones home.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Installs Debian's chromium (and ffmpeg when video is wanted) if missing. */
export function ensureChromium({ video = false } = {}) {
  ensureSystemPackages(video ? ['chromium', 'ffmpeg'] : ['chromium']);
}

/**
 * The directory playwright-core searches for browsers and ffmpeg: PLAYWRIGHT_BROWSERS_PATH
 * ("0" means inside the package), else the XDG cache. Mirrors playwright-core 1.65's
 * registry logic so the link lands exactly where it looks.
 */
function playwrightRegistryDir(env = process.env) {
  const require = createRequire(import.meta.url);
  const corePkg = require.resolve('playwright-core/package.json');
  const v = env.PLAYWRIGHT_BROWSERS_PATH;
  let dir;
  if (v === '0') dir = join(dirname(corePkg), '.local-browsers');
  else if (v) dir = v;
  else dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ms-playwright');
  return isAbsolute(dir) ? dir : resolve(env.INIT_CWD || process.cwd(), dir);
}

/** The ffmpeg revision pinned by the installed playwright-core (browsers.json). */
function playwrightFfmpegRevision() {
  const require = createRequire(import.meta.url);
  // browsers.json is not in the package's exports map: find it beside package.json.
  const pkg = require.resolve('playwright-core/package.json');
  const browsers = JSON.parse(readFileSync(join(dirname(pkg), 'browsers.json'), 'utf8'));
  const entry = browsers.browsers.find((b) => b.name === 'ffmpeg');
  if (!entry) throw new Error('playwright-core/browsers.json has no ffmpeg entry');
  return entry.revision;
}

/**
 * Makes `<registry>/ffmpeg-<rev>/ffmpeg-linux` point at Debian's ffmpeg (idempotent).
 * Playwright only needs a working ffmpeg with the mjpeg decoder and the vp8 encoder there;
 * Debian's build has both. Returns the link path.
 */
export function linkFfmpegForPlaywright(env = process.env) {
  if (process.platform !== 'linux') throw new Error('the ffmpeg link is only needed (and only made) on Linux');
  ensureSystemPackages(['ffmpeg']);
  const dir = join(playwrightRegistryDir(env), `ffmpeg-${playwrightFfmpegRevision()}`);
  const link = join(dir, 'ffmpeg-linux');
  mkdirSync(dir, { recursive: true });
  let stat = null;
  try {
    stat = lstatSync(link);
  } catch {
    stat = null;
  }
  if (stat) {
    if (stat.isSymbolicLink() && readlinkSync(link) === SYSTEM_FFMPEG) return link;
    // A stale link or a half-downloaded binary: replace it with Debian's.
    unlinkSync(link);
  }
  symlinkSync(SYSTEM_FFMPEG, link);
  if (!existsSync(link)) throw new Error(`could not link ${SYSTEM_FFMPEG} to ${link}`);
  return link;
}
