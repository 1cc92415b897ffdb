// The fleet store and its questions, on a fleet generated from the real Wine sample capture
// (testing/generate.ts plants every difference, so each answer is an exact host set).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeSnapshot, type Snapshot } from '@objscope/core';
import { HOSTILE_NAMES } from '@objscope/core/testing';
import { addSnapshots, Fleet, FleetError } from '../src/index';
import { LONE_SURROGATE } from '../src/rows';
import { generateFleet, MALWARE_MUTEX, MALWARE_NAME, type GeneratedHost } from '../testing/generate';

const SAMPLE = fileURLToPath(new URL('../../../apps/agent/assets/sample.objscope.gz', import.meta.url));

function sample(): Snapshot {
  const r = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE)));
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

let work: string;
let store: string;
let hosts: GeneratedHost[];
let fleet: Fleet;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'objscope-fleet-'));
  store = join(work, 'store');
  hosts = generateFleet(sample(), { dir: join(work, 'snaps'), hosts: 15, snapshotsPerHost: 2, objectsPerHost: 3400 });
  const report = await addSnapshots(store, hosts.flatMap((h) => h.files));
  if (report.skipped.length || report.added.length !== 30) throw new Error(`the generated fleet did not go in whole: ${JSON.stringify(report.skipped)}`);
  fleet = await Fleet.open(store);
  // Generating and adding 30 snapshots is seconds on an idle machine; the bound is for a shared one.
}, 180_000);

afterAll(() => {
  fleet?.close();
  rmSync(work, { recursive: true, force: true });
});

const names = (xs: { host: string }[]) => [...new Set(xs.map((x) => x.host))].sort();
const expected = (f: (h: GeneratedHost) => boolean) => hosts.filter(f).map((h) => h.name).sort();

describe('fleet add', () => {
  test('adding the same snapshots again changes nothing: every one is reported unchanged and no file is rewritten', async () => {
    const before = readdirSync(store, { recursive: true }).sort();
    const again = await addSnapshots(store, hosts.flatMap((h) => h.files));
    expect(again.added).toEqual([]);
    expect(again.unchanged).toHaveLength(30);
    expect(readdirSync(store, { recursive: true }).sort()).toEqual(before);
  });

  test('a corrupt, a hostile and a missing file among good ones are skipped by name and the good one goes in', async () => {
    const dir = join(work, 'bad');
    const good = generateFleet(sample(), { dir, hosts: 1, hostName: () => 'GOOD-HOST' })[0]!.files[0]!;
    const corrupt = join(dir, 'corrupt.objscope.gz');
    writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const hostile = join(dir, 'proto.objscope.gz');
    writeFileSync(hostile, JSON.stringify({ format: 'objscope-snapshot', version: 2, __proto__: { polluted: true } }));
    const missing = join(dir, 'gone.objscope.gz');
    const other = join(work, 'store-bad');
    const r = await addSnapshots(other, [corrupt, hostile, good, missing]);
    expect(r.added.map((a) => a.host)).toEqual(['GOOD-HOST']);
    expect(r.skipped.map((s) => s.file)).toEqual([corrupt, hostile, missing]);
    for (const s of r.skipped) expect(s.reason.length).toBeGreaterThan(5);
    const f = await Fleet.open(other);
    try {
      expect((await f.hosts()).map((h) => h.host)).toEqual(['GOOD-HOST']);
    } finally {
      f.close();
    }
  });

  test('a second, different snapshot claiming the same host and time is refused, not merged', async () => {
    const dir = join(work, 'clash');
    const [h] = generateFleet(sample(), { dir, hosts: 1, objectsPerHost: 3300, hostName: () => hosts[0]!.name });
    const r = await addSnapshots(store, h!.files);
    expect(r.added).toEqual([]);
    expect(r.skipped[0]?.reason).toMatch(/already holds a different snapshot/);
  });

  test('hostile host names (NUL, __proto__, HTML, 240 characters, emoji, "..") are stored and answered exactly', async () => {
    const wellFormed = HOSTILE_NAMES.filter((n) => !LONE_SURROGATE.test(n));
    const dir = join(work, 'hostile');
    const gen = generateFleet(sample(), { dir, hosts: wellFormed.length, hostName: (i) => wellFormed[i]! });
    const other = join(work, 'store-hostile');
    const r = await addSnapshots(other, gen.flatMap((h) => h.files));
    expect(r.skipped).toEqual([]);
    const f = await Fleet.open(other);
    try {
      expect((await f.hosts()).map((h) => h.host).sort()).toEqual([...wellFormed].sort());
      expect(names((await f.find({ pattern: MALWARE_NAME })).matches)).toEqual(gen.filter((h) => h.malware).map((h) => h.name).sort());
    } finally {
      f.close();
    }
    const lone = await addSnapshots(other, [gen[0]!.files[0]!], { host: 'lone \uD800 surrogate' });
    expect(lone.skipped[0]?.reason).toMatch(/well-formed/);
  });
}, 120_000);

