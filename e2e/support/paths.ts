// Where things are. The suite runs the built artifacts, never the sources, so it tests what
// `npm start` ships.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// OBJSCOPE_ROOT: set by scripts/demo.mjs, which runs this code bundled from another folder.
export const ROOT = process.env.OBJSCOPE_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const AGENT_BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
export const WEB_OUT = join(ROOT, 'apps', 'web', 'out');
export const SAMPLE_SNAPSHOT = join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz');
export const CACHE = join(ROOT, '.cache', 'e2e');

/** Snapshots generated once per run by global-setup.ts. */
export const FIXTURES = {
  big: join(CACHE, 'big.objscope.gz'),
  before: join(CACHE, 'before.objscope.gz'),
  after: join(CACHE, 'after.objscope.gz'),
  corrupt: join(CACHE, 'corrupt.objscope.gz'),
  facts: join(CACHE, 'facts.json'),
};

export const CHROMIUM_PATH = '/usr/bin/chromium';
// Same list as scripts/lib/browser.mjs (the demo runner): root in a container needs
// --no-sandbox, a headless box has no GPU, and nothing may phone home.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
