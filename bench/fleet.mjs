// Fleet (issue 23): a generated fleet (packages/fleet/testing/generate.ts, derived from the Wine
// sample capture) added to a Parquet store, then the questions asked of it, at two fleet sizes
// so the report shows how each figure grows. Per size: ingest rate (hosts/s), store bytes per
// host, `find` latency (p50 over runs, a planted-mutex query and a path glob), `drift` for one
// host, resident memory after the questions, and `find` against the naive way (decode every
// snapshot file and scan its tree), measured in the same run.
// Scale: OBJSCOPE_FLEET_SCALES (default "100,1000" hosts) x OBJSCOPE_FLEET_OBJECTS (default
// 20,000 objects per host), the issue's figures; smaller values for a shared machine. The naive
// scan is timed on at most OBJSCOPE_FLEET_NAIVE_MAX files (default 200) and scaled linearly.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { importTs } from '../scripts/lib/import-ts.mjs';
import { median } from '../scripts/lib/stats.mjs';

export const title = 'Fleet store and questions (DuckDB over Parquet)';

function dirBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

/** What a fleet search without a store does: decode every snapshot and walk its tree. */
function naiveFind(core, files, needle) {
  const hosts = new Set();
  for (const f of files) {
    const r = core.decodeSnapshot(new Uint8Array(readFileSync(f)));
    if (!r.ok) throw new Error(r.error);
    const stack = [r.snapshot.root];
    while (stack.length) {
      const n = stack.pop();
      for (const c of n.children ?? []) {
        if (c.name.toLowerCase() === needle) hosts.add(r.snapshot.meta.host);
        if (c.children) stack.push(c);
      }
    }
  }
  return hosts.size;
}