describe('fleet find', () => {
  test('a name glob, any case, finds exactly the hosts that carry the planted mutex', async () => {
    const r = await fleet.find({ pattern: 'xyz-mutex-*' });
    expect(names(r.matches)).toEqual(expected((h) => h.malware));
    expect(r.hosts).toBe(expected((h) => h.malware).length);
    for (const m of r.matches) expect(m).toMatchObject({ path: MALWARE_MUTEX, type: 'Mutant' });
  });

  test('a pattern with a backslash is a path glob; ? is one character', async () => {
    expect(names((await fleet.find({ pattern: '\\basenamedobjects\\XYZ-Mutex-7c1?' })).matches)).toEqual(expected((h) => h.malware));
    expect((await fleet.find({ pattern: '\\XYZ-Mutex-7c1f' })).hosts).toBe(0);
  });

  test('--type narrows, --regex takes an RE2 pattern, and LIKE wildcards in the pattern are literal', async () => {
    expect((await fleet.find({ pattern: MALWARE_NAME, type: 'Event' })).hosts).toBe(0);
    expect((await fleet.find({ pattern: MALWARE_NAME, type: 'mutant' })).hosts).toBe(expected((h) => h.malware).length);
    expect(names((await fleet.find({ pattern: '^xyz-mutex-[0-9a-f]{4}$', regex: true })).matches)).toEqual(expected((h) => h.malware));
    expect((await fleet.find({ pattern: 'XYZ%' })).hosts).toBe(0);
    expect((await fleet.find({ pattern: "x' OR '1'='1" })).hosts).toBe(0);
  });

  test('a pattern matching thousands of distinct paths (joined, not listed by id) counts what the objects view counts', async () => {
    const current = `(host, captured_at) IN (SELECT host, max(captured_at) FROM snapshots GROUP BY host)`;
    for (const [q, type] of [['*', undefined], ['*', 'Mutant'], ['{*', 'section']] as const) {
      const r = await fleet.find({ pattern: q, type, limit: 0 });
      const typeSql = type ? ` AND lower(type) = '${type.toLowerCase()}'` : '';
      const nameSql = q === '*' ? '' : ` AND name LIKE '{%'`;
      const sql = await fleet.sql(`SELECT count(*), count(DISTINCT host) FROM objects WHERE ${current}${typeSql}${nameSql}`);
      expect([String(r.total), String(r.hosts)]).toEqual(sql.rows[0]);
      expect(r.total).toBeGreaterThan(type ? 10 : 1000 * hosts.length);
    }
  });

  test('a bad regex is a clear error', async () => {
    await expect(fleet.find({ pattern: '(unclosed', regex: true })).rejects.toThrow(FleetError);
  });

  test('--at picks the snapshot current then: before the second captures, no host has the mutex', async () => {
    const firstRoundEnd = new Date(Date.parse(hosts.at(-1)!.capturedAt[0]!) + 1000);
    expect((await fleet.find({ pattern: MALWARE_NAME, at: firstRoundEnd })).hosts).toBe(0);
  });

  test('reads only each host\'s current partition: an unreadable older one does not stop the question', async () => {
    // Daily captures pile up per host; find answers from the latest without scanning the rest.
    const old = readdirSync(join(store, 'objects'), { recursive: true }).map(String).filter((f) => f.endsWith('.parquet')).sort()[0]!;
    const file = join(store, 'objects', old);
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.from('not parquet'));
    try {
      expect(names((await fleet.find({ pattern: 'xyz-mutex-*' })).matches)).toEqual(expected((h) => h.malware));
    } finally {
      writeFileSync(file, bytes);
    }
  });

  test('--history says when the match first and last appeared on each host', async () => {
    const h = await fleet.findHistory({ pattern: MALWARE_NAME });
    expect(names(h)).toEqual(expected((x) => x.malware));
    for (const row of h) {
      const g = hosts.find((x) => x.name === row.host)!;
      expect(row).toEqual({ host: g.name, firstSeen: g.capturedAt[1], lastSeen: g.capturedAt[1], snapshots: 1, current: true });
    }
  });

  test('the timeline counts, per capture day, the hosts captured and those whose snapshot that day matched', async () => {
    const days = await fleet.findTimeline({ pattern: MALWARE_NAME });
    // Two rounds of captures a day apart; the mutex is planted in each malware host's last one.
    expect(days).toEqual([
      { day: hosts[0]!.capturedAt[0]!.slice(0, 10), captured: hosts.length, matched: 0 },
      { day: hosts[0]!.capturedAt[1]!.slice(0, 10), captured: hosts.length, matched: expected((h) => h.malware).length },
    ]);
  });
}, 120_000);

