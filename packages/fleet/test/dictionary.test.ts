// The store keeps each object path once (the `paths` dictionary) and the hosts' rows carry its
// id. These say what that must never change: every object still reads back with its exact path,
// ids are never reused or renumbered, and two adds at once cannot give one id to two paths.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeSnapshot, encodeSnapshot, type Snapshot, type SnapshotNode } from '@objscope/core';
import { HOSTILE_NAMES } from '@objscope/core/testing';
import { addSnapshots, Fleet, FleetError } from '../src/index';
import { LOCK_FILE } from '../src/store';
import { generateFleet, MALWARE_MUTEX } from '../testing/generate';

const SAMPLE = fileURLToPath(new URL('../../../apps/agent/assets/sample.objscope.gz', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'objscope-fleet-dict-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sample(): Snapshot {
  const r = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE)));
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

async function query(store: string, sql: string): Promise<unknown[][]> {
  const f = await Fleet.open(store);
  try {
    return (await f.sql(sql)).rows;
  } finally {
    f.close();
  }
}

/** The sample with a directory `\Hostile` holding one Event per name, written as HOST's snapshot. */
function hostileSnapshot(file: string, host: string, names: readonly string[]): void {
  const s = sample();
  const dir: SnapshotNode = { name: 'Hostile', type: 'Directory', target: null, error: null, children: names.map((name) => ({ name, type: 'Event', target: null, error: null })) };
  const root = { ...s.root, children: [...(s.root.children ?? []), dir] };
  writeFileSync(file, encodeSnapshot({ ...s, meta: { ...s.meta, host, objectCount: s.meta.objectCount + names.length + 1 }, root }));
}

