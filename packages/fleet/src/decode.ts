// Reading one snapshot file into the fleet tables' rows, and handing those rows between threads.
// Decoding (inflate, JSON.parse, core's validation, the row walk) is most of an add's time and
// needs nothing from the store, so `add` can run it on worker threads (decode-worker.ts) while
// the main thread assigns path ids and writes. A structured clone of 20,000 rows x 9 columns of
// JS values cost the writer more than the decoding it saved (measured: 1.01 vs 1.32 hosts/s),
// so a column crosses as one typed array per column, transferred (no copy), and a string column
// as one joined string with end offsets: one string is copied as one block, not as 20,000 values.
// A joined JS string rather than UTF-8 bytes keeps every value exactly as decoded (a lone
// surrogate in a target or SDDL survives to the writer, which decides what Parquet gets).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_SNAPSHOT_LIMITS, decodeSnapshot } from '@objscope/core';
import { snapshotRows, type SnapshotRows } from './rows';

/**
 * The file's JSON text. core's reader inflates with fflate (JavaScript, so the browser can open
 * a snapshot); here, in Node only, zlib does it natively, which was the largest single cost of an
 * add (about 40% of decoding a 20,000-object snapshot). The bounds stay the reader's: the output
 * is capped at its decompressed limit (a bomb stops there), and zlib checks the CRC and length.
 * What is not gzip goes to the reader as it is, which takes plain JSON or says what it is not.
 */
function inflate(bytes: Buffer): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const max = DEFAULT_SNAPSHOT_LIMITS.maxDecompressedBytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: max });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new Error(`snapshot rejected: it decompresses to more than ${max} bytes (the limit)`);
    if (/unexpected end/i.test(err.message)) throw new Error('snapshot rejected: the gzip data is truncated');
    throw new Error(`snapshot rejected: the gzip data is corrupt (${err.message.slice(0, 80)})`);
  }
}

export interface DecodedFile {
  rows: SnapshotRows;
  sha256: string;
}

/** One snapshot file's rows. Throws a plain Error whose message says why the file was refused. */
export function readSnapshot(file: string, hostOverride: string | undefined): DecodedFile {
  const size = statSync(file).size;
  if (size > DEFAULT_SNAPSHOT_LIMITS.maxCompressedBytes) throw new Error(`it is ${size} bytes, over the ${DEFAULT_SNAPSHOT_LIMITS.maxCompressedBytes}-byte limit`);
  const bytes = readFileSync(file);
  // Inflated already: the reader's byte bound is then the decompressed one.
  const decoded = decodeSnapshot(inflate(bytes), { maxCompressedBytes: DEFAULT_SNAPSHOT_LIMITS.maxDecompressedBytes });
  if (!decoded.ok) throw new Error(decoded.error);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { rows: snapshotRows(decoded.snapshot, { fileName: basename(file), filePath: resolve(file), sha256, hostOverride }), sha256 };
}

type Cell = string | number | bigint | boolean | null;

/** One column in transferable form; `nulls[i]` is 1 where row i is NULL. */
type PackedColumn =
  | { kind: 'null'; length: number }
  | { kind: 'string'; text: string; ends: Uint32Array; nulls: Uint8Array }
  | { kind: 'number'; values: Float64Array; nulls: Uint8Array }
  | { kind: 'bigint'; values: BigInt64Array; nulls: Uint8Array }
  | { kind: 'boolean'; values: Uint8Array; nulls: Uint8Array };

export interface PackedFile {
  host: string;
  capturedAt: number;
  sha256: string;
  tables: Record<string, Record<string, PackedColumn>>;
}

function packColumn(values: Cell[]): PackedColumn {
  const n = values.length;
  const first = values.find((v) => v !== null);
  if (first === undefined) return { kind: 'null', length: n };
  const nulls = new Uint8Array(n);
  const kind = typeof first;
  // A column holds one type (rows.ts fills each from one field); a mixed one is a bug, said so.
  const check = (v: Cell, i: number): void => {
    if (typeof v !== kind) throw new Error(`fleet rows: column mixes ${kind} and ${typeof v} (row ${i})`);
  };
  if (kind === 'string') {
    const ends = new Uint32Array(n);
    const parts: string[] = [];
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v === null) nulls[i] = 1;
      else {
        check(v, i);
        parts.push(v as string);
        at += (v as string).length;
      }
      ends[i] = at;
    }
    return { kind, text: parts.join(''), ends, nulls };
  }
  if (kind === 'number') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v === null) nulls[i] = 1;
      else {
        check(v, i);
        out[i] = v as number;
      }
    }
    return { kind, values: out, nulls };
  }
  if (kind === 'bigint') {
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v === null) nulls[i] = 1;
      else {
        check(v, i);
        // BIGINT is 64 bits; a typed array would wrap a larger value into another number silently.
        if (BigInt.asIntN(64, v as bigint) !== v) throw new Error(`fleet rows: ${String(v)} (row ${i}) does not fit a 64-bit integer`);
        out[i] = v as bigint;
      }
    }
    return { kind, values: out, nulls };
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === null) nulls[i] = 1;
    else {
      check(v, i);
      out[i] = v ? 1 : 0;
    }
  }
  return { kind: 'boolean', values: out, nulls };
}

function unpackColumn(c: PackedColumn): Cell[] {
  if (c.kind === 'null') return new Array<Cell>(c.length).fill(null);
  const n = c.nulls.length;
  const out = new Array<Cell>(n);
  if (c.kind === 'string') {
    let from = 0;
    for (let i = 0; i < n; i++) {
      const to = c.ends[i]!;
      out[i] = c.nulls[i] ? null : c.text.slice(from, to);
      from = to;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    if (c.nulls[i]) out[i] = null;
    else if (c.kind === 'boolean') out[i] = c.values[i] === 1;
    else out[i] = c.values[i]!;
  }
  return out;
}

/** The file's rows as typed columns, and the buffers to transfer with them. */
export function packFile(d: DecodedFile): { packed: PackedFile; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const tables: PackedFile['tables'] = {};
  for (const [table, cols] of Object.entries(d.rows.tables)) {
    const t: Record<string, PackedColumn> = {};
    for (const [name, values] of Object.entries(cols)) {
      const c = packColumn(values);
      if (c.kind !== 'null') {
        transfer.push(c.nulls.buffer as ArrayBuffer);
        if (c.kind === 'string') transfer.push(c.ends.buffer as ArrayBuffer);
        else transfer.push(c.values.buffer as ArrayBuffer);
      }
      t[name] = c;
    }
    tables[table] = t;
  }
  return { packed: { host: d.rows.host, capturedAt: d.rows.capturedAt.getTime(), sha256: d.sha256, tables }, transfer };
}

export function unpackFile(p: PackedFile): DecodedFile {
  const tables: Record<string, Record<string, Cell[]>> = {};
  for (const [table, cols] of Object.entries(p.tables)) {
    const t: Record<string, Cell[]> = Object.create(null) as Record<string, Cell[]>;
    for (const [name, c] of Object.entries(cols)) t[name] = unpackColumn(c);
    tables[table] = t;
  }
  return { rows: { host: p.host, capturedAt: new Date(p.capturedAt), tables: tables as SnapshotRows['tables'] }, sha256: p.sha256 };
}