describe('a host\'s snapshot file', () => {
  test('is read back from where it was added, byte for byte', async () => {
    const h = hosts[3]!;
    const f = await fleet.snapshotFile(h.name, new Date(h.capturedAt[1]!));
    expect(f.fileName).toBe(h.files[1]!.split('/').at(-1));
    expect(Buffer.compare(f.bytes, readFileSync(h.files[1]!))).toBe(0);
  });

  test('an unknown capture, a moved file and a rewritten file are each a clear error that names no directory', async () => {
    const h = hosts[4]!;
    await expect(fleet.snapshotFile(h.name, new Date(Date.parse(h.capturedAt[1]!) + 1))).rejects.toThrow(/no snapshot of host .* captured at/);
    const file = h.files[0]!;
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]));
    await expect(fleet.snapshotFile(h.name, new Date(h.capturedAt[0]!))).rejects.toThrow(/has changed since it was added/);
    rmSync(file);
    const gone = fleet.snapshotFile(h.name, new Date(h.capturedAt[0]!));
    await expect(gone).rejects.toThrow(/no longer where it was added from/);
    await expect(gone).rejects.not.toThrow(work);
    writeFileSync(file, bytes);
  });
}, 120_000);

describe('fleet drift', () => {
  test('against the clean baseline, each host lacks and adds exactly the planted objects', async () => {
    const base = hosts[0]!.name;
    const d = await fleet.drift({ baseline: base });
    expect(d.baseline.host).toBe(base);
    expect(d.hosts.map((h) => h.host)).toEqual(hosts.slice(1).map((h) => h.name));
    for (const h of d.hosts) {
      const g = hosts.find((x) => x.name === h.host)!;
      const missing = [...g.missing].sort();
      const extra = [...g.extra, ...(g.malware ? [MALWARE_MUTEX] : [])].sort();
      expect({ host: h.host, missing: h.missingList.map((x) => x.path), extra: h.extraList.map((x) => x.path) }).toEqual({ host: h.host, missing, extra });
      expect([h.missing, h.extra]).toEqual([missing.length, extra.length]);
    }
  });

  test('--host compares one host only; an unknown baseline or host is a clear error', async () => {
    const one = await fleet.drift({ baseline: hosts[0]!.name, host: hosts[1]!.name });
    expect(one.hosts.map((h) => h.host)).toEqual([hosts[1]!.name]);
    await expect(fleet.drift({ baseline: 'NO-SUCH-HOST' })).rejects.toThrow(/no snapshot of baseline host "NO-SUCH-HOST"/);
    await expect(fleet.drift({ baseline: hosts[0]!.name, host: '__proto__' })).rejects.toThrow(/no snapshot of host "__proto__"/);
  });

  test('--at compares the snapshots current then (read from the partition names): the mutex is not yet extra anywhere', async () => {
    const firstRoundEnd = new Date(Date.parse(hosts.at(-1)!.capturedAt[0]!) + 1000);
    const d = await fleet.drift({ baseline: hosts[0]!.name, at: firstRoundEnd });
    expect(d.baseline.capturedAt).toBe(hosts[0]!.capturedAt[0]);
    expect(d.hosts.map((h) => h.capturedAt)).toEqual(hosts.slice(1).map((h) => h.capturedAt[0]));
    expect(d.hosts.flatMap((h) => h.extraList.map((x) => x.path))).not.toContain(MALWARE_MUTEX);
    expect(d.hosts.filter((h) => h.extra > 0).map((h) => h.host)).toEqual(expected((h) => h.extra.length > 0));
    await expect(fleet.drift({ baseline: hosts[0]!.name, at: new Date(Date.parse(hosts[0]!.capturedAt[0]!) - 1) })).rejects.toThrow(/no snapshot of baseline host .* at that time/);
  });
}, 120_000);

