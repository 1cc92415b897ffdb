// The read side: DuckDB over the Parquet store, opened so that no query can reach a file
// outside it. Views are declared while the store is attached; then external access is turned
// off except for the store's own directory, extension loading is off, and the configuration is
// locked so no statement can turn any of it back on. The named questions (find, drift, zombies)
// take their inputs as bound parameters only; `sql` (local CLI only) accepts SELECT statements
// and nothing else, which is what keeps COPY ... TO and ATTACH from writing inside the store.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { DEFAULT_SNAPSHOT_LIMITS, type FleetDriftAnswer, type FleetDriftHost, type FleetFindAnswer, type FleetHistoryHost, type FleetTimelineDay, type FleetZombieAnswer } from '@objscope/core';
import { duckdb } from './duck';
import { FleetError } from './errors';
import { FLEET_TABLES, columnsSql, viewSql, type TableName } from './schema';
import { PART_FILE, currentPartitions, hostSegment, sqlString } from './paths';

export { FleetError };

/** Bounds for what one answer lists (counts are always complete). */
const MAX_LIMIT = 100_000;

function hasParts(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const h of readdirSync(dir)) {
    if (!h.startsWith('host=')) continue;
    for (const c of readdirSync(join(dir, h))) if (existsSync(join(dir, h, c, PART_FILE))) return true;
  }
  return false;
}

// DuckDB's messages name the refused operation ("Permission Error: Cannot access file ...");
// the first line is the useful one, the rest is a caret under the SQL.
function duckMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
}

const ISO = (col: string): string => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** The snapshot current per host at $at (null: the latest). Parameter 1 is always $at. */
const CURRENT = `cur AS (SELECT host, max(captured_at) AS captured_at FROM snapshots
  WHERE $1::TIMESTAMP IS NULL OR captured_at <= $1::TIMESTAMP GROUP BY host)`;

export interface FindOptions {
  pattern: string;
  regex?: boolean;
  type?: string | undefined;
  at?: Date | undefined;
  limit?: number | undefined;
}

/** A snapshot file the store points to, read back and checked against the SHA-256 recorded at add. */
export interface SnapshotFile {
  fileName: string;
  bytes: Buffer;
}

export interface SqlResult {
  columns: string[];
  rows: unknown[][];
}

/** `*` and `?` glob (case-insensitive) as an ILIKE pattern with `!` as the escape character. */
function globToLike(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '!') out += `!${ch}`;
    else out += ch;
  }
  return out;
}

function checkLimit(n: number | undefined, dflt: number): number {
  const v = n ?? dflt;
  if (!Number.isInteger(v) || v < 0 || v > MAX_LIMIT) throw new FleetError(`limit must be a whole number from 0 to ${MAX_LIMIT}`);
  return v;
}

const atParam = (at: Date | undefined): DuckDBValue => (at ? at.toISOString().replace('Z', '') : null);

export class Fleet {
  private constructor(
    private readonly db: DuckDBConnection,
    private readonly instance: DuckDBInstance,
    private readonly root: string,
  ) {}

