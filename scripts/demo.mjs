#!/usr/bin/env node
// `npm run demo [-- tour-name ...] [--wine] [--check]`: plays the Playwright demo tours in
// e2e/tours/*.tour.ts like a presenter and writes, per tour, a WebM video, a PNG per step and
// a Markdown storyboard into demo-output/<tour>/. Against a snapshot by default; live under
// Wine with --wine. --check plays every step without pauses or video (does each step still
// find its target?).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BASE_ENV, ROOT, buildAll, ensureNodeModules } from './lib/workspace.mjs';
import { ensureChromium, linkFfmpegForPlaywright } from './lib/browser.mjs';

/**
 * Leaves a module out of the bundle and imports it from where it lives: the Wine harness finds
 * its cache, prefix and helpers relative to its own file, which a bundled copy would not be.
 */
function keepInPlace(filter) {
  return {
    name: 'keep-in-place',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: pathToFileURL(resolve(args.resolveDir, args.path)).href, external: true }));
    },
  };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    wine: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const toursDir = join(ROOT, 'e2e', 'tours');
const cacheDir = join(ROOT, '.cache', 'demo');

if (values.help) {
  console.log('usage: npm run demo [-- tour-name ...] [--wine] [--check] [--out DIR]');
  process.exit(0);
}

ensureNodeModules();
ensureChromium({ video: !values.check });
// Playwright records video through ffmpeg and cannot download its own here.
if (!values.check) console.error(`objscope demo: ffmpeg for Playwright at ${linkFfmpegForPlaywright(BASE_ENV)}`);
if (!existsSync(join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs')) || !existsSync(join(ROOT, 'apps', 'web', 'out'))) buildAll();

// The tours and their runner are TypeScript; bundle them (workspace packages included) so
// plain Node can run them. Playwright stays external: it must be the installed copy.
const external = ['playwright-core', '@playwright/test', 'playwright', 'koffi', 'esbuild'];
const outdir = join(cacheDir, 'bundle');
mkdirSync(outdir, { recursive: true });
const all = readdirSync(toursDir).filter((f) => f.endsWith('.tour.ts')).map((f) => f.slice(0, -'.tour.ts'.length)).sort();
const wanted = positionals.length ? positionals : all;
const unknown = wanted.filter((t) => !all.includes(t));
if (unknown.length) {
  console.error(`objscope demo: no such tour: ${unknown.join(', ')} (tours: ${all.join(', ')})`);
  process.exit(2);
}
await build({
  entryPoints: [join(toursDir, 'runner.ts'), ...wanted.map((t) => join(toursDir, `${t}.tour.ts`))],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  plugins: [keepInPlace(/[\\/]tools[\\/]wine[\\/]harness\.mjs$/)],
});

process.env.OBJSCOPE_ROOT = ROOT;
const { runTours } = await import(pathToFileURL(join(outdir, 'runner.js')).href);
const tours = [];
for (const t of wanted) tours.push((await import(pathToFileURL(join(outdir, `${t}.tour.js`)).href)).default);

// A check must not overwrite the recorded demo's storyboards with video-less ones.
const outDir = values.out ?? (values.check ? join(cacheDir, 'check') : join(ROOT, 'demo-output'));
const results = await runTours({
  tours,
  wine: values.wine,
  outDir,
  cacheDir,
  video: !values.check,
  pace: values.check ? 0 : 1,
  log: (m) => console.error(m),
});

let failed = 0;
for (const r of results) {
  if (!r.ok) failed++;
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.steps} step(s)${r.error ? ` (stopped: ${r.error})` : ''}`);
  console.log(`     ${r.storyboard}${r.video ? `\n     ${r.video}` : ''}`);
}
process.exit(failed ? 1 : 0);
