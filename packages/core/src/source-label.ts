// The one rule for what a source calls itself. The CLI prints it, the status bar shows it and a
// static site carries it, so one file (or one live machine) is described the same everywhere.
// Host names, versions and capture times are hostile text from the file or the machine: the
// label is plain text for the page (which renders text, never markup); whoever prints it on a
// terminal escapes it (the agent's escapeForTerminal), since the "listening on" line follows it.
import type { Snapshot } from './snapshot';

export type SnapshotKind = 'snapshot' | 'sample' | 'share';

function captured(meta: Snapshot['meta']): string {
  const where = meta.host ? ` of ${meta.host}` : '';
  return `${where} captured ${meta.capturedAt}`;
}

/**
 * A snapshot's label. `sampleReason` says why a sample is shown instead of the live namespace
 * (the agent knows: its platform, or --sample); without it the sample's label stops at the time.
 */
export function snapshotLabel(kind: SnapshotKind, meta: Snapshot['meta'], sampleReason?: string): string {
  if (kind === 'sample') {
    // Say what the sample really is: the committed one is a Wine capture, but a stand-in made
    // with `make-sample.mjs --synthetic` must not claim to be.
    const what = meta.source === 'wine' ? 'captured under Wine by the objscope snapshot command' : `(${meta.source})`;
    return `Sample snapshot ${what}, ${meta.capturedAt}${sampleReason ? `; ${sampleReason}` : ''}`;
  }
  if (kind === 'share') return `Shared snapshot${captured(meta)} (read-only)`;
  return `Snapshot${captured(meta)} (read-only)`;
}

/** The live namespace's label: Wine's version when under Wine, else the host and its OS build. */
export function liveLabel(live: { wineVersion: string | null; host: string | null; osVersion: string | null }): string {
  if (live.wineVersion) return `Live under Wine ${live.wineVersion}${live.host ? ` — ${live.host}` : ''}`;
  return `Live — ${live.host ?? 'this machine'}${live.osVersion ? ` (${live.osVersion})` : ''}`;
}
