// The agent's zombie scanner on Linux, with the real worker bundle (dist/zombie-worker.mjs from
// `npm run build -w @objscope/agent`). Linux has no ntdll, so every scan fails with the NT
// layer's "needs Windows" error: that failure still shows where the scan ran, how overlapping
// calls are shared and how the worker is restarted. Reports with real zombies are the Wine
// specs' job (test/wine/zombie-worker.test.ts).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZombieScanner } from '../src/zombie-worker';

const WORKER = join(import.meta.dirname, '..', 'dist', 'zombie-worker.mjs');
const NEEDS_WINDOWS = /live NT access needs Windows/;

let dir: string;
beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: npm run build -w @objscope/agent`);
  dir = mkdtempSync(join(tmpdir(), 'objscope-zombie-worker-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scanner(url = pathToFileURL(WORKER)) {
  const notes: string[] = [];
  return { s: new ZombieScanner({ workerUrl: url, onNote: (n) => notes.push(n) }), notes };
}

describe('ZombieScanner', () => {
  it('scans in a worker thread that it starts on first use, not before', async () => {
    const { s, notes } = scanner();
    expect(s.workerThreadId).toBeNull();
    await expect(s.scan()).rejects.toThrow(/zombie scan failed: Error: live NT access needs Windows/);
    expect(s.workerThreadId).not.toBeNull();
    expect(s.workerStarts).toBe(1);
    expect(s.fallbackReason).toBeNull();
    expect(notes).toEqual([]);
    await s.close();
  });

  it('keeps one worker for later scans', async () => {
    const { s } = scanner();
    await expect(s.scan()).rejects.toThrow(NEEDS_WINDOWS);
    const first = s.workerThreadId;
    await expect(s.scan()).rejects.toThrow(NEEDS_WINDOWS);
    expect(s.workerThreadId).toBe(first);
    expect(s.workerStarts).toBe(1);
    expect(s.scansRun).toBe(2);
    await s.close();
  });

  it('gives calls that overlap a running scan that same scan, and a later call a new one', async () => {
    const { s } = scanner();
    const a = s.scan();
    const b = s.scan();
    const c = s.scan();
    expect(b).toBe(a);
    expect(c).toBe(a);
    await Promise.allSettled([a, b, c]);
    expect(s.scansRun).toBe(1);
    const d = s.scan();
    expect(d).not.toBe(a);
    await expect(d).rejects.toThrow(NEEDS_WINDOWS);
    expect(s.scansRun).toBe(2);
    await s.close();
  });

  it('starts a new worker after the old one died', async () => {
    const { s, notes } = scanner();
    await expect(s.scan()).rejects.toThrow(NEEDS_WINDOWS);
    const first = s.workerThreadId;
    await s.close();
    expect(s.workerThreadId).toBeNull();
    await expect(s.scan()).rejects.toThrow(NEEDS_WINDOWS);
    expect(s.workerStarts).toBe(2);
    expect(s.workerThreadId).not.toBeNull();
    expect(s.workerThreadId).not.toBe(first);
    expect(s.fallbackReason).toBeNull();
    expect(notes).toEqual([]);
    await s.close();
  });

  it('scans on the main thread, saying so once, when the worker bundle is missing', async () => {
    const { s, notes } = scanner(pathToFileURL(join(dir, 'no-such-worker.mjs')));
    // The same NT-layer error, now thrown in this thread (no "zombie scan failed:" wrapper).
    await expect(s.scan()).rejects.toThrow(/^live NT access needs Windows/);
    await expect(s.scan()).rejects.toThrow(/^live NT access needs Windows/);
    expect(s.workerStarts).toBe(0);
    expect(s.fallbackReason).toMatch(/no-such-worker\.mjs is missing/);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/zombie scans run on the main thread.*cannot start the scan worker/);
  });

  it('scans on the main thread when the worker dies before it is ready', async () => {
    // A real worker that cannot load (the fault a broken bundle or a refused thread gives).
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load the NT layer here');\n");
    const { s, notes } = scanner(pathToFileURL(broken));
    await expect(s.scan()).rejects.toThrow(/^live NT access needs Windows/);
    expect(s.workerStarts).toBe(1);
    expect(s.fallbackReason).toMatch(/cannot load the NT layer here/);
    expect(notes).toHaveLength(1);
    await expect(s.scan()).rejects.toThrow(/^live NT access needs Windows/);
    expect(s.workerStarts).toBe(1);
  });
});
