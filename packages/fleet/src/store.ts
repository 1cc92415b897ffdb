// `objscope fleet add`: snapshots into the Parquet store. Each snapshot becomes one partition per
// table, written to a temporary name and renamed; the `snapshots` row is written last, so a
// partition without it (an add that was killed) is invisible to queries and is rewritten by the
// next add. A snapshot already in the store with the same bytes is left alone; one that cannot
// be read is reported by file name and skipped, and the others still go in.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './duck';
import { DEFAULT_SNAPSHOT_LIMITS, decodeSnapshot } from '@objscope/core';
import { snapshotRows, type SnapshotRows } from './rows';
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
}

async function duckTypes(): Promise<Record<ColumnDef['type'], DuckDBType>> {
  const { VARCHAR, TIMESTAMP, BOOLEAN, BIGINT, INTEGER, UINTEGER } = await duckdb();
  return { VARCHAR, TIMESTAMP, BOOLEAN, BIGINT, INTEGER, UINTEGER };
}

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

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

class StoreWriter {
  private constructor(
    private readonly store: string,
    private readonly db: DuckDBConnection,
    private readonly duck: Awaited<ReturnType<typeof duckdb>>,
    private readonly types: Record<ColumnDef['type'], DuckDBType>,
    /** sha256 by `host\0captured_at ISO` of snapshots already in the store. */
    readonly known: Map<string, string>,
  ) {}

  static async open(store: string): Promise<StoreWriter> {
    const duck = await duckdb();
    mkdirSync(store, { recursive: true });
    const instance = await duck.DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    // The writer reads nothing but the store; no extension is fetched or loaded behind our back.
    await db.run('SET autoinstall_known_extensions=false');
    await db.run('SET autoload_known_extensions=false');
    for (const t of FLEET_TABLES) await db.run(`CREATE TABLE "stage_${t.name}" ${columnsSql(t, 'stored')}`);
    const known = new Map<string, string>();
    const files = existingSnapshots(store);
    if (files.length) {
      const r = await db.runAndReadAll(
        `SELECT host, strftime(captured_at, '%Y-%m-%dT%H:%M:%S.%g') AS t, sha256 FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning=false)`,
      );
      for (const row of r.getRowObjectsJS()) known.set(`${row.host as string}\0${row.t as string}`, row.sha256 as string);
    }
    return new StoreWriter(store, db, duck, await duckTypes(), known);
  }

  static key(host: string, capturedAt: Date): string {
    return `${host}\0${capturedAt.toISOString().slice(0, 23)}`;
  }

  async write(rows: SnapshotRows): Promise<void> {
    const ts = new this.duck.DuckDBTimestampValue(BigInt(rows.capturedAt.getTime()) * 1000n);
    // `snapshots` last: its row is what makes the partition visible.
    const order = FLEET_TABLES.filter((t) => t.name !== 'snapshots').concat(FLEET_TABLES.filter((t) => t.name === 'snapshots'));
    for (const t of order) {
      const cols = rows.tables[t.name as TableName];
      const n = cols[t.columns[2]!.name]!.length;
      const dir = partitionDir(this.store, t.name as TableName, rows.host, rows.capturedAt);
      const file = join(dir, PART_FILE);
      if (n === 0) {
        // No rows (no zombie scan, no holders): no file, and no stale one from an earlier add.
        rmSync(file, { force: true });
        continue;
      }
      const stage = `"stage_${t.name}"`;
      const appender = await this.db.createAppender(`stage_${t.name}`);
      const stored = storedColumns(t);
      const types = stored.map((c) => this.types[c.type]);
      for (let at = 0; at < n; at += CHUNK_ROWS) {
        const size = Math.min(CHUNK_ROWS, n - at);
        const chunk = this.duck.DuckDBDataChunk.create(types, size);
        stored.forEach((c, i) => {
          let values: DuckDBValue[];
          if (c.name === 'host') values = new Array<DuckDBValue>(size).fill(rows.host);
          else if (c.name === 'captured_at') values = new Array<DuckDBValue>(size).fill(ts);
          else values = cols[c.name]!.slice(at, at + size) as DuckDBValue[];
          chunk.setColumnValues(i, values);
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
      appender.closeSync();
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.tmp`;
      // Sorted by path, neighbouring rows share long prefixes and the pages compress well.
      const sortBy = t.name === 'objects' ? ' ORDER BY path' : '';
      await this.db.run(`COPY (SELECT * FROM ${stage}${sortBy}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
      await this.db.run(`DELETE FROM ${stage}`);
      renameSync(tmp, file);
    }
    this.known.set(StoreWriter.key(rows.host, rows.capturedAt), String(rows.tables.snapshots.sha256![0]));
  }

  close(): void {
    this.db.closeSync();
  }
}

/** Adds snapshot files to the store at STORE (created when missing). */
export async function addSnapshots(store: string, files: string[], opts: AddOptions = {}): Promise<AddReport> {
  const root = resolve(store);
  const report: AddReport = { added: [], unchanged: [], skipped: [] };
  const writer = await StoreWriter.open(root);
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      opts.onProgress?.({ done: i, total: files.length, file });
      let rows: SnapshotRows;
      try {
        const size = statSync(file).size;
        if (size > DEFAULT_SNAPSHOT_LIMITS.maxCompressedBytes) throw new Error(`it is ${size} bytes, over the ${DEFAULT_SNAPSHOT_LIMITS.maxCompressedBytes}-byte limit`);
        const bytes = readFileSync(file);
        const decoded = decodeSnapshot(bytes);
        if (!decoded.ok) throw new Error(decoded.error);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        rows = snapshotRows(decoded.snapshot, { fileName: basename(file), filePath: resolve(file), sha256, hostOverride: opts.host });
        const key = StoreWriter.key(rows.host, rows.capturedAt);
        const entry = { file, host: rows.host, capturedAt: rows.capturedAt.toISOString() };
        const had = writer.known.get(key);
        if (had === sha256) {
          report.unchanged.push(entry);
          continue;
        }
        if (had !== undefined) throw new Error(`the store already holds a different snapshot of ${JSON.stringify(rows.host)} captured at ${entry.capturedAt}`);
        await writer.write(rows);
        report.added.push(entry);
      } catch (e) {
        report.skipped.push({ file, reason: (e as Error).message });
      }
    }
    opts.onProgress?.({ done: files.length, total: files.length, file: '' });
  } finally {
    writer.close();
  }
  return report;
}
