// Holders of one named object under Wine with about 20,000 handles in the system table (contract
// in bench/README.md). tools/native/holdhelper.c --bench 19000 creates 19,000 named events, all
// held by itself, on top of whatever the prefix already holds. Timing happens inside Windows
// Node (bench/win/holders.ts, run through tools/testing/windows-script.mjs: the naive baseline
// and the timing loops are not in the shipped CLI), so Wine start-up is in no figure.
// Each run times, in the same process:
//   first  — holders of one event with a cold cache (every candidate Event handle is duplicated
//            once and its name indexed, unless the handle count is accounted for earlier);
//   second — holders of another event right after (the cache answers; one compare confirms);
//   naive  — the way without the tricks: every Event handle's holder opened afresh, the handle
//            duplicated, its name queried, everything closed again.
// Two targets: the last event the helper made (its handle comes last in the table, so the first
// lookup examines every candidate: the worst case), and the first one (found early, so the
// handle-count bound stops the search: the common case for objects with few handles).
//
// The worst case is bounded by wineserver round trips, and the bench says by how much: the CLI
// script also times each per-candidate call alone over 5,000 candidates (roundTrips). With addresses
// hidden, a candidate costs at least a DuplicateHandle and one identifying call (a name query,
// which the cache indexes for the next lookup); the naive way costs OpenProcess, DuplicateHandle,
// the name query and two CloseHandles. Their ratio is the best the first lookup can do when every
// candidate must be examined, and it is printed next to the goal (5x) in the notes.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runWindowsModule } from '../tools/testing/windows-script.mjs';

export const title = 'Holders of a named object (Wine)';

const EVENTS = 19_000;
const GOAL_RATIO = 0.2; // at least 5x faster than the naive way
const GOAL_SECOND_MS = 50;

async function waitFor(what, check, ms) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const round = (xs) => xs.map((x) => Math.round(x * 100) / 100);

