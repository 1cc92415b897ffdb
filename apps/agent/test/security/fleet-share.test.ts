// A fleet served over HTTP, shared read-only (`objscope --share STORE --host ADDR`, or
// `--fleet STORE` beside --share FILE): only the named questions exist, every input reaches
// DuckDB as a bound parameter, and the Host/Origin checks hold as for any shared snapshot.
// 127.0.0.2 stands in for a LAN address (Linux routes all of 127/8 to lo).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SnapshotSource, decodeSnapshot, type Snapshot } from '@objscope/core';
import { addSnapshots } from '@objscope/fleet';
import { generateFleet, MALWARE_NAME, type GeneratedHost } from '@objscope/fleet/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFleetQuestions } from '../../src/fleet-questions';
import { startServer, type RunningServer } from '../../src/server/server';
import { inputQuery, raw, testSnapshot } from '../api/helpers';

const ADDR = '127.0.0.2';
const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
const SAMPLE = join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz');
const HOSTILE = '<img src=x onerror=alert(1)>__proto__ \u{1F600}';

let work: string;
let store: string;
let hosts: GeneratedHost[];
let shared: RunningServer;
let closeFleet: () => void;

function sample(): Snapshot {
  const r = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE)));
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'objscope-fleet-share-'));
  store = join(work, 'store');
  hosts = generateFleet(sample(), { dir: join(work, 'snaps'), hosts: 8, hostName: (i) => (i === 3 ? HOSTILE : `HOST-${i}`) });
  const r = await addSnapshots(store, hosts.flatMap((h) => h.files));
  if (r.skipped.length) throw new Error(JSON.stringify(r.skipped));
  const opened = await openFleetQuestions(store);
  if (!opened.ok) throw new Error(opened.error);
  closeFleet = opened.close;
  const source = new SnapshotSource(testSnapshot(), { kind: 'share', label: 'shared' });
  shared = await startServer({ source, port: 0, shareHost: ADDR, webRoot: null, fleet: opened.fleet });
}, 120_000);

afterAll(async () => {
  await shared?.close();
  closeFleet?.();
  rmSync(work, { recursive: true, force: true });
});

const get = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
  raw(shared.port, { host: ADDR, path: `/trpc/${procedure}?${inputQuery(input)}`, headers: { Host: `${ADDR}:${shared.port}`, ...headers } });

const data = <T>(body: string): T => (JSON.parse(body) as { result: { data: { json: T } } }).result.data.json;
const message = (body: string): string => (JSON.parse(body) as { error: { json: { message: string } } }).error.json.message;