export async function run(ctx) {
  const scales = (process.env.OBJSCOPE_FLEET_SCALES ?? '100,1000').split(',').map(Number);
  const objects = Number(process.env.OBJSCOPE_FLEET_OBJECTS ?? 20_000);
  const runs = Math.max(5, ctx.runs);
  const naiveMax = Number(process.env.OBJSCOPE_FLEET_NAIVE_MAX ?? 200);
  const lib = await importTs(
    ctx.root,
    "export * from './packages/fleet/src/index.ts'; export * from './packages/fleet/testing/generate.ts'; export { decodeSnapshot } from './packages/core/src/index.ts';",
  );
  const work = join(ctx.root, '.cache', 'fleet-bench');
  const snaps = join(work, `snaps-${objects}`);
  const max = Math.max(...scales);
  const have = existsSync(snaps) ? readdirSync(snaps).filter((f) => f.endsWith('.objscope.gz')).length : 0;
  const base = lib.decodeSnapshot(new Uint8Array(readFileSync(join(ctx.root, 'apps', 'agent', 'assets', 'sample.objscope.gz'))));
  if (!base.ok) throw new Error(base.error);
  if (have < max) {
    ctx.log(`generating ${max} hosts x ${objects} objects`);
    rmSync(snaps, { recursive: true, force: true });
  }
  // The generator is seeded and plants the mutex on hosts i % 7 === 3, so files from an earlier
  // run of the same size are reused as they are.
  if (have < max) lib.generateFleet(base.snapshot, { dir: snaps, hosts: max, objectsPerHost: objects });
  const files = readdirSync(snaps).filter((f) => f.endsWith('.objscope.gz')).sort().map((f) => join(snaps, f));
  const malwareHosts = Array.from({ length: max }, (_, i) => i).filter((i) => i % 7 === 3);

  const metrics = [];
  const notes = [`${objects} objects per host, generated from the Wine sample capture; scales ${scales.join(', ')} hosts`];
  for (const n of scales) {
    const store = join(work, `store-${n}-${objects}`);
    rmSync(store, { recursive: true, force: true });
    mkdirSync(store, { recursive: true });
    ctx.log(`${n} hosts: add`);
    const t0 = performance.now();
    // As `objscope fleet add` does: decoding on the thread of the built agent's fleet-decode.mjs.
    const worker = join(ctx.root, 'apps', 'agent', 'dist', 'fleet-decode.mjs');
    if (!existsSync(worker)) throw new Error(`${worker} is not built`);
    const report = await lib.addSnapshots(store, files.slice(0, n), { decodeWorker: worker });
    const addMs = performance.now() - t0;
    if (report.added.length !== n) throw new Error(`add: ${report.skipped.length} skipped (${report.skipped[0]?.reason})`);
    const bytesPerHost = dirBytes(store) / n;

    const fleet = await lib.Fleet.open(store);
    const want = malwareHosts.filter((i) => i < n).length;
    const findMs = [];
    const globMs = [];
    const driftMs = [];
    try {
      for (let i = 0; i < runs; i++) {
        let t = performance.now();
        const r = await fleet.find({ pattern: 'xyz-mutex-7c1f' });
        findMs.push(performance.now() - t);
        if (r.hosts !== want) throw new Error(`find: ${r.hosts} hosts, expected ${want}`);
        t = performance.now();
        await fleet.find({ pattern: '\\BaseNamedObjects\\{0*', limit: 100 });
        globMs.push(performance.now() - t);
        t = performance.now();
        await fleet.drift({ baseline: 'HOST-0000', host: `HOST-${String((i % (n - 1)) + 1).padStart(4, '0')}` });
        driftMs.push(performance.now() - t);
      }
    } finally {
      fleet.close();
    }
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    // The naive way costs the same for every file (decode it whole), so above NAIVE_MAX files it is
    // timed on the first NAIVE_MAX and scaled linearly: at 1,000 hosts it would take longer
    // than everything else here together.
    const naiveN = Math.min(n, naiveMax);
    ctx.log(`${n} hosts: naive scan of ${naiveN} files`);
    const t1 = performance.now();
    const naiveHosts = naiveFind(lib, files.slice(0, naiveN), 'xyz-mutex-7c1f');
    const naiveMs = ((performance.now() - t1) * n) / naiveN;
    const naiveWant = malwareHosts.filter((i) => i < naiveN).length;
    if (naiveHosts !== naiveWant) throw new Error(`naive find: ${naiveHosts} hosts, expected ${naiveWant}`);

    metrics.push(
      { name: `${n} hosts: ingest rate`, unit: 'hosts/s', better: 'higher', runs: [(n * 1000) / addMs] },
      { name: `${n} hosts: ingest total`, unit: 'ms', better: 'lower', runs: [addMs], ...(n === 1000 ? { goal: { op: '<', value: 120_000, of: 'median' } } : {}) },
      { name: `${n} hosts: store size per host`, unit: 'KB', better: 'lower', runs: [bytesPerHost / 1000], goal: { op: '<=', value: 150, of: 'median' } },
      { name: `${n} hosts: find (planted mutex)`, unit: 'ms', better: 'lower', runs: findMs, goal: { op: '<', value: 500, of: 'median' } },
      {
        name: `${n} hosts: find, store against naive`,
        unit: 'ms',
        better: 'lower',
        runs: findMs,
        baseline: { name: 'decode every snapshot file and scan it', runs: [naiveMs] },
        goal: { op: '<=', value: 1 / 50, of: 'ratio' },
      },
      { name: `${n} hosts: find (path glob, 100 shown)`, unit: 'ms', better: 'lower', runs: globMs },
      { name: `${n} hosts: drift for one host`, unit: 'ms', better: 'lower', runs: driftMs, goal: { op: '<', value: 1000, of: 'median' } },
      { name: `${n} hosts: resident memory after the questions`, unit: 'MB', better: 'lower', runs: [rssMb], goal: { op: '<', value: 2048, of: 'median' } },
    );
    notes.push(
      `${n} hosts: add ${Math.round(addMs)} ms, ${(bytesPerHost / 1000).toFixed(1)} KB/host, find p50 ${Math.round(median(findMs))} ms, ` +
        `drift p50 ${Math.round(median(driftMs))} ms, naive ${Math.round(naiveMs)} ms` +
        `${naiveN < n ? ` (timed on ${naiveN} files, scaled by ${n}/${naiveN})` : ''}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`,
    );
    ctx.log(notes.at(-1));
  }
  return { metrics, notes };
}
