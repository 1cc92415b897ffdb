// `objscope info` and `ls` on snapshots (the bundle users run, over --snapshot so it runs on
// Linux): recorded details print as values, never as "unavailable"; a version-1 file says once
// that it holds no details; paths match case-insensitively and print in the stored casing;
// messages keep single backslashes, say "does not exist" for what never existed, "an Event",
// and name pool types and accounts. Needs `npm run build` (npm test builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'fflate';
import { encodeSnapshot, encodeSnapshotJson, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'apps', 'agent', 'dist', 'objscope.mjs');
const SAMPLE = join(ROOT, 'apps', 'agent', 'assets', 'sample.objscope.gz');

let tmp: string;
let v2: string;
let v1: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'objscope-cli-details-'));
  const snap = synthesizeSnapshot({ objects: 300, seed: 4 });
  v2 = join(tmp, 'v2.objscope.gz');
  writeFileSync(v2, encodeSnapshot(snap));
  // A version-1 file as objscope 0.1 wrote it: no details anywhere.
  const strip = (n: SnapshotNode): SnapshotNode => {
    const out: SnapshotNode = { ...n };
    delete out.details;
    if (n.children) out.children = n.children.map(strip);
    return out;
  };
  const doc = JSON.parse(encodeSnapshotJson({ ...snap, root: strip(snap.root), details: null })) as Record<string, unknown>;
  doc.version = 1;
  v1 = join(tmp, 'v1.objscope.gz');
  writeFileSync(v1, gzipSync(new TextEncoder().encode(JSON.stringify(doc))));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('objscope info on the bundled sample (captured under Wine, format version 2)', () => {
  it('is a version-2 file with a details section', () => {
    const doc = JSON.parse(new TextDecoder().decode(gunzipSync(new Uint8Array(readFileSync(SAMPLE))))) as { version: number; details?: unknown };
    expect(doc.version).toBe(2);
    expect(doc.details).toBeTruthy();
  });

  it("runs the README's example, `info '\\??\\C:'`: a drive-letter link and its target", () => {
    const r = run(['info', '\\??\\C:', '--snapshot', SAMPLE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Target: \\Device\\\S+$/m);
    expect(r.stdout).not.toContain('unavailable');
  });

  it('prints the recorded handle counts, state, type and security of an event, and no "unavailable" line', () => {
    const r = run(['info', '\\KernelObjects\\LowMemoryCondition', '--snapshot', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Handles: \d+$/m);
    expect(r.stdout).toMatch(/^ {2}notification event, (not )?signaled$/m);
    expect(r.stdout).toMatch(/^ {2}Pool type: \w+ \(\d+\)$/m);
    expect(r.stdout).toMatch(/^ {2}SDDL: /m);
    expect(r.stdout).not.toContain('unavailable');
  });
});

describe('objscope info on other snapshots', () => {
  it('names owner and group accounts and the pool type', () => {
    const r = run(['info', '\\KernelObjects\\SystemErrorPortReady', '--snapshot', v2]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Owner: BUILTIN\\Administrators (S-1-5-32-544)');
    expect(r.stdout).toContain('Group: NT AUTHORITY\\SYSTEM (S-1-5-18)');
    expect(r.stdout).toContain('Pool type: NonPagedPoolNx (512)');
    expect(r.stdout).toContain('ACCESS_ALLOWED Everyone (S-1-1-0): QUERY_STATE | SYNCHRONIZE');
  });

  it('says once that a version-1 file recorded no details, instead of four "unavailable" lines', () => {
    const r = run(['info', '\\KernelObjects\\SystemErrorPortReady', '--snapshot', v1]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('unavailable');
    expect(r.stdout.match(/not recorded/g)).toHaveLength(1);
  });

  it('matches a path case-insensitively and prints it in the stored casing', () => {
    const r = run(['info', '\\kernelobjects\\systemerrorportready', '--snapshot', v2]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Path: \\KernelObjects\\SystemErrorPortReady');
    const l = run(['ls', '\\KERNELOBJECTS', '--snapshot', v2]);
    expect(l.code).toBe(0);
    expect(l.stdout).toContain('SystemErrorPortReady');
  });

  it('names the root \\ (one backslash)', () => {
    const r = run(['info', '\\', '--snapshot', v2]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}Name: \\ \(the root\)$/m);
  });

  it('keeps single backslashes in errors and says "does not exist" for a path that never did', () => {
    const r = run(['info', '\\NoSuch', '--snapshot', v2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"\\NoSuch" does not exist');
    expect(r.stderr).not.toContain('\\\\');
    expect(r.stderr).not.toContain('no longer');
  });

  it('says "is an Event" when asked to list one', () => {
    const r = run(['ls', '\\KernelObjects\\SystemErrorPortReady', '--snapshot', v2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('\\KernelObjects\\SystemErrorPortReady is an Event, not a directory');
    expect(r.stderr).not.toContain('\\\\');
  });
});
