// Availability under attack (issue 12; contract in bench/README.md). A real agent process (the
// built CLI, `--share` on 127.0.0.1) serves a 200,000-object synthetic snapshot; each attack of
// apps/agent/test/stall/support/attacks.ts runs while a second client asks `source.info` again
// and again. Reported per attack: the worst `source.info` latency during it, as a ratio to the
// idle latency measured in the same run, and the agent's peak resident memory during it.
import { join } from 'node:path';
import { median } from '../scripts/lib/bench-report.mjs';
import { importTs } from '../scripts/lib/import-ts.mjs';

export const title = 'Availability under attack (share mode, 200,000 objects)';

/** Each attack runs at least this long and until the probing client has had this many answers. */
const MIN_MS = 3000;
const MIN_PROBES = 20;
/** An agent that stops answering is given this long before the attack is called off. */
const MAX_MS = Number(process.env.OBJSCOPE_STALL_MAX_MS ?? 60_000);

export async function run(ctx) {
  const m = await importTs(ctx.root, "export * from './apps/agent/test/stall/support/attacks.ts';");
  const t = performance.now();
  const files = m.writeStallSnapshot();
  ctx.log(`shared snapshot written (${(files.bytes / 1048576).toFixed(1)} MiB gzip) in ${Math.round(performance.now() - t)} ms`);
  const only = process.env.OBJSCOPE_STALL_ONLY ? new Set(process.env.OBJSCOPE_STALL_ONLY.split(',')) : null;
  const attacks = m.ATTACKS.filter((a) => !only || only.has(a.id));
  const rows = new Map(attacks.map((a) => [a.id, { title: a.title, worst: [], idle: [], rss: [], capped: 0, statuses: new Map() }]));
  const notes = [];
  let agent = null;
  try {
    for (let run = 0; run < ctx.runs; run++) {
      for (const attack of attacks) {
        if (!agent || !agent.alive()) agent = await m.startAgentProcess(files.file, { timeoutMs: 120_000, bundle: join(ctx.root, 'apps', 'agent', 'dist', 'objscope.mjs') });
        const idle = await m.idleLatency(agent, 20);
        const r = await m.measureAttack(agent, attack, { minProbes: MIN_PROBES, minMs: MIN_MS, maxMs: MAX_MS });
        const row = rows.get(attack.id);
        row.worst.push(r.probes.worstMs);
        row.idle.push(median(idle));
        row.rss.push(r.peakRssMb);
        for (const [s, n] of r.outcome.statuses) row.statuses.set(s, (row.statuses.get(s) ?? 0) + n);
        if (r.cappedAt !== null) {
          row.capped++;
          // A stalled agent is not worth waiting for: start a fresh one for the next attack.
          await agent.stop();
          agent = null;
        }
        ctx.log(`${attack.id} run ${run + 1}: worst ${Math.round(r.probes.worstMs)} ms over ${r.probes.answered} probes (${r.probes.errors.length} errors), peak ${Math.round(r.peakRssMb)} MiB${r.cappedAt !== null ? `, stopped after ${MAX_MS} ms` : ''}; answers ${[...r.outcome.statuses].map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}; ${[...r.outcome.messages].slice(0, 2).join(' | ')}`);
      }
    }
  } finally {
    await agent?.stop();
    m.removeStallFiles(files.dir);
  }
  const metrics = [];
  for (const [id, row] of rows) {
    metrics.push({
      name: `${id}: worst source.info latency`,
      unit: 'ms',
      runs: row.worst,
      baseline: { name: 'idle source.info', runs: row.idle },
      goal: { op: '<', value: 2000, of: 'median' },
    });
    metrics.push({ name: `${id}: agent peak RSS`, unit: 'MB', runs: row.rss, goal: { op: '<', value: 1024, of: 'median' } });
    notes.push(`${id}: ${row.title}; answers ${[...row.statuses].map(([s, n]) => `HTTP ${s} ×${n}`).join(', ') || 'none'}${row.capped ? `; ${row.capped} run(s) stopped after ${MAX_MS / 1000} s without the probe reaching ${MIN_PROBES} answers` : ''}`);
  }
  return { metrics, notes };
}
