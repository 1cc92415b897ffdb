// `objscope fleet add`: snapshots into the Parquet store. Each snapshot becomes one partition per
// table, written to a temporary name and renamed; the `snapshots` row is written last, so a
// partition without it (an add that was killed) is invisible to queries and is rewritten by the
// next add. A snapshot already in the store with the same bytes is left alone; one that cannot
// be read is reported by file name and skipped, and the others still go in.
//
// Object paths are kept once per store, not once per host: `paths` is an append-only dictionary
// (path_id, path, parent) and the objects files carry path_id. Machines from one image share
// most of their namespace, so this is most of the bytes a host added, and a question matches its
// pattern against the distinct paths once instead of against every host's copy. Ids are small
// consecutive integers (a host's rows, sorted by id, then delta-encode to almost nothing), which
// needs one writer at a time: `add` holds STORE/.add.lock while it runs (see acquireLock).
import { availableParallelism, hostname } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './duck';
import { LONE_SURROGATE, type SnapshotRows } from './rows';
import { readSnapshot, unpackFile, type DecodedFile } from './decode';
import type { DecodeReply, DecodeRequest } from './decode-worker';
import { FleetError } from './errors';
import { FLEET_TABLES, columnsSql, storedColumns, type ColumnDef, type TableName } from './schema';
import { PART_FILE, partitionDir, sqlString } from './paths';

export interface AddProgress {
  done: number;
  total: number;
  file: string;
}

export interface AddReport {
  added: { file: string; host: string; capturedAt: string }[];
  unchanged: { file: string; host: string; capturedAt: string }[];
  skipped: { file: string; reason: string }[];
}

export interface AddOptions {
  /** Replaces meta.host; only for a single file (the CLI refuses it with several). */
  host?: string;
  onProgress?: (p: AddProgress) => void;
  /** How long to wait for another add holding the store's lock (default 10 minutes). */
  lockWaitMs?: number;
  /**
   * The decode thread's script (decode-worker.ts, bundled): given, files are decoded on worker
   * threads while this thread writes; without it, here, one after another.
   */
  decodeWorker?: string | URL;
  /** How many decode threads (default: the CPUs but one, at most 2, at least 1). */
  decodeThreads?: number;
}

async function duckTypes(): Promise<Record<ColumnDef['type'], DuckDBType>> {
  const { VARCHAR, TIMESTAMP, BOOLEAN, BIGINT, INTEGER, UINTEGER } = await duckdb();
  return { VARCHAR, TIMESTAMP, BOOLEAN, BIGINT, INTEGER, UINTEGER };
}

const KEY_COLUMNS = new Set(['host', 'captured_at']);

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

/**
 * Snapshots decoded before their new paths are written: one paths file per batch instead of one
 * per host (a reader opens every paths file), and a batch's rows stay a few hundred MB at most.
 */
const BATCH = 32;

export const LOCK_FILE = '.add.lock';
const PATHS_GLOB = (store: string) => join(store, 'paths', 'part-*.parquet');

/** Files under the snapshots table: what the store already holds, by partition. */
function existingSnapshots(store: string): string[] {
  const dir = join(store, 'snapshots');
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const h of readdirSync(dir)) {
    if (!h.startsWith('host=')) continue;
    for (const c of readdirSync(join(dir, h))) {
      const f = join(dir, h, c, PART_FILE);
      if (c.startsWith('captured=') && existsSync(f)) files.push(f);
    }
  }
  return files;
}

