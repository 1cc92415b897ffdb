// Snapshot sources for serve / share / export-site: read the file, validate it with the core
// loader, and label it so the UI says what it shows.
import { readFileSync } from 'node:fs';
import { decodeSnapshot, SnapshotSource, type Snapshot } from '@objscope/core';

export type SnapshotLoad = { ok: true; snapshot: Snapshot; bytes: Uint8Array } | { ok: false; error: string };

export function loadSnapshotFile(file: string): SnapshotLoad {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file} (${code ?? 'error'})` };
  }
  const r = decodeSnapshot(bytes);
  return r.ok ? { ok: true, snapshot: r.snapshot, bytes } : { ok: false, error: r.error };
}

function captured(s: Snapshot): string {
  const where = s.meta.host ? ` of ${s.meta.host}` : '';
  return `${where} captured ${s.meta.capturedAt}`;
}

export function snapshotLabel(kind: 'snapshot' | 'sample' | 'share', s: Snapshot): string {
  if (kind === 'sample') {
    // Say what the sample really is: the committed one is a Wine capture, but a stand-in made
    // with `make-sample.mjs --synthetic` must not claim to be.
    const what = s.meta.source === 'wine' ? 'captured under Wine by `objscope snapshot`' : `(${s.meta.source})`;
    return `Sample snapshot ${what}, ${s.meta.capturedAt}; no live source on ${process.platform}`;
  }
  if (kind === 'share') return `Shared snapshot${captured(s)} (read-only)`;
  return `Snapshot${captured(s)} (read-only)`;
}

export function snapshotSource(kind: 'snapshot' | 'sample' | 'share', s: Snapshot): SnapshotSource {
  return new SnapshotSource(s, { kind, label: snapshotLabel(kind, s) });
}