describe('the paths dictionary', () => {
  test('each distinct path is stored once; ids run 1..N in order of first appearance; a later add keeps them and appends', async () => {
    const store = join(work, 'ids');
    const gen = generateFleet(sample(), { dir: join(work, 'ids-snaps'), hosts: 6, objectsPerHost: 3400 });
    expect((await addSnapshots(store, gen.slice(0, 2).flatMap((h) => h.files))).skipped).toEqual([]);
    const before = await query(store, 'SELECT path_id, path FROM paths ORDER BY path_id');
    const n = before.length;
    expect(before.map((r) => Number(r[0]))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(new Set(before.map((r) => r[1])).size).toBe(n);

    // Of hosts 2 to 5, only host 2 (its planted extra Event) and host 3 (the planted mutex) hold
    // a path hosts 0 and 1 did not, in that order.
    expect([gen[2]!.extra.length, gen[3]!.malware, gen.slice(4).some((h) => h.malware || h.extra.length > 0)]).toEqual([1, true, false]);
    expect((await addSnapshots(store, gen.slice(2).flatMap((h) => h.files))).skipped).toEqual([]);
    const after = await query(store, 'SELECT path_id, path FROM paths ORDER BY path_id');
    expect(after.slice(0, n)).toEqual(before);
    expect(after.slice(n)).toEqual([
      [n + 1, gen[2]!.extra[0]],
      [n + 2, MALWARE_MUTEX],
    ]);

    // Through the objects view, every host reads back whole: one row per object, each with a path.
    const perHost = await query(store, 'SELECT host, count(*), count(path) FROM objects GROUP BY host ORDER BY host');
    const snaps = gen.map((h) => decodeSnapshot(new Uint8Array(readFileSync(h.files[0]!))));
    expect(perHost).toEqual(gen.map((h, i) => {
      const s = snaps[i]!;
      const rows = String((s.ok ? s.snapshot.meta.objectCount : -1) + 1);
      return [h.name, rows, rows];
    }));
  });

  test('hostile names (NUL, __proto__, HTML, emoji, 240 characters, a lone surrogate) round-trip through the dictionary, once each', async () => {
    const store = join(work, 'hostile');
    const a = join(work, 'hostile-a.objscope.gz');
    const b = join(work, 'hostile-b.objscope.gz');
    hostileSnapshot(a, 'HOSTILE-A', HOSTILE_NAMES);
    hostileSnapshot(b, 'HOSTILE-B', HOSTILE_NAMES);
    expect((await addSnapshots(store, [a])).skipped).toEqual([]);
    const ids = await query(store, "SELECT count(*) FROM paths WHERE parent = '\\Hostile'");
    expect((await addSnapshots(store, [b])).skipped).toEqual([]);
    // The second host's identical names took no new ids, the lone surrogate's included.
    expect(await query(store, "SELECT count(*) FROM paths WHERE parent = '\\Hostile'")).toEqual(ids);

    // Parquet strings are UTF-8: a lone surrogate is stored as U+FFFD, everything else exactly.
    const expected = [...new Set(HOSTILE_NAMES.map((n) => n.replace(/[\uD800-\uDFFF]/gu, '\uFFFD')))].sort();
    for (const host of ['HOSTILE-A', 'HOSTILE-B']) {
      const rows = await query(store, `SELECT name, path FROM objects WHERE host = '${host}' AND parent = '\\Hostile' ORDER BY name`);
      expect(rows.map((r) => r[0]).sort()).toEqual(expected);
      for (const r of rows) expect(r[1]).toBe(`\\Hostile\\${String(r[0])}`);
    }
    const f = await Fleet.open(store);
    try {
      for (const name of ['__proto__', 'nul\u0000inside', 'emoji \u{1F600}\u{1F4A9} name', 'x'.repeat(240), '<script>alert(1)</script>']) {
        const r = await f.find({ pattern: name.replaceAll('*', '?') });
        expect(r.matches.filter((m) => m.path === `\\Hostile\\${name}`).map((m) => m.host)).toEqual(['HOSTILE-A', 'HOSTILE-B']);
      }
    } finally {
      f.close();
    }
  });

  test('two adds to one store at once both go in, and no id is given to two paths', async () => {
    const store = join(work, 'concurrent');
    const gen = generateFleet(sample(), { dir: join(work, 'concurrent-snaps'), hosts: 8, objectsPerHost: 3400 });
    const [r1, r2] = await Promise.all([addSnapshots(store, gen.slice(0, 4).flatMap((h) => h.files)), addSnapshots(store, gen.slice(4).flatMap((h) => h.files))]);
    expect([r1.added.length, r2.added.length, r1.skipped.length + r2.skipped.length]).toEqual([4, 4, 0]);
    const [[paths, ids, texts]] = (await query(store, 'SELECT count(*), count(DISTINCT path_id), count(DISTINCT path) FROM paths')) as [[string, string, string]];
    expect([ids, texts]).toEqual([paths, paths]);
    expect(await query(store, 'SELECT count(DISTINCT host) FROM objects')).toEqual([['8']]);
    expect(existsSync(join(store, LOCK_FILE))).toBe(false);
  });

  test('an add waits for a live process holding the lock and then says who holds it; a dead holder\'s lock is taken over', async () => {
    const store = join(work, 'locked');
    const [h] = generateFleet(sample(), { dir: join(work, 'locked-snaps'), hosts: 1 });
    const lock = join(store, LOCK_FILE);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await addSnapshots(store, []);
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, machine: hostname(), since: '2026-12-07T05:00:00.000Z' }));
      const refused = addSnapshots(store, h!.files, { lockWaitMs: 300 });
      await expect(refused).rejects.toThrow(FleetError);
      await expect(refused).rejects.toThrow(new RegExp(`another fleet add \\(process ${holder.pid} .*remove \\.add\\.lock`));
    } finally {
      holder.kill();
    }
    // A process that has exited: its pid names no one, so its lock is stale.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lock, JSON.stringify({ pid: Number(gone.stdout), machine: hostname(), since: '2026-12-07T05:00:00.000Z' }));
    const r = await addSnapshots(store, h!.files, { lockWaitMs: 0 });
    expect(r.added).toHaveLength(1);
    expect(existsSync(lock)).toBe(false);
  });

  test('a store written before the dictionary (paths in every objects file) is refused with what to do, not misread', async () => {
    const store = join(work, 'old-layout');
    expect((await addSnapshots(store, [SAMPLE])).skipped).toEqual([]);
    rmSync(join(store, 'paths'), { recursive: true });
    await expect(Fleet.open(store)).rejects.toThrow(/written by an older objscope .*add its snapshots again into a new store/);
  });
}, 180_000);