describe('fleet zombies', () => {
  test('hosts are ranked by zombie count, each with the image that holds most of them', async () => {
    const z = await fleet.zombies();
    const want = [...hosts]
      .sort((a, b) => b.zombies - a.zombies || (a.name < b.name ? -1 : 1))
      .map((h) => ({ host: h.name, total: h.zombies, topHolder: h.topHolder }));
    expect(z.map((h) => ({ host: h.host, total: h.total, topHolder: h.topHolder }))).toEqual(want);
    expect(z.every((h) => h.recorded)).toBe(true);
  });
}, 120_000);

describe('safe by construction', () => {
  test.each([
    ["SELECT * FROM read_csv('/etc/passwd')", /Permission Error|disabled by configuration/],
    ["COPY (SELECT 1) TO '/tmp/objscope-fleet-out.csv'", /only SELECT queries|Permission Error/],
    ['INSTALL httpfs', /only SELECT queries/],
    ["ATTACH '/tmp/objscope-fleet.db'", /only SELECT queries/],
    ['SET enable_external_access = true', /only SELECT queries/],
    ["SELECT 1; COPY (SELECT 1) TO '/tmp/x.csv'", /statement 2 is COPY|Permission Error/],
    ["SELECT * FROM read_text('/etc/hostname')", /Permission Error|disabled by configuration/],
    ["SELECT * FROM glob('/*')", /Permission Error|disabled by configuration/],
  ])('%s fails with a clear error', async (sql, message) => {
    await expect(fleet.sql(sql)).rejects.toThrow(message);
  });

  test('reading a file outside the store through a path that starts inside it is refused', async () => {
    await expect(fleet.sql(`SELECT * FROM read_csv('${store}/../../../etc/passwd')`)).rejects.toThrow(/Permission Error|disabled by configuration/);
  });

  test('a read-only question answers, and a column called __proto__ stays a column', async () => {
    const r = await fleet.sql('SELECT host, count(*) AS __proto__ FROM objects GROUP BY host ORDER BY host LIMIT 2');
    expect(r.columns).toEqual(['host', '__proto__']);
    expect(r.rows).toHaveLength(2);
  });
}, 120_000);
