// `objscope bench-walk [--repeat N] [--json]` (hidden): N full walks of `\` in one process, for
// the handle-leak test and the walk benchmark. Time is measured in-process, per walk, so process
// and Wine start-up are excluded exactly as in the native walker.
import { formatStatus } from '@objscope/core';
import { err, out, printJson, usageError } from '../output';
import { LIVE_NEEDS_WINDOWS } from '../sources';
import { parseCommandArgs } from './common';
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

async function runBenchWalk(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('bench-walk', USAGE, argv, { repeat: { type: 'string' }, json: { type: 'boolean' } });
  if (typeof a === 'number') return a;
  const repeat = a.values.repeat === undefined ? 1 : Number(a.values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100000) return usageError(`bench-walk: --repeat must be a positive integer (got ${JSON.stringify(a.values.repeat)})`);
  if (process.platform !== 'win32') return usageError(LIVE_NEEDS_WINDOWS);
  const nt = await import('@objscope/nt');
  const perWalkMs: number[] = [];
  let objects = 0;
  let directories = 0;
  let before = -1;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const w = await nt.walk('\\', { progressEvery: Number.MAX_SAFE_INTEGER });
    perWalkMs.push(Math.round((performance.now() - t0) * 1000) / 1000);
    if (!w.ok) {
      await err(`objscope: bench-walk: walk ${i + 1} failed: ${w.message}`);
      return 1;
    }
    objects = w.value.objects;
    directories = w.value.directories;
    if (i === 0) {
      const hc = nt.getProcessHandleCount();
      if (!hc.ok) {
        await err(`objscope: bench-walk: handle count: ${formatStatus(hc.status)}`);
        return 1;
      }
      before = hc.value;
    }
  }
  const hc = nt.getProcessHandleCount();
  if (!hc.ok) {
    await err(`objscope: bench-walk: handle count: ${formatStatus(hc.status)}`);
    return 1;
  }
  const result: BenchWalkResult = { objects, directories, perWalkMs, handleCountBefore: before, handleCountAfter: hc.value };
  if (a.values.json) await printJson(result);
  else {
    await out(
      `${repeat} walk(s) of \\: ${objects} objects in ${directories} directories; ${Math.min(...perWalkMs)} to ${Math.max(...perWalkMs)} ms each; ` +
        `handles ${before} -> ${hc.value}\n`,
    );
  }
  return 0;
}

export const command: CliCommand = { name: 'bench-walk', summary: 'bench-walk [--repeat N] [--json]: timed full walks (benchmarks, leak test)', hidden: true, run: runBenchWalk };
