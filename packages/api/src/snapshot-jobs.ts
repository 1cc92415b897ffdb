// The snapshot jobs' work as pure functions (no tRPC, no Node): decoding uploaded snapshots,
// diffing them, encoding an export. The agent runs them in worker threads (apps/agent/src/
// snapshot-jobs-entry.ts); the page's local link runs them in place. Failures are values, so
// they cross a worker boundary unchanged and become one TRPCError each in the router.
import { decodeSnapshot, diffSnapshots, encodeSnapshot, type Snapshot, type SnapshotDiff } from '@objscope/core';
import { base64DecodedLength, base64ToBytes, bytesToBase64 } from './base64';

type JobErrorCode = 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'TIMEOUT' | 'TOO_MANY_REQUESTS' | 'CLIENT_CLOSED_REQUEST' | 'INTERNAL_SERVER_ERROR';

export interface JobFailure {
  ok: false;
  code: JobErrorCode;
  message: string;
}

export interface DiffJob {
  a: string;
  b: string;
  under?: string;
  types?: string[];
  limit: number;
  /** Largest file per side (decoded base64), bytes. */
  maxFileBytes: number;
  /** Largest JSON text per side after decompression, bytes. */
  maxDecompressedBytes: number;
}

export type DiffOutcome = { ok: true; diff: SnapshotDiff } | JobFailure;

export interface SnapshotExport {
  fileName: string;
  base64: string;
}

export type ExportOutcome = { ok: true; value: SnapshotExport } | JobFailure;

const MiB = 1024 * 1024;

function mib(n: number): string {
  return `${Math.round((n / MiB) * 10) / 10} MiB`;
}

/**
 * The inflated size a gzip upload declares in its trailer (ISIZE, the last 4 bytes), read by
 * decoding only the first and last few base64 characters; null when it is not gzip.
 */
function declaredTextSize(text: string): number | null {
  const t = text.trimEnd();
  if (t.length < 24) return null;
  const head = base64ToBytes(t.slice(0, 4));
  if (!head || head[0] !== 0x1f || head[1] !== 0x8b) return null;
  // The last 12 characters (a multiple of 4) decode to the last 7 to 9 bytes.
  const tail = base64ToBytes(t.slice(-12));
  if (!tail || tail.length < 4) return null;
  const n = tail.length;
  return (tail[n - 4]! | (tail[n - 3]! << 8) | (tail[n - 2]! << 16) | (tail[n - 1]! << 24)) >>> 0;
}

/**
 * The size checks each side gets before any decoding, cheap enough for the request thread: the
 * file's size, and the inflated size its gzip trailer states. (A trailer that lies is caught
 * by the loader, which counts while inflating.)
 */
export function uploadTooLarge(text: string, which: string, maxBytes: number, maxTextBytes = Number.POSITIVE_INFINITY): JobFailure | null {
  if (base64DecodedLength(text) > maxBytes) {
    return { ok: false, code: 'PAYLOAD_TOO_LARGE', message: `the ${which} snapshot is larger than ${mib(maxBytes)}` };
  }
  const declared = declaredTextSize(text);
  if (declared !== null && declared > maxTextBytes) {
    return {
      ok: false,
      code: 'PAYLOAD_TOO_LARGE',
      message: `the ${which} snapshot inflates to ${mib(declared)}, more than the ${mib(maxTextBytes)} this agent accepts`,
    };
  }
  return null;
}

function load(text: string, which: string, job: DiffJob): Snapshot | JobFailure {
  const big = uploadTooLarge(text, which, job.maxFileBytes, job.maxDecompressedBytes);
  if (big) return big;
  const bytes = base64ToBytes(text);
  if (!bytes) return { ok: false, code: 'BAD_REQUEST', message: `the ${which} snapshot is not valid base64` };
  const r = decodeSnapshot(bytes, { maxCompressedBytes: job.maxFileBytes, maxDecompressedBytes: job.maxDecompressedBytes });
  if (!r.ok) {
    // "decompresses to more than N bytes" is a size refusal, not a malformed file.
    const code = /decompresses to more than|declares \d+ bytes|limit is/.test(r.error) ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return { ok: false, code, message: `${which} snapshot: ${r.error}` };
  }
  return r.snapshot;
}

export function diffUploads(job: DiffJob): DiffOutcome {
  const a = load(job.a, 'first', job);
  if ('ok' in a) return a;
  const b = load(job.b, 'second', job);
  if ('ok' in b) return b;
  return { ok: true, diff: diffSnapshots(a, b, { under: job.under, types: job.types, limit: job.limit }) };
}

/** `objscope-<host>-<yyyymmdd-hhmmss>.objscope.gz`, with only filename-safe characters. */
function snapshotFileName(s: Snapshot): string {
  const host = (s.meta.host ?? s.meta.source).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'snapshot';
  const t = new Date(s.meta.capturedAt);
  const stamp = Number.isNaN(t.getTime())
    ? 'unknown-time'
    : t.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `objscope-${host}-${stamp}.objscope.gz`;
}

export function exportOf(snapshot: Snapshot): SnapshotExport {
  return { fileName: snapshotFileName(snapshot), base64: bytesToBase64(encodeSnapshot(snapshot)) };
}

/** The export of a snapshot file (gzip or JSON text): decoded with the loader, re-encoded. */
export function exportFile(bytes: Uint8Array): ExportOutcome {
  const r = decodeSnapshot(bytes);
  if (!r.ok) return { ok: false, code: 'INTERNAL_SERVER_ERROR', message: r.error };
  return { ok: true, value: exportOf(r.snapshot) };
}
