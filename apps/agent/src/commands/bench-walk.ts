// `objscope bench-walk [--repeat N] [--json]` (hidden): N full walks of `\` in one process, for
// the handle-leak test and the walk benchmark. Time is measured in-process, per walk, so process
// and Wine start-up are excluded exactly as in the native walker. It reads through the source
// like every command; only a live source has a walk and a handle count to offer.
import { formatStatus, type ObjectSource } from '@objscope/core';
import { err, out, printJson, usageError } from '../output';
import { parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope bench-walk [--repeat N] [--json]';

interface BenchWalkResult {
  objects: number;
  directories: number;
  perWalkMs: number[];
  /** This process's handle count after the first walk (libraries loaded, lazy state settled). */
  handleCountBefore: number;
  /** ...and after the last walk: equal when walks leak nothing. */
  handleCountAfter: number;
}

type Walkable = Required<Pick<ObjectSource, 'walkCounts' | 'ownHandleCount'>>;

function isWalkable(s: ObjectSource): s is ObjectSource & Walkable {
  return typeof s.walkCounts === 'function' && typeof s.ownHandleCount === 'function';
}

async function handleCount(source: Walkable): Promise<number | null> {
  const hc = source.ownHandleCount();
  if (hc.ok) return hc.value;
  await err(`objscope: bench-walk: handle count: ${formatStatus(hc.status)}`);
  return null;
}

/** The timed walks; null (after saying why) when one fails. */
async function timedWalks(source: Walkable, repeat: number): Promise<BenchWalkResult | null> {
  const perWalkMs: number[] = [];
  let counts = { objects: 0, directories: 0 };
  let before = -1;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const w = await source.walkCounts('\\');
    perWalkMs.push(Math.round((performance.now() - t0) * 1000) / 1000);
    if (!w.ok) {
      await err(`objscope: bench-walk: walk ${i + 1} failed: ${w.message}`);
      return null;
    }
    counts = w.value;
    if (i === 0) {
      const hc = await handleCount(source);
      if (hc === null) return null;
      before = hc;
    }
  }
  const after = await handleCount(source);
  return after === null ? null : { ...counts, perWalkMs, handleCountBefore: before, handleCountAfter: after };
}

async function runBenchWalk(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('bench-walk', USAGE, argv, { repeat: { type: 'string' }, json: { type: 'boolean' } });
  if (typeof a === 'number') return a;
  const repeat = a.values.repeat === undefined ? 1 : Number(a.values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100000) return usageError(`bench-walk: --repeat must be a positive integer (got ${JSON.stringify(a.values.repeat)})`);
  const source = await sourceOrExit(undefined);
  if (typeof source === 'number') return source;
  if (!isWalkable(source)) return usageError('bench-walk: this source has no walk to time');
  const r = await timedWalks(source, repeat);
  if (r === null) return 1;
  if (a.values.json) await printJson(r);
  else {
    await out(
      `${repeat} walk(s) of \\: ${r.objects} objects in ${r.directories} directories; ${Math.min(...r.perWalkMs)} to ${Math.max(...r.perWalkMs)} ms each; ` +
        `handles ${r.handleCountBefore} -> ${r.handleCountAfter}\n`,
    );
  }
  return 0;
}

export const command: CliCommand = { name: 'bench-walk', summary: 'bench-walk [--repeat N] [--json]: timed full walks (benchmarks, leak test)', hidden: true, run: runBenchWalk };
