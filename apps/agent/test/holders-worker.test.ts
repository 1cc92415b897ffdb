// The holder scans' thread on Linux: a keepAlive WorkerPool keeps one thread (and what it learned)
// from job to job, under the same limits as the heavy jobs, and HolderWork turns a limit into a
// clear NtResult. Worker scripts here keep a counter in the thread: it shows which thread ran a
// job (the same one, or a fresh one after a limit ended the last). The real scans in the real
// worker, under Wine, are test/wine/api-handles.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HolderWork, HOLDER_LIMITS } from '../src/holders-worker';
import { LOCAL_HEAVY_LIMITS } from '../src/offload';
import { PoolError, WorkerPool } from '../src/worker-pool';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'objscope-keepalive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker whose jobs: `count` answers how many jobs this thread has run; `spin` busy-waits `ms`, `loop` never ends, `grow` eats memory. */
function script(): URL {
  const file = join(dir, `w-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
let jobs = 0;
parentPort.on('message', (m) => {
  jobs++;
  if (m.op === 'loop') for (;;) {}
  if (m.op === 'grow') { const keep = []; for (;;) keep.push(new Array(1e5).fill({ x: keep.length })); }
  if (m.op === 'spin') { const until = Date.now() + m.ms; while (Date.now() < until) {} }
  parentPort.postMessage({ id: m.id, jobs });
});
parentPort.postMessage({ id: 0, kind: 'ready' });
`,
  );
  return pathToFileURL(file);
}

const kept = (extra: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) =>
  new WorkerPool({ url: script(), label: 'holder scan', concurrency: 1, maxQueued: 1, timeoutMs: 2000, resourceLimits: { maxOldGenerationSizeMb: 64 }, keepAlive: true, ...extra });

type Reply = { id: number; jobs: number };

describe('a keepAlive worker pool', () => {
  it('runs job after job on one thread, so what the thread learned survives', async () => {
    const p = kept();
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 1 });
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 2 });
    expect(p.started).toBe(1);
    await p.close();
  });

  it('ends a thread that overruns its time limit; the next job gets a fresh one', async () => {
    const p = kept({ timeoutMs: 300 });
    await p.run<Reply>({ op: 'count' });
    const e = await p.run({ op: 'loop' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('timeout');
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 1 });
    expect(p.started).toBe(2);
    await p.close();
  });

  it('ends a thread that outgrows its memory ceiling; the next job gets a fresh one', async () => {
    const p = kept({ timeoutMs: 60_000 });
    const e = await p.run({ op: 'grow' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('memory');
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 1 });
    expect(p.started).toBe(2);
    await p.close();
  });

  it('tells a caller who left `cancelled` at once, but lets the thread finish and keeps it', async () => {
    const p = kept({ timeoutMs: 60_000 });
    const c = new AbortController();
    const left = p.run({ op: 'spin', ms: 400 }, { signal: c.signal }).catch((x: unknown) => x);
    c.abort();
    expect(((await left) as PoolError).reason).toBe('cancelled');
    // The slot is still taken by the job the thread is finishing: the next job waits for it.
    expect(p.active).toBe(1);
    await expect(p.run<Reply>({ op: 'count' })).resolves.toMatchObject({ jobs: 2 });
    expect(p.started).toBe(1);
    await p.close();
  });

  it('refuses a job when one runs and the queue is full', async () => {
    const p = kept({ timeoutMs: 60_000 });
    const a = p.run<Reply>({ op: 'spin', ms: 500 });
    const b = p.run<Reply>({ op: 'count' });
    const e = await p.run({ op: 'count' }).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('busy');
    await expect(Promise.all([a, b])).resolves.toMatchObject([{ jobs: 1 }, { jobs: 2 }]);
    await p.close();
  });

  it('refuses to be built with more than one thread', () => {
    expect(() => kept({ concurrency: 2 })).toThrow(/concurrency 1/);
  });
});

describe('HolderWork', () => {
  it('has the heavy jobs’ local limits on one thread', () => {
    expect(HOLDER_LIMITS).toEqual({ ...LOCAL_HEAVY_LIMITS, concurrency: 1 });
  });

  it('answers a scan past its time limit with STATUS_IO_TIMEOUT and the limit in words', async () => {
    // A worker that never answers a job.
    const never = pathToFileURL(join(dir, 'never.mjs'));
    writeFileSync(join(dir, 'never.mjs'), "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { for (;;) {} });\nparentPort.postMessage({ id: 0, kind: 'ready' });\n");
    const stuck = new HolderWork({ workerUrl: never, limits: { ...HOLDER_LIMITS, timeoutMs: 300 } });
    const r = await stuck.holders('\\BaseNamedObjects\\M', 'Mutant');
    expect(r).toMatchObject({ ok: false, status: 0xc00000b5, name: 'STATUS_IO_TIMEOUT' });
    expect(r.ok ? '' : r.message).toMatch(/holder scan took longer than 300 ms and was stopped/);
    await stuck.close();
  });

  it('says the worker bundle is missing instead of scanning on the request thread', async () => {
    const work = new HolderWork({ workerUrl: pathToFileURL(join(dir, 'nope', 'holders-worker.mjs')) });
    const r = await work.processHandles(4);
    expect(r).toMatchObject({ ok: false, name: 'STATUS_INTERNAL_ERROR' });
    expect(r.ok ? '' : r.message).toMatch(/holders-worker\.mjs is missing/);
  });
});