describe('a fleet shared read-only', () => {
  it('lists its hosts, hostile names exactly, under the store folder name and never its path', async () => {
    const r = await get('fleet.info', undefined);
    expect(r.status).toBe(200);
    const info = data<{ available: boolean; label: string; hosts: { host: string }[] }>(r.body);
    expect(info.available).toBe(true);
    expect(info.label).toBe('store');
    expect(info.hosts.map((h) => h.host).sort()).toEqual(hosts.map((h) => h.name).sort());
    expect(r.body).not.toContain(work);
  });

  it('answers find with exactly the hosts carrying the planted mutex', async () => {
    const r = await get('fleet.find', { pattern: 'xyz-mutex-*' });
    expect(r.status).toBe(200);
    const a = data<{ hosts: number; matches: { host: string }[] }>(r.body);
    expect([...new Set(a.matches.map((m) => m.host))].sort()).toEqual(hosts.filter((h) => h.malware).map((h) => h.name).sort());
  });

  it('binds the pattern as a value: SQL in it matches nothing and runs nothing', async () => {
    for (const pattern of ["x' OR '1'='1", "'; COPY (SELECT 1) TO '/tmp/objscope-pwn.csv'; --", MALWARE_NAME.replace('7c1f', "7c1f' --")]) {
      const r = await get('fleet.find', { pattern });
      expect(r.status).toBe(200);
      expect(data<{ hosts: number }>(r.body).hosts).toBe(0);
    }
    expect(existsSync('/tmp/objscope-pwn.csv')).toBe(false);
  });

  it('says what is wrong with a bad regex, an unknown baseline and an unknown capture, in one line each', async () => {
    const badRegex = await get('fleet.find', { pattern: '(unclosed', regex: true });
    expect(badRegex.status).toBe(400);
    expect(message(badRegex.body)).toMatch(/missing \)|parenthes/i);
    const badBase = await get('fleet.drift', { baseline: '__proto__' });
    expect(badBase.status).toBe(400);
    expect(message(badBase.body)).toBe('no snapshot of baseline host "__proto__" in the store');
    const badSnap = await get('fleet.snapshot', { host: 'HOST-1', capturedAt: '2001-01-01T00:00:00.000Z' });
    expect(badSnap.status).toBe(400);
    expect(message(badSnap.body)).toMatch(/^no snapshot of host "HOST-1" captured at/);
  });

  it('has no procedure that takes SQL: fleet.sql is not found', async () => {
    const r = await get('fleet.sql', { sql: 'SELECT 1' });
    expect(r.status).toBe(404);
  });

  it('hands out a host\'s snapshot file as it was added, and refuses a changed one without naming its directory', async () => {
    const h = hosts[3]!;
    const r = await get('fleet.snapshot', { host: h.name, capturedAt: h.capturedAt[0] });
    expect(r.status).toBe(200);
    const f = data<{ fileName: string; base64: string }>(r.body);
    expect(Buffer.from(f.base64, 'base64').equals(readFileSync(h.files[0]!))).toBe(true);
    const other = hosts[5]!;
    const bytes = readFileSync(other.files[0]!);
    writeFileSync(other.files[0]!, Buffer.concat([bytes, Buffer.from('x')]));
    try {
      const changed = await get('fleet.snapshot', { host: other.name, capturedAt: other.capturedAt[0] });
      expect(changed.status).toBe(400);
      expect(message(changed.body)).toMatch(/has changed since it was added/);
      expect(changed.body).not.toContain(work);
    } finally {
      writeFileSync(other.files[0]!, bytes);
    }
  });

  it('refuses a foreign Host and a foreign Origin on the fleet questions too', async () => {
    const badHost = await raw(shared.port, { host: ADDR, path: `/trpc/fleet.find?${inputQuery({ pattern: '*' })}`, headers: { Host: `attacker.example:${shared.port}` } });
    expect(badHost.status).toBe(403);
    const badOrigin = await get('fleet.find', { pattern: '*' }, { Origin: 'https://attacker.example' });
    expect(badOrigin.status).toBe(403);
  });

  it('in the page (no agent), the router says there is no fleet rather than failing', async () => {
    const plain = await startServer({ source: new SnapshotSource(testSnapshot(), { kind: 'snapshot' }), port: 0, webRoot: null });
    try {
      const r = await raw(plain.port, { path: `/trpc/fleet.info?${inputQuery(undefined)}`, headers: { Host: `127.0.0.1:${plain.port}` } });
      expect(data<{ available: boolean }>(r.body).available).toBe(false);
      const find = await raw(plain.port, { path: `/trpc/fleet.find?${inputQuery({ pattern: 'x' })}`, headers: { Host: `127.0.0.1:${plain.port}` } });
      expect(find.status).toBe(404);
      expect(message(find.body)).toMatch(/serves no fleet/);
    } finally {
      await plain.close();
    }
  });
}, 120_000);

describe('objscope --share STORE --host ADDR (the built agent)', () => {
  let child: ChildProcess | null = null;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
  });

  it('shares the fleet alone on that address, and says so', async () => {
    child = spawn(process.execPath, [BUNDLE, '--share', store, '--host', ADDR, '--port', '0', '--no-open'], { cwd: ROOT, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in 30 s: ${out} ${err}`)), 30_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolveUrl(m[1]!);
        }
      });
      child!.on('exit', (code) => reject(new Error(`agent exited with ${code}: ${err}`)));
    });
    expect(new URL(url).hostname).toBe(ADDR);
    expect(out).toMatch(/fleet store: the Fleet view \(named questions only, shared read-only\)/);
    const port = Number(new URL(url).port);
    const r = await raw(port, { host: ADDR, path: `/trpc/fleet.find?${inputQuery({ pattern: MALWARE_NAME })}`, headers: { Host: `${ADDR}:${port}` } });
    expect(r.status).toBe(200);
    expect(data<{ hosts: number }>(r.body).hosts).toBe(hosts.filter((h) => h.malware).length);
    const info = await raw(port, { host: ADDR, path: `/trpc/source.info?${inputQuery(undefined)}`, headers: { Host: `${ADDR}:${port}` } });
    // The explorer tab of a fleet shared alone shows the bundled sample, labelled as such.
    expect(info.body).toContain('"kind":"sample"');
  }, 60_000);
});
