// Where the read commands get their data: a snapshot file (anywhere) or the live namespace
// (Windows, or Windows Node under Wine). Both are ObjectSources, so output is identical.
import type { ObjectSource } from '@objscope/core';
import type { LiveSource } from './live-source';
import { loadSnapshotFile, snapshotSource } from './snapshot-file';

export class SourceError extends Error {}

const LIVE_NEEDS_WINDOWS = 'live NT access needs Windows; use --wine or --snapshot FILE';

export async function openSource(opts: { snapshot?: string }): Promise<ObjectSource> {
  if (opts.snapshot !== undefined) {
    // A regular file of bounded size only: /dev/zero or a pipe is refused before reading.
    const r = loadSnapshotFile(opts.snapshot);
    if (!r.ok && r.stage === 'read') throw new SourceError(r.error.replace(/^no such file:/, 'no such snapshot file:'));
    if (!r.ok) throw new SourceError(`${opts.snapshot}: ${r.error}`);
    return snapshotSource('snapshot', r.snapshot);
  }
  return openLiveSource();
}

/** The live source itself, for the commands that also scan in their own process (handles, zombies, snapshot --handles). */
export async function openLiveSource(): Promise<LiveSource> {
  if (process.platform !== 'win32') throw new SourceError(LIVE_NEEDS_WINDOWS);
  const { LiveSource } = await import('./live-source');
  return new LiveSource();
}
