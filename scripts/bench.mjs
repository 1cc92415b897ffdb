#!/usr/bin/env node
// `npm run bench [-- area …] [--runs N]`: runs the area modules in bench/, then writes
// bench-results/latest.json, bench-results/latest.md and one SVG chart per area. Each area is
// isolated: one that fails is reported as not measured and the others still run.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ROOT, buildAll, ensureNodeModules } from './lib/workspace.mjs';
import {
  areaChartSvg,
  compareWithPrevious,
  regressions,
  renderMarkdown,
  slug,
  summarizeArea,
} from './lib/bench-report.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, 'no-build': { type: 'boolean', default: false } },
});
const runs = Math.max(5, Number.parseInt(values.runs, 10) || 5);
const benchDir = join(ROOT, 'bench');
const available = readdirSync(benchDir).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort();
const unknown = positionals.filter((p) => !available.includes(p));
if (unknown.length) {
  console.error(`objscope bench: unknown area ${unknown.join(', ')}; areas: ${available.join(', ')}`);
  process.exit(2);
}
const areas = positionals.length ? positionals : available;

if (!values['no-build']) {
  ensureNodeModules();
  buildAll();
}

const outDir = join(ROOT, 'bench-results');
mkdirSync(join(outDir, 'charts'), { recursive: true });
const latestPath = join(outDir, 'latest.json');
let previous = null;
if (existsSync(latestPath)) {
  try {
    previous = JSON.parse(readFileSync(latestPath, 'utf8'));
  } catch {
    previous = null;
  }
}

const started = Date.now();
const report = {
  startedAt: new Date(started).toISOString(),
  finishedAt: null,
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  runs,
  areas: [],
};

for (const area of areas) {
  const t0 = Date.now();
  const log = (msg) => console.error(`[bench ${area}] ${msg}`);
  let mod;
  let raw;
  try {
    mod = await import(pathToFileURL(join(benchDir, `${area}.mjs`)).href);
    log('running');
    raw = await mod.run({ runs, log, root: ROOT });
  } catch (err) {
    raw = { metrics: [], error: err instanceof Error ? err.message : String(err) };
    log(`not measured: ${raw.error}`);
  }
  const summary = summarizeArea(area, mod?.title ?? area, raw);
  summary.seconds = Math.round((Date.now() - t0) / 1000);
  report.areas.push(summary);
  log(`done in ${summary.seconds}s`);
}

report.finishedAt = new Date().toISOString();
// When only some areas ran, keep the other areas of the previous report so latest.json stays whole.
if (positionals.length && previous?.areas) {
  for (const a of previous.areas) if (!areas.includes(a.area)) report.areas.push({ ...a, carriedOver: true });
  report.areas.sort((x, y) => x.area.localeCompare(y.area));
}
compareWithPrevious(report, previous);
if (previous) writeFileSync(join(outDir, 'previous.json'), JSON.stringify(previous, null, 2));
writeFileSync(latestPath, JSON.stringify(report, null, 2));
for (const a of report.areas) writeFileSync(join(outDir, 'charts', `${slug(a.area)}.svg`), areaChartSvg(a));
const md = renderMarkdown(report);
writeFileSync(join(outDir, 'latest.md'), md);
console.log(md);
const regs = regressions(report);
console.error(`objscope bench: ${report.areas.length} area(s) in ${Math.round((Date.now() - started) / 1000)}s; report in bench-results/latest.md${regs.length ? `; regressions: ${regs.join(', ')}` : ''}`);
