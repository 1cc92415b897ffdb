// Where each table's files live: STORE/<table>/host=<host>/captured=<time>/part-0.parquet, the
// hive layout Spark, Trino and DuckDB all understand. Host names come from snapshot files
// (hostile text), so a partition value keeps only [A-Za-z0-9._-] and percent-encodes the rest
// (`/`, `\`, `:`, NUL, emoji); a value that would be too long for one file name is cut and
// suffixed with a hash. The rows carry `host` and `captured_at` themselves, so a reader never
// needs to decode a directory name.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TableName } from './schema';

const MAX_SEGMENT = 120;

function partitionValue(v: string): string {
  let enc = '';
  for (const byte of Buffer.from(v, 'utf8')) {
    const ch = String.fromCharCode(byte);
    enc += /[A-Za-z0-9._-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  // `.` and `..` alone would be directory references; they are encoded like any other byte.
  if (enc === '.' || enc === '..') enc = enc.replaceAll('.', '%2E');
  if (enc.length > MAX_SEGMENT) enc = `${enc.slice(0, MAX_SEGMENT - 17)}~${createHash('sha256').update(v).digest('hex').slice(0, 16)}`;
  return enc;
}

/** Compact UTC time for a directory name (no `:`, which Windows refuses in file names). */
function capturedValue(d: Date): string {
  return d.toISOString().replaceAll(':', '').replaceAll('-', '');
}

export function partitionDir(store: string, table: TableName, host: string, capturedAt: Date): string {
  return join(store, table, hostSegment(host), `captured=${capturedValue(capturedAt)}`);
}

export function hostSegment(host: string): string {
  return `host=${partitionValue(host)}`;
}

/**
 * Per host directory, the captured= directory of its current snapshot (the latest at or before
 * AT) among those whose `snapshots` file exists, read from the directory names alone. Asking
 * DuckDB instead opened every snapshots file of the store for every question (1,000 files at
 * 1,000 hosts) to learn what the names already say: the time is fixed-width, so it sorts as text,
 * and both encodings are one-to-one.
 */
export function currentPartitions(store: string, at: Date | undefined): Map<string, string> {
  const dir = join(store, 'snapshots');
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const limit = at ? `captured=${capturedValue(at)}` : null;
  for (const h of readdirSync(dir)) {
    if (!h.startsWith('host=')) continue;
    let best: string | null = null;
    for (const c of readdirSync(join(dir, h))) {
      if (!c.startsWith('captured=') || (limit !== null && c > limit) || (best !== null && c <= best)) continue;
      if (existsSync(join(dir, h, c, PART_FILE))) best = c;
    }
    if (best !== null) out.set(h, best);
  }
  return out;
}

export const PART_FILE = 'part-0.parquet';

/** A string as an SQL literal: only for paths the local user gave, never for names from files. */
export function sqlString(s: string): string {
  if (s.includes('\0')) throw new Error('a path with a NUL character');
  return `'${s.replaceAll("'", "''")}'`;
}
