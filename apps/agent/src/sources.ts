// Where the read commands get their data: a snapshot file (anywhere) or the live namespace
// (Windows, or Windows Node under Wine). Both are ObjectSources, so output is identical.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeSnapshot, SnapshotSource, type ObjectSource } from '@objscope/core';

export class SourceError extends Error {}

export const LIVE_NEEDS_WINDOWS = 'live NT access needs Windows; use --wine or --snapshot FILE';

export async function openSource(opts: { snapshot?: string }): Promise<ObjectSource> {
  if (opts.snapshot !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(opts.snapshot);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SourceError(code === 'ENOENT' ? `no such snapshot file: ${opts.snapshot}` : `cannot read ${opts.snapshot} (${code ?? (e as Error).message})`);
    }
    const r = decodeSnapshot(bytes);
    if (!r.ok) throw new SourceError(`${opts.snapshot}: ${r.error}`);
    return new SnapshotSource(r.snapshot, { kind: 'snapshot', label: `Snapshot ${basename(opts.snapshot)}` });
  }
  if (process.platform !== 'win32') throw new SourceError(LIVE_NEEDS_WINDOWS);
  const { LiveSource } = await import('./live-source');
  return new LiveSource();
}
