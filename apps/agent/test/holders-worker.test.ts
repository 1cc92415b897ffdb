// The scan process on Linux (#19): one long-lived child process runs job after job (so what it
// learned survives), and a job past its time or memory limit, or one that crashes, ends the
// process, whose exit is what releases every handle it had open. Child scripts here keep a
// counter and report their pid: they show which process ran a job (the same one, or a fresh one
// after a limit ended the last). The real scans in the real child, under Wine, are
// test/wine/api-handles.test.ts and test/wine/no-trace.test.ts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HolderWork, HOLDER_LIMITS } from '../src/holders-worker';
import { LOCAL_JOB_LIMITS } from '../src/snapshot-jobs';
import { ScanProcess } from '../src/scan-process';
import type { PoolError } from '../src/worker-pool';

const SCAN_BUNDLE = join(import.meta.dirname, '..', 'dist', 'holders-worker.mjs');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'objscope-scan-process-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child whose jobs: `count` answers how many jobs this process has run; `spin` busy-waits `ms`, `loop` never ends, `grow` eats memory, `crash` exits. */
function script(): URL {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    file,
    `let jobs = 0;
process.on('message', (m) => {
  jobs++;
  if (m.op === 'loop') for (;;) {}
  if (m.op === 'grow') { const keep = []; for (;;) keep.push(new Array(1e5).fill({ x: keep.length })); }
  if (m.op === 'spin') { const until = Date.now() + m.ms; while (Date.now() < until) {} }
  if (m.op === 'crash') process.exit(7);
  process.send({ id: m.id, jobs, pid: process.pid });
});
process.on('disconnect', () => process.exit(0));
process.send({ id: 0, kind: 'ready' });
`,
  );
  return pathToFileURL(file);
}

const child = (extra: Partial<ConstructorParameters<typeof ScanProcess>[0]> = {}) =>
  new ScanProcess({ url: script(), label: 'holder scan', maxQueued: 1, timeoutMs: 5000, memoryMb: 64, ...extra });

type Reply = { id: number; jobs: number; pid: number };

/** Whether process `pid` still exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the scan process', () => {
  it('runs job after job in one child process, so what it learned survives', async () => {
    const p = child();
    const a = await p.run<Reply>({ op: 'count' });
    const b = await p.run<Reply>({ op: 'count' });
    expect([a.jobs, b.jobs]).toEqual([1, 2]);
    expect(b.pid).toBe(a.pid);
    expect(a.pid).not.toBe(process.pid);
    expect(p.started).toBe(1);
    await p.close();
  });

  it('ends the process of a job past its time limit before answering; the next job gets a fresh one', async () => {
    const p = child({ timeoutMs: 300 });
    const first = await p.run<Reply>({ op: 'count' });
    const e = await p.run({ op: 'loop' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('timeout');
    expect((e as PoolError).message).toMatch(/holder scan took longer than 300 ms and was stopped/);
    // Gone by the time the caller hears of it: its handle table went with it.
    expect(alive(first.pid)).toBe(false);
    const next = await p.run<Reply>({ op: 'count' });
    expect(next.jobs).toBe(1);
    expect(next.pid).not.toBe(first.pid);
    expect(p.started).toBe(2);
    await p.close();
  });

  it('reports a process that outgrew its heap ceiling as memory; the next job gets a fresh one', async () => {
    const p = child({ timeoutMs: 60_000 });
    const e = await p.run({ op: 'grow' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('memory');
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 1 });
    expect(p.started).toBe(2);
    await p.close();
  });

  it('reports a process that exited mid-job as crashed, with its exit code', async () => {
    const p = child();
    const e = await p.run({ op: 'crash' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('crashed');
    expect((e as PoolError).message).toMatch(/exit code 7/);
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 1 });
    await p.close();
  });

  it('tells a caller who left `cancelled` at once, lets the job finish (it closes what it opened) and keeps the process', async () => {
    const p = child({ timeoutMs: 60_000 });
    const c = new AbortController();
    const left = p.run({ op: 'spin', ms: 400 }, { signal: c.signal }).catch((x: unknown) => x);
    c.abort();
    expect(((await left) as PoolError).reason).toBe('cancelled');
    expect(p.active).toBe(1);
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 2 });
    expect(p.started).toBe(1);
    await p.close();
  });

  it('refuses a job when one runs and the queue is full', async () => {
    const p = child({ timeoutMs: 60_000 });
    const a = p.run<Reply>({ op: 'spin', ms: 500 });
    const b = p.run<Reply>({ op: 'count' });
    const e = await p.run({ op: 'count' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('busy');
    await expect(Promise.all([a, b])).resolves.toMatchObject([{ jobs: 1 }, { jobs: 2 }]);
    await p.close();
  });
});

describe('HolderWork', () => {
  it('has the snapshot jobs’ local limits, one job at a time', () => {
    expect(HOLDER_LIMITS).toEqual({ ...LOCAL_JOB_LIMITS, concurrency: 1 });
  });

  it('answers a scan past its time limit with STATUS_IO_TIMEOUT and the limit in words', async () => {
    // A child that never answers a job.
    const never = join(dir, 'never.mjs');
    writeFileSync(never, "process.on('message', () => { for (;;) {} });\nprocess.send({ id: 0, kind: 'ready' });\n");
    const stuck = new HolderWork({ workerUrl: pathToFileURL(never), limits: { ...HOLDER_LIMITS, timeoutMs: 300 } });
    const r = await stuck.holders('\\BaseNamedObjects\\M', 'Mutant');
    expect(r).toMatchObject({ ok: false, status: 0xc00000b5, name: 'STATUS_IO_TIMEOUT' });
    expect(r.ok ? '' : r.message).toMatch(/holder scan took longer than 300 ms and was stopped/);
    await stuck.close();
  });

  it('says the scan bundle is missing instead of scanning on the request thread', async () => {
    const work = new HolderWork({ workerUrl: pathToFileURL(join(dir, 'nope', 'holders-worker.mjs')) });
    const r = await work.processHandles(4);
    expect(r).toMatchObject({ ok: false, name: 'STATUS_INTERNAL_ERROR' });
    expect(r.ok ? '' : r.message).toMatch(/holders-worker\.mjs is missing/);
  });

  describe('zombie scans, in the real scan bundle (Linux: the NT layer says it needs Windows)', () => {
    beforeAll(() => {
      if (!existsSync(SCAN_BUNDLE)) throw new Error(`${SCAN_BUNDLE} is missing: npm run build -w @objscope/agent`);
    });

    it('runs them in the scan process, and says why one failed', async () => {
      const work = new HolderWork({ workerUrl: pathToFileURL(SCAN_BUNDLE) });
      await expect(work.zombies()).rejects.toThrow(/zombie scan failed: .*live NT access needs Windows/);
      expect(work.scans.started).toBe(1);
      await work.close();
    });

    it('gives calls that overlap a running scan that same scan, and a later call a new one', async () => {
      const work = new HolderWork({ workerUrl: pathToFileURL(SCAN_BUNDLE) });
      const a = work.zombies();
      const b = work.zombies();
      expect(b).toBe(a);
      await Promise.allSettled([a, b]);
      const c = work.zombies();
      expect(c).not.toBe(a);
      await expect(c).rejects.toThrow(/needs Windows/);
      expect(work.scans.started).toBe(1);
      await work.close();
    });
  });
});
