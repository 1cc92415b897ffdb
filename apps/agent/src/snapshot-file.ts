// Snapshot files, for every caller (the read commands, serve, share, export-site): read with a
// bound, validated by core's loader, and labelled by core's one rule (source-label.ts) so the
// CLI, the status bar and a static site all say the same of one file.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { DEFAULT_SNAPSHOT_LIMITS, decodeSnapshot, snapshotLabel, SnapshotSource, type Snapshot, type SnapshotKind } from '@objscope/core';

export type SnapshotLoad =
  | {
      ok: true;
      snapshot: Snapshot;
      bytes: Uint8Array;
      /** Size of the JSON text inside (the gzip trailer's length, or the file's size). */
      textBytes: number;
    }
  | {
      ok: false;
      error: string;
      /** Where it failed: the file could not be read, or the loader rejected what it held. */
      stage: 'read' | 'decode';
    };

/**
 * A snapshot file's bytes, refusing before reading anything that is not a regular file of at
 * most `maxBytes` (a FIFO, /dev/zero, a directory, an endless or growing file).
 */
export function readSnapshotBytes(file: string, maxBytes = DEFAULT_SNAPSHOT_LIMITS.maxCompressedBytes): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not block before the type check below.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file} (${code ?? 'error'})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const what = st.isDirectory() ? 'a directory' : st.isCharacterDevice() ? 'a device' : st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'not a regular file';
      return { ok: false, error: `${file} is ${what}, not a snapshot file` };
    }
    if (st.size > maxBytes) return { ok: false, error: `${file} is ${st.size} bytes; a snapshot file is at most ${maxBytes}` };
    // Read at most one byte past the size seen, so a file that grows meanwhile is noticed
    // rather than read without end.
    const buf = Buffer.alloc(st.size + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n <= 0) break;
      got += n;
      if (got > st.size) return { ok: false, error: `${file} grew while it was being read` };
    }
    return { ok: true, bytes: new Uint8Array(buf.buffer, buf.byteOffset, got) };
  } catch (e) {
    return { ok: false, error: `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

/** The JSON text size a snapshot file holds: the gzip trailer's ISIZE, else the file size. */
function textSizeOf(bytes: Uint8Array): number {
  if (bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const t = bytes.length - 4;
    return (bytes[t]! | (bytes[t + 1]! << 8) | (bytes[t + 2]! << 16) | (bytes[t + 3]! << 24)) >>> 0;
  }
  return bytes.length;
}

export function loadSnapshotFile(file: string): SnapshotLoad {
  const read = readSnapshotBytes(file);
  if (!read.ok) return { ...read, stage: 'read' };
  const r = decodeSnapshot(read.bytes);
  return r.ok ? { ok: true, snapshot: r.snapshot, bytes: read.bytes, textBytes: textSizeOf(read.bytes) } : { ok: false, error: r.error, stage: 'decode' };
}

/** Why the agent shows its sample: asked for on Windows, or no live source elsewhere. */
function sampleReason(): string {
  return process.platform === 'win32' ? 'asked for with --sample' : `no live source on ${process.platform}`;
}

/** The label of a snapshot file as the agent serves it (core's snapshotLabel, the one rule). */
export function agentSnapshotLabel(kind: SnapshotKind, s: Snapshot): string {
  return snapshotLabel(kind, s.meta, kind === 'sample' ? sampleReason() : undefined);
}

export function snapshotSource(kind: SnapshotKind, s: Snapshot): SnapshotSource {
  return new SnapshotSource(s, { kind, label: agentSnapshotLabel(kind, s) });
}
