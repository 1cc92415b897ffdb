// Zombie scan time under Wine with 0, 500 and 2,000 zombie processes (contract in
// bench/README.md). The zombies are real: tools/native/zombiehelper.c in --fast mode (children
// created suspended and terminated with their own exit code, each keeping its process and its
// main-thread handle open, so N zombie processes are also N zombie threads). Timing happens
// inside Windows Node (bench/win/zombies.ts, run through tools/testing/windows-script.mjs: the
// naive baseline is not in the shipped CLI), so Wine start-up is not part of any figure; each
// run times the real scan and then the naive one (every Process/Thread handle duplicated with
// its holder opened afresh, everything queried before asking whether it exited) in the same
// process, so the ratio compares like with like.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runWindowsModule } from '../tools/testing/windows-script.mjs';
import { median } from '../scripts/lib/stats.mjs';

export const title = 'Zombie scan (Wine)';

const LEVELS = [0, 500, 2000];
const GOAL_2000_MS = 2000;

async function waitFor(what, check, ms) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** @param {{ runs: number, log: (msg: string) => void, root: string }} ctx */
export async function run(ctx) {
  const harness = await import(pathToFileURL(join(ctx.root, 'tools', 'wine', 'harness.mjs')).href);
  await harness.setup();
  const script = join(ctx.root, 'bench', 'win', 'zombies.ts');

  const helpers = [];
  async function addZombies(count, exitBase) {
    const dir = mkdtempSync(join(tmpdir(), 'objscope-bench-zombies-'));
    const proc = harness.spawnExe(harness.nativeExe('zombiehelper'), [
      '--dir', harness.toWindowsPath(dir), '--processes', String(count), '--exit-base', String(exitBase), '--fast', '--timeout', '1200',
    ]);
    helpers.push({ dir, proc });
    const t = Date.now();
    await waitFor(`${count} zombies`, () => existsSync(join(dir, 'ready')) || existsSync(join(dir, 'error')) || proc.child.exitCode !== null, 300_000);
    if (!existsSync(join(dir, 'ready'))) {
      throw new Error(`zombie helper failed: ${existsSync(join(dir, 'error')) ? readFileSync(join(dir, 'error'), 'utf8') : proc.readStderr()}`);
    }
    ctx.log(`zombies: ${count} more zombie processes made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  async function measure() {
    // Ten scans of 2,000 zombies take well under a minute; a run that is still going after four
    // has lost its wineserver (another job restarted it) and must not eat the bench's budget.
    const r = await runWindowsModule(script, { runs: ctx.runs }, { timeoutMs: 240_000 });
    if (r.code !== 0 || !r.value) throw new Error(`bench/win/zombies.ts exited ${r.code}: ${r.stderr}`);
    return r.value;
  }

  const metrics = [];
  const notes = [];
  const perZombie = [];
  let have = 0;
  try {
    for (const level of LEVELS) {
      // Levels are cumulative: a second helper adds the difference, so 2,000 costs 2,000 children.
      if (level > have) {
        await addZombies(level - have, 20000 + have);
        have = level;
      }
      const m = await measure();
      ctx.log(`zombies: ${level} → scan median ${median(m.scanMs).toFixed(1)} ms, naive ${median(m.naiveMs).toFixed(1)} ms, ${m.handles} handles`);
      metrics.push({
        name: `scan with ${level} zombie processes`,
        unit: 'ms',
        better: 'lower',
        runs: m.scanMs.map((x) => Math.round(x * 100) / 100),
        baseline: { name: 'naive scan (duplicate every Process/Thread handle, query each)', runs: m.naiveMs.map((x) => Math.round(x * 100) / 100) },
        ...(level === 2000 ? { goal: { op: '<=', value: GOAL_2000_MS, of: 'median' } } : {}),
      });
      // The handle count goes in the notes, not in a metric: it depends on whatever else runs in
      // the prefix, and a "regression" flag on it would mean nothing.
      notes.push(
        `${level} zombie processes: the scan found ${m.zombieProcesses} zombie processes and ${m.zombieThreads} zombie threads ` +
          `among ${m.handles} handles (${m.candidates} Process/Thread handles, ${m.duplicated} duplicated; object addresses ${m.addressesVisible ? 'visible' : 'hidden, so one duplicate per handle'})`,
      );
      perZombie.push({ level, ms: median(m.scanMs) });
    }
    const [, a, b] = perZombie;
    if (a && b && b.level > a.level) {
      notes.push(`growth: ${(((b.ms - a.ms) / (b.level - a.level)) * 1000).toFixed(0)} µs per extra zombie process between ${a.level} and ${b.level} (linear if close to ${((a.ms - perZombie[0].ms) / a.level * 1000).toFixed(0)} µs between 0 and ${a.level})`);
    }
    notes.push('Wine 8 has no NtGetNextProcess, so zombies held only by the kernel are not looked for here.');
  } finally {
    for (const h of helpers) {
      writeFileSync(join(h.dir, 'command'), 'exit');
      await Promise.race([h.proc.wait(), new Promise((r) => setTimeout(r, 10_000))]);
      await h.proc.kill();
      h.proc.cleanup();
      rmSync(h.dir, { recursive: true, force: true });
    }
  }
  return { metrics, notes };
}
