// `objscope snapshot -o FILE [--no-details]`: the live namespace (tree, types, memory
// conditions, zombies and, unless --no-details, every object's basic info, security descriptor
// and state) as one gzip JSON snapshot file (docs/snapshot-format.md).
import { writeFileSync } from 'node:fs';
import { encodeSnapshot, holdersSectionFrom } from '@objscope/core';
import { err, out, progressLine, usageError } from '../output';
import { liveOrExit, parseCommandArgs } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope snapshot -o FILE [--no-details] [--handles]';

async function runSnapshot(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('snapshot', USAGE, argv, { output: { type: 'string', short: 'o' }, 'no-details': { type: 'boolean' }, handles: { type: 'boolean' } });
  if (typeof a === 'number') return a;
  if (a.positionals.length) return usageError(`snapshot: unexpected argument ${JSON.stringify(a.positionals[0])} (usage: ${USAGE})`);
  const file = a.values.output;
  if (typeof file !== 'string' || file === '') return usageError(`snapshot: -o FILE is required (usage: ${USAGE})`);
  const source = await liveOrExit();
  if (typeof source === 'number') return source;
  const details = a.values['no-details'] !== true;
  const progress = progressLine();
  const onProgress = (p: { objects: number; directories: number; phase?: string }) =>
    progress.update(p.phase === 'details' ? `details of ${p.objects} objects…` : `${p.objects} objects in ${p.directories} directories…`);
  const snap = await source.snapshot(onProgress, undefined, { details });
  progress.done();
  if (a.values.handles === true) {
    // #14: every process's named handles, so the snapshot answers "who held it" (snapshot-holders.ts).
    const recorded = source.allProcessHandlesHere();
    if (!recorded.ok) return usageError(`snapshot: --handles: ${recorded.message}`);
    snap.holders = holdersSectionFrom(recorded.value, new Date().toISOString());
  }
  const bytes = encodeSnapshot(snap);
  try {
    writeFileSync(file, bytes);
  } catch (e) {
    await err(`objscope: snapshot: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  const recorded = snap.details ? ' (with details)' : ' (names, types and targets only)';
  await out(`objscope: wrote ${file}: ${snap.meta.objectCount} objects, ${snap.types.length} types, ${bytes.byteLength} bytes${recorded}\n`);
  return 0;
}

export const command: CliCommand = { name: 'snapshot', summary: 'snapshot -o FILE [--no-details]: save the live namespace as a snapshot file', run: runSnapshot };