/** @param {{ runs: number, log: (msg: string) => void, root: string }} ctx */
export async function run(ctx) {
  const harness = await import(pathToFileURL(join(ctx.root, 'tools', 'wine', 'harness.mjs')).href);
  await harness.setup();
  const script = join(ctx.root, 'bench', 'win', 'holders.ts');
  const dir = mkdtempSync(join(tmpdir(), 'objscope-bench-holders-'));
  const tag = `b${process.pid}`;
  const proc = harness.spawnExe(harness.nativeExe('holdhelper'), ['--dir', harness.toWindowsPath(dir), '--tag', tag, '--bench', String(EVENTS), '--timeout', '1800']);
  const metrics = [];
  const notes = [];
  try {
    const t = Date.now();
    await waitFor('the hold helper', () => existsSync(join(dir, 'ready')) || existsSync(join(dir, 'error')) || proc.child.exitCode !== null, 300_000);
    if (!existsSync(join(dir, 'ready'))) {
      throw new Error(`hold helper failed: ${existsSync(join(dir, 'error')) ? readFileSync(join(dir, 'error'), 'utf8') : proc.readStderr()}`);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    ctx.log(`handles: ${EVENTS} named events made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const base = manifest.bench.first.replace(/-0$/, '');
    const cases = [
      { label: 'last event (every candidate examined)', first: `${base}-${EVENTS - 1}`, second: `${base}-${EVENTS - 2}` },
      { label: 'first event (handle count reached early)', first: manifest.bench.first, second: manifest.bench.second },
    ];
    for (const c of cases) {
      const r = await runWindowsModule(script, { path: c.first, second: c.second, type: 'Event', runs: ctx.runs }, { timeoutMs: 1_500_000 });
      if (r.code !== 0 || !r.value?.ok) throw new Error(`bench/win/holders.ts exited ${r.code}: ${r.value?.message ?? r.stderr}`);
      const m = r.value.value;
      ctx.log(`handles: ${c.label}: first ${m.medianFirstMs.toFixed(0)} ms, second ${m.medianSecondMs.toFixed(1)} ms, naive ${m.medianNaiveMs.toFixed(0)} ms`);
      metrics.push({
        name: `holders, ${c.label}`,
        unit: 'ms',
        better: 'lower',
        runs: round(m.firstMs),
        baseline: { name: 'naive (open, duplicate, query the name of every Event handle)', runs: round(m.naiveMs) },
        goal: { op: '<=', value: GOAL_RATIO, of: 'ratio' },
      });
      metrics.push({
        name: `second object's holders, ${c.label}`,
        unit: 'ms',
        better: 'lower',
        runs: round(m.secondMs),
        baseline: { name: 'first object (cold cache)', runs: round(m.firstMs) },
        goal: { op: '<=', value: GOAL_SECOND_MS, of: 'median' },
      });
      notes.push(
        `${c.label}: ${m.handlesInTable} handles in the table, ${m.candidates} Event candidates, ${m.examined} examined by the first lookup; ` +
          `method ${m.method}; holders found ${m.holders} (naive: ${m.naiveHolders}); ratio of medians naive/first ${(m.medianNaiveMs / m.medianFirstMs).toFixed(2)}x; ` +
          `second lookup phases (last run) ${JSON.stringify(m.secondDiagnostics?.phases ?? {})}`,
      );
      const counts = m.handleCountsAfter ?? [];
      const kept = counts.filter((n) => n !== m.handleCountBaseline);
      notes.push(
        `${c.label}: objscope's handle count ${m.handleCountBaseline} before the lookups; after each of the ${counts.length} lookups ` +
          `${kept.length === 0 ? 'the same' : `different ${kept.length} times: ${JSON.stringify(counts)}`} (no handle outlives its lookup).`,
      );
      metrics.push({
        name: `objscope handles kept after a lookup, ${c.label}`,
        unit: 'handles',
        better: 'lower',
        runs: counts.map((n) => (n ?? Number.NaN) - m.handleCountBaseline),
        goal: { op: '<=', value: 0, of: 'median' },
      });
      const rt = m.roundTrips;
      if (rt && c === cases[0]) {
        const naivePer = rt.openProcessUs + rt.duplicateUs + rt.queryNameUs + 2 * rt.closeUs;
        // Nothing is kept between lookups any more (#19): each duplicate is closed again.
        const firstPer = rt.duplicateUs + rt.queryNameUs + rt.closeUs;
        const comparePer = rt.duplicateUs + rt.compareUs;
        notes.push(
          `round trips under Wine (µs per call, ${rt.sample} calls each): OpenProcess ${rt.openProcessUs}, DuplicateHandle ${rt.duplicateUs}, ` +
            `NtQueryObject(name) ${rt.queryNameUs}, NtCompareObjects ${rt.compareUs}, CloseHandle ${rt.closeUs}; a koffi call that stays in the process ${rt.ffiUs}. ` +
            `Every candidate examined: naive ${naivePer.toFixed(1)} µs each (open + duplicate + name + 2 closes), first lookup at least ` +
            `${firstPer.toFixed(1)} µs (duplicate + name + close; ${((m.examined * firstPer) / 1000).toFixed(0)} ms for ${m.examined}, measured median ${m.medianFirstMs.toFixed(0)} ms: ` +
            `${(m.medianFirstMs / ((m.examined * firstPer) / 1000)).toFixed(2)}x the round-trip bound), so at best ` +
            `${(naivePer / firstPer).toFixed(2)}x faster (${(naivePer / comparePer).toFixed(2)}x with a compare instead of the name, which leaves nothing for the next lookup to reuse). ` +
            'The 5x goal needs under a fifth of the naive calls per candidate, fewer than one wineserver call: not reachable while addresses are hidden; the goal stays unmet for this case.',
        );
      }
    }
    notes.push(`Load average (1 min) at the end of the runs: ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpus().length} cores; Wine server calls and JS both slow down under load.`);
  } finally {
    writeFileSync(join(dir, 'command'), 'exit');
    await Promise.race([proc.wait(), new Promise((r) => setTimeout(r, 10_000))]);
    await proc.kill();
    proc.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
  return { metrics, notes };
}