  /** Opens STORE read-only and locked; a missing or empty store is a FleetError. */
  static async open(store: string): Promise<Fleet> {
    const root = resolve(store);
    if (!hasParts(join(root, 'snapshots'))) throw new FleetError(`${store} holds no fleet store (add snapshots with \`objscope fleet add ${store} FILE...\`)`);
    if (hasParts(join(root, 'objects')) && !existsSync(join(root, 'paths'))) {
      throw new FleetError(`${store} was written by an older objscope (object paths in every host's files, no paths dictionary); add its snapshots again into a new store`);
    }
    const { DuckDBInstance } = await duckdb();
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    // Each question opens one objects file per host; with the footers kept in memory, a second
    // question skips a file by its id statistics without reading it again (about half of a find
    // at 100 hosts). Files are written once, under a temporary name and renamed, never changed.
    await db.run('SET parquet_metadata_cache=true');
    for (const t of FLEET_TABLES) {
      const dir = join(root, t.name);
      // paths first (FLEET_TABLES' order): the objects view joins it.
      const has = t.shared ? existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.parquet')) : hasParts(dir);
      if (has) {
        const glob = sqlString(t.shared ? join(dir, 'part-*.parquet') : join(dir, '*', '*', PART_FILE));
        await db.run(`CREATE VIEW "${t.name}" AS ${viewSql(t, glob)}`);
      } else {
        // A store without, say, any --handles snapshot still answers (with no rows).
        await db.run(`CREATE TABLE "${t.name}" ${columnsSql(t)}`);
      }
    }
    await db.run(`SET allowed_directories=[${sqlString(root + sep)}]`);
    await db.run('SET autoinstall_known_extensions=false');
    await db.run('SET autoload_known_extensions=false');
    await db.run('SET enable_external_access=false');
    await db.run('SET lock_configuration=true');
    return new Fleet(db, instance, root);
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  private async rows(sql: string, params: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    try {
      return (await this.db.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      throw new FleetError(duckMessage(e));
    }
  }

  /** Hosts in the store with their latest capture time, sorted by host. */
  async hosts(): Promise<{ host: string; capturedAt: string; snapshots: number }[]> {
    const r = await this.rows(`SELECT host, ${ISO('max(captured_at)')} AS t, count(*)::INTEGER AS n FROM snapshots GROUP BY host ORDER BY host`, []);
    return r.map((x) => ({ host: String(x.host), capturedAt: String(x.t), snapshots: Number(x.n) }));
  }

  /**
   * The pattern as two predicates: one on the distinct paths (`p`, the paths table), asked once
   * per path in the store instead of once per host's object, and one on the object rows (`o`,
   * the type). Parameters 2 and 3.
   */
  private matchSql(o: FindOptions, pat = 2, typ = 3): { paths: string; rows: string; params: DuckDBValue[] } {
    if (o.pattern === '') throw new FleetError('the pattern is empty');
    if (o.pattern.length > 4096) throw new FleetError('the pattern is longer than 4096 characters');
    const type = o.type ?? null;
    const rows = `($${typ}::VARCHAR IS NULL OR lower(o.type) = lower($${typ}))`;
    const name = `regexp_extract(p.path, '[^\\\\]*$')`;
    if (o.regex) return { paths: `(regexp_matches(${name}, $${pat}, 'i') OR regexp_matches(p.path, $${pat}, 'i'))`, rows, params: [o.pattern, type] };
    // A pattern with a backslash is a path glob; without one, it matches names anywhere. A name
    // that matches is the end of its path: the path is filtered first, and only what passes is split.
    if (o.pattern.includes('\\')) return { paths: `p.path ILIKE $${pat} ESCAPE '!'`, rows, params: [globToLike(o.pattern), type] };
    return { paths: `p.path ILIKE '%' || $${pat} ESCAPE '!' AND ${name} ILIKE $${pat} ESCAPE '!'`, rows, params: [globToLike(o.pattern), type] };
  }

  /**
   * The files of `table` (as stored: objects rows carry path_id, not the path) in each host's
   * current snapshot, or only in those of HOSTS: a store of daily captures holds hundreds of
   * snapshots per host, and a question about the current ones should not scan the rest to join
   * them away; a drift of one host reads two files, not the fleet. The file paths are the
   * store's own (partition names are encoded, see paths.ts), never text from a request.
   */
  private currentFiles(table: TableName, at: Date | undefined, hosts?: string[]): string {
    const cur = currentPartitions(this.root, at);
    const wanted = hosts === undefined ? [...cur.keys()] : hosts.map(hostSegment).filter((h) => cur.has(h));
    const files = wanted.map((h) => join(this.root, table, h, cur.get(h)!, PART_FILE)).filter((f) => existsSync(f));
    if (files.length === 0) return `(SELECT * FROM "${table}" WHERE false)`;
    // One schema for every objects file (a store from before the dictionary is refused at open), so
    // DuckDB need not read every file's schema to unite them before it scans any.
    return `read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning=false, union_by_name=false)`;
  }

  /** Every objects file as stored (path_id, no path), for questions over all snapshots. */
  private allObjectFiles(): string {
    const dir = join(this.root, 'objects');
    if (!hasParts(dir)) return '(SELECT * FROM "objects" WHERE false)';
    return `read_parquet(${sqlString(join(dir, '*', '*', PART_FILE))}, hive_partitioning=false, union_by_name=false)`;
  }

  async find(o: FindOptions): Promise<FleetFindAnswer> {
    const limit = checkLimit(o.limit, 1000);
    // The pattern is asked of the distinct paths first (parameter 1); the hosts' rows are then
    // picked by id, type and time (parameters 1 and 2 of the second query).
    const m = this.matchSql(o, 1, 2);
    const [pattern, type] = m.params;
    const ids = (await this.rows(`SELECT path_id FROM paths p WHERE ${m.paths} ORDER BY path_id`, [pattern!])).map((r) => Number(r.path_id));
    if (ids.length === 0) return { hosts: 0, total: 0, matches: [] };
    // A short list of ids goes into the SQL as integers the store itself gave (never text from
    // the request), so DuckDB filters each file's scan by them and skips what its id statistics
    // rule out; a long one (a broad glob) is joined instead.
    const byId = ids.length <= 1000 && ids.every((id) => Number.isSafeInteger(id))
      ? `o.path_id IN (${ids.join(', ')})`
      : `o.path_id IN (SELECT path_id FROM paths p WHERE ${this.matchSql(o, 3, 2).paths})`;
    const args: DuckDBValue[] = ids.length <= 1000 ? [atParam(o.at), type!] : [atParam(o.at), type!, pattern!];
    const matches = `SELECT o.host, o.captured_at, o.path_id, o.type FROM ${this.currentFiles('objects', o.at)} o
      WHERE ${byId} AND ($1::TIMESTAMP IS NULL OR o.captured_at <= $1::TIMESTAMP) AND ${m.rows}`;
    if (limit === 0) {
      const counts = await this.rows(`SELECT count(*)::BIGINT AS total, count(DISTINCT host)::BIGINT AS hosts FROM (${matches})`, args);
      return { hosts: Number(counts[0]?.hosts ?? 0), total: Number(counts[0]?.total ?? 0), matches: [] };
    }
    // One scan of the objects: the matches are kept, then counted, and the first LIMIT listed with their paths.
    const rows = await this.rows(
      `WITH m AS MATERIALIZED (${matches})
       SELECT host, ${ISO('captured_at')} AS t, p.path, type, (SELECT count(*) FROM m)::BIGINT AS total, (SELECT count(DISTINCT host) FROM m)::BIGINT AS hosts
       FROM m JOIN paths p USING (path_id) ORDER BY host, p.path LIMIT ${limit}`,
      args,
    );
    return {
      hosts: Number(rows[0]?.hosts ?? 0),
      total: Number(rows[0]?.total ?? 0),
      matches: rows.map((r) => ({ host: String(r.host), capturedAt: String(r.t), path: String(r.path), type: String(r.type) })),
    };
  }

  /** When a match first and last appeared on each host, over every snapshot up to --at. */
  async findHistory(o: FindOptions): Promise<FleetHistoryHost[]> {
    const m = this.matchSql(o);
    const rows = await this.rows(
      `WITH ${CURRENT}, hits AS (
         SELECT DISTINCT o.host, o.captured_at FROM ${this.allObjectFiles()} o
         SEMI JOIN (SELECT path_id FROM paths p WHERE ${m.paths}) p ON o.path_id = p.path_id
         JOIN snapshots s ON o.host = s.host AND o.captured_at = s.captured_at
         WHERE ($1::TIMESTAMP IS NULL OR o.captured_at <= $1::TIMESTAMP) AND ${m.rows})
       SELECT h.host, ${ISO('min(h.captured_at)')} AS first, ${ISO('max(h.captured_at)')} AS last, count(*)::INTEGER AS n,
         bool_or(h.captured_at = cur.captured_at) AS current
       FROM hits h JOIN cur ON h.host = cur.host GROUP BY h.host ORDER BY h.host`,
      [atParam(o.at), ...m.params],
    );
    return rows.map((r) => ({ host: String(r.host), firstSeen: String(r.first), lastSeen: String(r.last), snapshots: Number(r.n), current: r.current === true }));
  }

  /**
   * Per capture day (UTC), the hosts captured and the hosts whose snapshot that day matched:
   * the --history data as a series, every snapshot counted, not only the latest per host.
   */
  async findTimeline(o: FindOptions): Promise<FleetTimelineDay[]> {
    const m = this.matchSql(o);
    const rows = await this.rows(
      `WITH hits AS (
         SELECT DISTINCT o.host, o.captured_at FROM ${this.allObjectFiles()} o
         SEMI JOIN (SELECT path_id FROM paths p WHERE ${m.paths}) p ON o.path_id = p.path_id
         JOIN snapshots s ON o.host = s.host AND o.captured_at = s.captured_at
         WHERE ($1::TIMESTAMP IS NULL OR o.captured_at <= $1::TIMESTAMP) AND ${m.rows}),
       days AS (SELECT date_trunc('day', captured_at) AS d, count(DISTINCT host) AS n FROM snapshots
         WHERE $1::TIMESTAMP IS NULL OR captured_at <= $1::TIMESTAMP GROUP BY 1),
       matched AS (SELECT date_trunc('day', captured_at) AS d, count(DISTINCT host) AS n FROM hits GROUP BY 1)
       SELECT strftime(days.d, '%Y-%m-%d') AS day, days.n::BIGINT AS captured, coalesce(matched.n, 0)::BIGINT AS matched
       FROM days LEFT JOIN matched ON matched.d = days.d ORDER BY days.d`,
      [atParam(o.at), ...m.params],
    );
    return rows.map((r) => ({ day: String(r.day), captured: Number(r.captured), matched: Number(r.matched) }));
  }

  /**
   * The snapshot file behind one host's capture. The store points to the file it was added from
   * (file_path) instead of keeping a copy; the bytes are read back only when they still are the
   * ones added (same SHA-256), so a moved or rewritten file is said, never shown as that host.
   */
  async snapshotFile(host: string, capturedAt: Date): Promise<SnapshotFile> {
    const r = await this.rows(`SELECT file_name, file_path, sha256 FROM snapshots WHERE host = $1 AND captured_at = $2::TIMESTAMP`, [host, atParam(capturedAt)]);
    const row = r[0];
    if (!row) throw new FleetError(`no snapshot of host ${JSON.stringify(host)} captured at ${capturedAt.toISOString()} in the store`);
    const fileName = String(row.file_name);
    if (typeof row.file_path !== 'string') throw new FleetError(`the store does not say where ${fileName} was added from (it was added by an older objscope); add it again`);
    const path = row.file_path;
    let bytes: Buffer;
    try {
      const size = statSync(path).size;
      if (size > DEFAULT_SNAPSHOT_LIMITS.maxCompressedBytes) throw new FleetError(`${fileName} is now ${size} bytes, over the snapshot size limit`);
      bytes = readFileSync(path);
    } catch (e) {
      if (e instanceof FleetError) throw e;
      throw new FleetError(`the snapshot file ${fileName} is no longer where it was added from`);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
      throw new FleetError(`the snapshot file ${fileName} has changed since it was added (its SHA-256 differs); add it again`);
    }
    return { fileName, bytes };
  }

  /** Objects missing from or extra to each host's current snapshot, against the baseline host's. */
  async drift(o: { baseline: string; host?: string | undefined; at?: Date | undefined; limit?: number | undefined }): Promise<FleetDriftAnswer> {
    const limit = checkLimit(o.limit, 20);
    const cur = currentPartitions(this.root, o.at);
    const when = o.at ? ' at that time' : '';
    if (!cur.has(hostSegment(o.baseline))) throw new FleetError(`no snapshot of baseline host ${JSON.stringify(o.baseline)} in the store${when}`);
    if (o.host !== undefined && !cur.has(hostSegment(o.host))) throw new FleetError(`no snapshot of host ${JSON.stringify(o.host)} in the store${when}`);
    // Sets of (path_id, type): equal paths have equal ids on every host, so the comparison never
    // touches a path string; the few differences listed are then joined to their paths. The
    // files are the current snapshots' only, and with --host only the two hosts'.
    const files = this.currentFiles('objects', o.at, o.host === undefined ? undefined : [o.baseline, o.host]);
    const sets = `WITH o AS (SELECT host, captured_at, path_id, type FROM ${files}),
      b AS (SELECT path_id, type FROM o WHERE host = $1),
      h AS (SELECT host, path_id, type FROM o WHERE host <> $1 AND ($2::VARCHAR IS NULL OR host = $2)),
      hs AS (SELECT host, max(captured_at) AS captured_at FROM o WHERE host <> $1 AND ($2::VARCHAR IS NULL OR host = $2) GROUP BY host)`;
    const params = [o.baseline, o.host ?? null];
    const base = await this.rows(`SELECT count(*)::BIGINT AS n, ${ISO('max(captured_at)')} AS t FROM ${files} WHERE host = $1`, [o.baseline]);
    const counts = await this.rows(
      `${sets},
       common AS (SELECT h.host, count(*) AS n FROM h SEMI JOIN b ON h.path_id = b.path_id AND h.type = b.type GROUP BY h.host),
       sizes AS (SELECT host, count(*) AS n FROM h GROUP BY host)
       SELECT hs.host, ${ISO('hs.captured_at')} AS t,
         ((SELECT count(*) FROM b) - coalesce(common.n, 0))::BIGINT AS missing,
         (coalesce(sizes.n, 0) - coalesce(common.n, 0))::BIGINT AS extra
       FROM hs LEFT JOIN common ON common.host = hs.host LEFT JOIN sizes ON sizes.host = hs.host ORDER BY hs.host`,
      params,
    );
    const lists = new Map<string, FleetDriftHost>();
    const hosts: FleetDriftHost[] = counts.map((r) => {
      const d: FleetDriftHost = { host: String(r.host), capturedAt: String(r.t), missing: Number(r.missing), extra: Number(r.extra), missingList: [], extraList: [] };
      lists.set(d.host, d);
      return d;
    });
    const baseObjects = Number(base[0]?.n ?? 0);
    if (limit > 0 && hosts.some((h) => h.missing > 0 || h.extra > 0)) {
      const listed = await this.rows(
        `${sets},
         miss AS (SELECT hs.host, b.path_id, b.type FROM hs CROSS JOIN b ANTI JOIN h ON h.host = hs.host AND h.path_id = b.path_id AND h.type = b.type),
         extra AS (SELECT h.host, h.path_id, h.type FROM h ANTI JOIN b ON h.path_id = b.path_id AND h.type = b.type),
         diffs AS (SELECT 'missing' AS side, host, path, type FROM miss JOIN paths USING (path_id)
                   UNION ALL SELECT 'extra' AS side, host, path, type FROM extra JOIN paths USING (path_id))
         SELECT side, host, path, type FROM diffs QUALIFY row_number() OVER (PARTITION BY host, side ORDER BY path, type) <= ${limit}
         ORDER BY host, side, path, type`,
        params,
      );
      for (const r of listed) {
        const d = lists.get(String(r.host));
        const item = { path: String(r.path), type: String(r.type) };
        if (r.side === 'missing') d?.missingList.push(item);
        else d?.extraList.push(item);
      }
    }
    return { baseline: { host: o.baseline, capturedAt: String(base[0]?.t), objects: baseObjects }, hosts };
  }

  /** Hosts ranked by zombie count (most first), with the image that holds most of them. */
  async zombies(o: { at?: Date | undefined } = {}): Promise<FleetZombieAnswer[]> {
    const rows = await this.rows(
      `WITH ${CURRENT},
       z AS (SELECT z.* FROM zombies z JOIN cur ON z.host = cur.host AND z.captured_at = cur.captured_at),
       counts AS (SELECT host, count(*) FILTER (WHERE kind = 'process') AS p, count(*) FILTER (WHERE kind = 'thread') AS t FROM z GROUP BY host),
       top AS (SELECT host, holder_image, count(*) AS n FROM z WHERE holder_image IS NOT NULL GROUP BY host, holder_image
               QUALIFY row_number() OVER (PARTITION BY host ORDER BY count(*) DESC, holder_image) = 1)
       SELECT cur.host, ${ISO('cur.captured_at')} AS t, s.zombies_recorded AS recorded,
         coalesce(counts.p, 0)::BIGINT AS p, coalesce(counts.t, 0)::BIGINT AS th, top.holder_image AS top, coalesce(top.n, 0)::BIGINT AS top_n
       FROM cur JOIN snapshots s ON s.host = cur.host AND s.captured_at = cur.captured_at
       LEFT JOIN counts ON counts.host = cur.host LEFT JOIN top ON top.host = cur.host
       ORDER BY coalesce(counts.p, 0) + coalesce(counts.t, 0) DESC, cur.host`,
      [atParam(o.at)],
    );
    return rows.map((r) => ({
      host: String(r.host),
      capturedAt: String(r.t),
      recorded: r.recorded === true,
      processes: Number(r.p),
      threads: Number(r.th),
      total: Number(r.p) + Number(r.th),
      topHolder: r.top == null ? null : (r.top as string),
      topHolderCount: Number(r.top_n),
    }));
  }

  /** Read-only SQL from the local user: SELECT statements only, on the locked connection. */
  async sql(text: string): Promise<SqlResult> {
    let last: SqlResult = { columns: [], rows: [] };
    const { StatementType } = await duckdb();
    try {
      const statements = await this.db.extractStatements(text);
      if (statements.count === 0) throw new FleetError('no SQL statement given');
      for (let i = 0; i < statements.count; i++) {
        const p = await statements.prepare(i);
        if (p.statementType !== StatementType.SELECT) {
          throw new FleetError(`only SELECT queries run here (statement ${i + 1} is ${StatementType[p.statementType]})`);
        }
        const r = await p.runAndReadAll();
        // Rows as arrays, never objects keyed by column name: a column may be called __proto__.
        last = { columns: r.columnNames(), rows: r.getRowsJson() };
      }
    } catch (e) {
      if (e instanceof FleetError) throw e;
      throw new FleetError(duckMessage(e));
    }
    return last;
  }
}
