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

// One list of Chromium settings for the suite, the tours and the UI bench.
export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/browser.mjs';