interface LockOwner {
  pid: number;
  machine: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One `add` at a time per store, across processes: path ids are handed out by counting, and
 * two writers counting from the same maximum would give one id to two paths. (Content-derived
 * ids, a 64-bit hash of the path, need no lock, but sorted random 64-bit ids take about 6 bytes
 * each after delta encoding, 120 KB for a 20,000-object host: the whole budget.) The lock is a
 * file made with O_EXCL, naming its pid; a lock whose process is gone on this machine (an add
 * that was killed) is taken over. A live one is waited for, up to waitMs, then refused by name.
 */
async function acquireLock(store: string, waitMs: number): Promise<() => void> {
  const file = join(store, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, machine: hostname(), since: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: Partial<LockOwner> = {};
    try {
      owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    } catch {
      // Being written or removed this instant: look again.
    }
    if (typeof owner.pid === 'number' && owner.machine === me.machine && !alive(owner.pid)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = typeof owner.pid === 'number' ? `process ${owner.pid} on ${JSON.stringify(String(owner.machine))} since ${String(owner.since)}` : 'another process';
      throw new FleetError(`another fleet add (${who}) is writing to this store; wait for it, or remove ${LOCK_FILE} in the store if no add is running`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A lone surrogate as Parquet stores it (UTF-8 has no such code point): U+FFFD. */
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const stored = (p: string): string => (LONE_SURROGATE.test(p) ? p.replace(LONE_SURROGATES, '\uFFFD') : p);

/** A snapshot's rows, of which a batch keeps only `snapshots` once the rest is written. */
type BatchRows = Pick<SnapshotRows, 'host' | 'capturedAt'> & { tables: Partial<SnapshotRows['tables']> };

class StoreWriter {
  /** Paths added by this batch, not yet in a file. */
  private pending: { id: number[]; path: string[]; parent: (string | null)[] } = { id: [], path: [], parent: [] };

  private constructor(
    private readonly store: string,
    private readonly db: DuckDBConnection,
    private readonly duck: Awaited<ReturnType<typeof duckdb>>,
    private readonly types: Record<ColumnDef['type'], DuckDBType>,
    /** sha256 by `host\0captured_at ISO` of snapshots already in the store. */
    readonly known: Map<string, string>,
    /** path_id by path (as stored) for every path in the store. */
    private readonly pathIds: Map<string, number>,
    private nextId: number,
  ) {}

  static async open(store: string): Promise<StoreWriter> {
    const duck = await duckdb();
    const instance = await duck.DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    // The writer reads nothing but the store; no extension is fetched or loaded behind our back.
    await db.run('SET autoinstall_known_extensions=false');
    await db.run('SET autoload_known_extensions=false');
    // A partition's host and time are the same in every row: staged once, in stage_key, and joined
    // in by the COPY, instead of appended (and converted from JS) once per row.
    for (const t of FLEET_TABLES) await db.run(`CREATE TABLE "stage_${t.name}" ${columnsSql({ ...t, columns: t.columns.filter((c) => t.shared || !KEY_COLUMNS.has(c.name)) }, 'stored')}`);
    await db.run('CREATE TABLE stage_key (host VARCHAR, captured_at TIMESTAMP)');
    const known = new Map<string, string>();
    const files = existingSnapshots(store);
    if (files.length) {
      const r = await db.runAndReadAll(
        `SELECT host, strftime(captured_at, '%Y-%m-%dT%H:%M:%S.%g') AS t, sha256 FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning=false)`,
      );
      for (const row of r.getRowObjectsJS()) known.set(`${row.host as string}\0${row.t as string}`, row.sha256 as string);
    }
    const pathIds = new Map<string, number>();
    let nextId = 1;
    if (existsSync(join(store, 'paths')) && readdirSync(join(store, 'paths')).some((f) => f.endsWith('.parquet'))) {
      const r = await db.runAndReadAll(`SELECT path_id, path FROM read_parquet(${sqlString(PATHS_GLOB(store))}, hive_partitioning=false)`);
      const [ids, paths] = r.getColumnsJS() as [number[], string[]];
      for (let i = 0; i < ids.length; i++) {
        pathIds.set(paths[i]!, ids[i]!);
        if (ids[i]! >= nextId) nextId = ids[i]! + 1;
      }
    }
    return new StoreWriter(store, db, duck, await duckTypes(), known, pathIds, nextId);
  }

  static key(host: string, capturedAt: Date): string {
    return `${host}\0${capturedAt.toISOString().slice(0, 23)}`;
  }

  /** Replaces the objects' path and parent columns by path_id, giving ids to paths the store has not seen. */
  assignIds(rows: SnapshotRows): void {
    const o = rows.tables.objects;
    const paths = o.path as string[];
    const parents = o.parent as (string | null)[];
    const ids = new Array<number>(paths.length);
    for (let i = 0; i < paths.length; i++) {
      const p = stored(paths[i]!);
      let id = this.pathIds.get(p);
      if (id === undefined) {
        id = this.nextId++;
        if (id > 0x7fffffff) throw new FleetError('the store holds 2^31 distinct paths, the most path_id (INTEGER) can number');
        this.pathIds.set(p, id);
        this.pending.id.push(id);
        this.pending.path.push(p);
        const parent = parents[i] ?? null;
        this.pending.parent.push(parent === null ? null : stored(parent));
      }
      ids[i] = id;
    }
    delete o.path;
    delete o.parent;
    o.path_id = ids;
  }

  /** Writes the paths given since the last flush, as one new file, before any row that uses them. */
  async flushPaths(): Promise<void> {
    const p = this.pending;
    if (p.id.length === 0) return;
    const dir = join(this.store, 'paths');
    mkdirSync(dir, { recursive: true });
    // Named by its first id: ids are never reused, so neither is a name.
    const file = join(dir, `part-${String(p.id[0]).padStart(10, '0')}.parquet`);
    await this.copy('paths', { path_id: p.id, path: p.path, parent: p.parent }, null, file, 'path_id');
    this.pending = { id: [], path: [], parent: [] };
  }

  /** Appends COLS to the table's stage, writes the stage to FILE (temporary name, then renamed) and empties it. */
  private async copy(table: TableName, cols: Record<string, unknown[]>, key: { host: string; ts: DuckDBValue } | null, file: string, sortBy: string | null): Promise<void> {
    const t = FLEET_TABLES.find((x) => x.name === table)!;
    const storedCols = storedColumns(t);
    const staged = key ? storedCols.filter((c) => !KEY_COLUMNS.has(c.name)) : storedCols;
    const n = cols[staged[0]!.name]!.length;
    if (key) {
      await this.db.run('DELETE FROM stage_key');
      const k = await this.db.createAppender('stage_key');
      k.appendVarchar(key.host);
      k.appendValue(key.ts);
      k.endRow();
      k.flushSync();
      k.closeSync();
    }
    const appender = await this.db.createAppender(`stage_${table}`);
    const types = staged.map((c) => this.types[c.type]);
    for (let at = 0; at < n; at += CHUNK_ROWS) {
      const size = Math.min(CHUNK_ROWS, n - at);
      const chunk = this.duck.DuckDBDataChunk.create(types, size);
      staged.forEach((c, i) => chunk.setColumnValues(i, cols[c.name]!.slice(at, at + size) as DuckDBValue[]));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    appender.closeSync();
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    const select = key ? `SELECT ${storedCols.map((c) => (KEY_COLUMNS.has(c.name) ? `k."${c.name}"` : `s."${c.name}"`)).join(', ')} FROM "stage_${table}" s CROSS JOIN stage_key k` : `SELECT * FROM "stage_${table}" s`;
    await this.db.run(`COPY (${select}${sortBy ? ` ORDER BY s.${sortBy}` : ''}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2, ROW_GROUP_SIZE 122880)`);
    await this.db.run(`DELETE FROM "stage_${table}"`);
    renameSync(tmp, file);
  }

  /**
   * Writes the snapshot's partition: PART 'data' every table but `snapshots`, then (after the
   * batch's paths file) 'visible', the `snapshots` row, which is what makes the partition seen.
   */
  async write(rows: BatchRows, part: 'data' | 'visible'): Promise<void> {
    const key = { host: rows.host, ts: new this.duck.DuckDBTimestampValue(BigInt(rows.capturedAt.getTime()) * 1000n) };
    const tables = part === 'visible' ? FLEET_TABLES.filter((t) => t.name === 'snapshots') : FLEET_TABLES.filter((t) => !t.shared && t.name !== 'snapshots');
    for (const t of tables) {
      const cols = rows.tables[t.name as Exclude<TableName, 'paths'>];
      if (!cols) throw new Error(`fleet add: no ${t.name} rows to write`);
      const n = cols[storedColumns(t)[2]!.name]!.length;
      const file = join(partitionDir(this.store, t.name as TableName, rows.host, rows.capturedAt), PART_FILE);
      if (n === 0) {
        // No rows (no zombie scan, no holders): no file, and no stale one from an earlier add.
        rmSync(file, { force: true });
        continue;
      }
      // Sorted by path_id, a host's ids run 1, 2, 3, ... with few gaps: delta encoding makes them nearly free.
      await this.copy(t.name as TableName, cols, key, file, t.name === 'objects' ? 'path_id' : null);
    }
    if (part === 'visible') this.known.set(StoreWriter.key(rows.host, rows.capturedAt), String(rows.tables.snapshots!.sha256![0]));
  }

  close(): void {
    this.db.closeSync();
  }
}

type Decoded = { ok: true; d: DecodedFile } | { ok: false; reason: string };

/** The files' rows, asked for in file order. */
interface Decoder {
  get(i: number): Promise<Decoded>;
  close(): Promise<void>;
}

function inlineDecoder(files: string[], host: string | undefined): Decoder {
  return {
    get: (i) => {
      try {
        return Promise.resolve({ ok: true, d: readSnapshot(files[i]!, host) });
      } catch (e) {
        return Promise.resolve({ ok: false, reason: (e as Error).message });
      }
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Decoding on THREADS worker threads, up to a batch ahead of the writer (a packed file is a few MB,
 * so the lead is bounded). File i goes to thread i % THREADS, and
 * each thread answers in the order it was asked, so results come back in file order.
 */
function workerDecoder(files: string[], host: string | undefined, script: string | URL, threads: number): Decoder {
  const workers = Array.from({ length: threads }, () => new Worker(script));
  const waiting = new Map<number, (d: Decoded) => void>();
  const results = new Map<number, Promise<Decoded>>();
  // A batch ahead: the threads decode the next batch while this one's rows are written.
  const ahead = BATCH;
  const dead = new Array<boolean>(threads).fill(false);
  const inline = inlineDecoder(files, host);
  let asked = 0;
  workers.forEach((w, k) => {
    w.on('message', (m: DecodeReply) => {
      const done = waiting.get(m.seq);
      waiting.delete(m.seq);
      done?.(m.ok ? { ok: true, d: unpackFile(m.packed) } : { ok: false, reason: m.reason });
    });
    // A thread that died (out of memory, a bug) fails the files it held, each by name; its later files are decoded here.
    const fail = (why: string): void => {
      dead[k] = true;
      for (const [seq, done] of waiting) {
        if (seq % threads !== k) continue;
        waiting.delete(seq);
        done({ ok: false, reason: `the decode thread stopped (${why.slice(0, 120)})` });
      }
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
  });
  const ask = (seq: number): void => {
    if (dead[seq % threads]) {
      results.set(seq, inline.get(seq));
      return;
    }
    results.set(seq, new Promise<Decoded>((done) => waiting.set(seq, done)));
    workers[seq % threads]!.postMessage({ seq, file: files[seq]!, host } satisfies DecodeRequest);
  };
  return {
    get: (i) => {
      while (asked < files.length && asked <= i + ahead) ask(asked++);
      const r = results.get(i)!;
      results.delete(i);
      return r;
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Adds snapshot files to the store at STORE (created when missing). */
export async function addSnapshots(store: string, files: string[], opts: AddOptions = {}): Promise<AddReport> {
  const root = resolve(store);
  const report: AddReport = { added: [], unchanged: [], skipped: [] };
  mkdirSync(root, { recursive: true });
  const release = await acquireLock(root, opts.lockWaitMs ?? 10 * 60_000);
  let writer: StoreWriter | null = null;
  const threads = opts.decodeThreads ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  const decoder = opts.decodeWorker && files.length > 1 ? workerDecoder(files, opts.host, opts.decodeWorker, threads) : inlineDecoder(files, opts.host);
  try {
    writer = await StoreWriter.open(root);
    for (let first = 0; first < files.length; first += BATCH) {
      const batch: { file: string; rows: BatchRows }[] = [];
      // Within a batch: the same host and time twice is one snapshot (or a clash), as across batches.
      const inBatch = new Map<string, string>();
      for (let i = first; i < Math.min(first + BATCH, files.length); i++) {
        const file = files[i]!;
        opts.onProgress?.({ done: i, total: files.length, file });
        try {
          const got = await decoder.get(i);
          if (!got.ok) throw new Error(got.reason);
          const { rows, sha256 } = got.d;
          const key = StoreWriter.key(rows.host, rows.capturedAt);
          const entry = { file, host: rows.host, capturedAt: rows.capturedAt.toISOString() };
          const had = writer.known.get(key) ?? inBatch.get(key);
          if (had === sha256) {
            report.unchanged.push(entry);
            continue;
          }
          if (had !== undefined) throw new Error(`the store already holds a different snapshot of ${JSON.stringify(rows.host)} captured at ${entry.capturedAt}`);
          writer.assignIds(rows);
          inBatch.set(key, sha256);
          // Written now, while the decode threads read the next files; invisible until its `snapshots` row.
          await writer.write(rows, 'data');
          batch.push({ file, rows: { host: rows.host, capturedAt: rows.capturedAt, tables: { snapshots: rows.tables.snapshots } } });
        } catch (e) {
          if (e instanceof FleetError) throw e;
          report.skipped.push({ file, reason: (e as Error).message });
        }
      }
      await writer.flushPaths();
      for (const { file, rows } of batch) {
        try {
          await writer.write(rows, 'visible');
          report.added.push({ file, host: rows.host, capturedAt: rows.capturedAt.toISOString() });
        } catch (e) {
          report.skipped.push({ file, reason: (e as Error).message });
        }
      }
    }
    opts.onProgress?.({ done: files.length, total: files.length, file: '' });
  } finally {
    await decoder.close();
    writer?.close();
    release();
  }
  return report;
}
