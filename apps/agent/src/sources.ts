// Where the read commands get their data: a snapshot file (anywhere) or the live namespace
// (Windows, or Windows Node under Wine). Both are ObjectSources, so output is identical.
import { basename } from 'node:path';
import { decodeSnapshot, SnapshotSource, type ObjectSource } from '@objscope/core';
import { readSnapshotBytes } from './server/open-source';

export class SourceError extends Error {}

export const LIVE_NEEDS_WINDOWS = 'live NT access needs Windows; use --wine or --snapshot FILE';

export async function openSource(opts: { snapshot?: string }): Promise<ObjectSource> {
  if (opts.snapshot !== undefined) {
    // A regular file of bounded size only: /dev/zero or a pipe is refused before reading.
    const read = readSnapshotBytes(opts.snapshot);
    if (!read.ok) throw new SourceError(read.error.replace(/^no such file:/, 'no such snapshot file:'));
    const r = decodeSnapshot(read.bytes);
    if (!r.ok) throw new SourceError(`${opts.snapshot}: ${r.error}`);
    return new SnapshotSource(r.snapshot, { kind: 'snapshot', label: `Snapshot ${basename(opts.snapshot)}` });
  }
  if (process.platform !== 'win32') throw new SourceError(LIVE_NEEDS_WINDOWS);
  const { LiveSource } = await import('./live-source');
  return new LiveSource();
}
