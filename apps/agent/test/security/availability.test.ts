// The limits behind issue 12, one by one and in-process (the whole attacks against a real agent
// process are in test/stall): subscription caps, batch and response-size caps, snapshot watches
// that never poll, worker jobs stopped by their limits, snapshot files that must be regular
// files, and hostile text escaped on the terminal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_BATCH_CALLS, MAX_SUBSCRIPTIONS_PER_CLIENT } from '@objscope/api';
import { SnapshotSource, type ObjectSource } from '@objscope/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCspMeta } from '../../src/commands/export-site';
import { escapeForTerminal } from '../../src/output';
import { readSnapshotBytes, agentSnapshotLabel } from '../../src/snapshot-file';
import { PoolError, WorkerPool } from '../../src/worker-pool';
import { inputQuery, raw, sameOrigin, sse, startAgent, testSnapshot, type Agent } from '../api/helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'objscope-availability-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('requests', () => {
  let agent: Agent;
  let listings = 0;
  beforeAll(async () => {
    const real = new SnapshotSource(testSnapshot(), { kind: 'share' });
    const counting = Object.assign(Object.create(real) as ObjectSource, {
      list: (path: string) => {
        listings++;
        return real.list(path);
      },
    });
    agent = await startAgent({ source: counting });
  });
  afterAll(() => agent.close());

  it(`refuses a batch of more than ${MAX_BATCH_CALLS} calls before running any`, async () => {
    const port = agent.server.port;
    const n = MAX_BATCH_CALLS + 1;
    const input: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) input[String(i)] = { json: null };
    const r = await raw(port, {
      path: `/trpc/${Array.from({ length: n }, () => 'source.info').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: sameOrigin(port),
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain('Batch call exceeds maximum size');
  });

  it('answers a batch whose results pass the response budget with a clear error for the calls over it', async () => {
    const port = agent.server.port;
    const input: Record<string, unknown> = {};
    for (let i = 0; i < MAX_BATCH_CALLS; i++) input[String(i)] = { json: { path: '\\Big', offset: (i * 5000) % 50_000, limit: 5000 } };
    const body = JSON.stringify(input);
    const r = await raw(port, {
      method: 'POST',
      path: `/trpc/${Array.from({ length: MAX_BATCH_CALLS }, () => 'namespace.list').join(',')}?batch=1`,
      headers: { ...sameOrigin(port), 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
    });
    const items = JSON.parse(r.body) as ({ result: unknown } | { error: { json: { message: string; data: { code: string } } } })[];
    expect(items).toHaveLength(MAX_BATCH_CALLS);
    const refused = items.filter((x): x is { error: { json: { message: string; data: { code: string } } } } => 'error' in x);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(MAX_BATCH_CALLS);
    expect(refused[0]!.error.json.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused[0]!.error.json.message).toMatch(/the response would exceed 4 MiB/);
    expect(r.body.length).toBeLessThan(6 * 1024 * 1024);
  });

  it('watches a snapshot directory without ever listing it again: one listing, then nothing', async () => {
    const port = agent.server.port;
    const before = listings;
    const r = await sse(port, `/trpc/watch.directory?${inputQuery({ path: '\\Device', intervalMs: 250 })}`, sameOrigin(port), () => false, 2500);
    expect(r.status).toBe(200);
    expect(r.events.filter((e) => e.event === 'message').length).toBeGreaterThanOrEqual(1);
    expect(listings - before).toBe(1);
  });

  it(`caps open subscriptions at ${MAX_SUBSCRIPTIONS_PER_CLIENT} per client, with a 429 that says why`, async () => {
    const port = agent.server.port;
    const path = `/trpc/watch.directory?${inputQuery({ path: '\\Device', intervalMs: 250 })}`;
    const held = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CLIENT }, () =>
      sse(port, path, sameOrigin(port), (e) => e.some((x) => x.event === 'message'), 15_000),
    );
    const opened = await Promise.all(held);
    expect(opened.every((o) => o.status === 200)).toBe(true);
    // sse() closes each stream once it has its event; hold new ones open to fill the slots.
    const controllers: AbortController[] = [];
    const holders = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CLIENT }, () => {
      const c = new AbortController();
      controllers.push(c);
      return fetch(`http://127.0.0.1:${port}${path}`, { headers: { Accept: 'text/event-stream' }, signal: c.signal }).catch(() => null);
    });
    const first = await Promise.all(holders);
    expect(first.every((res) => res?.status === 200)).toBe(true);
    const extra = await raw(port, { path, headers: sameOrigin(port) });
    expect(extra.status).toBe(429);
    expect(extra.body).toMatch(/too many open subscriptions from this client \(16 at most\)/);
    for (const c of controllers) c.abort();
    // The slots come back as the agent sees the streams close.
    await new Promise((r) => setTimeout(r, 1000));
  });

  it('sends a 50,000-entry snapshot listing in events of 1,000 that add up to the whole directory', async () => {
    const port = agent.server.port;
    const r = await sse(
      port,
      `/trpc/watch.directory?${inputQuery({ path: '\\Big', intervalMs: 250 })}`,
      sameOrigin(port),
      (e) => e.filter((x) => x.event === 'message').length >= 50,
      30_000,
    );
    const events = r.events.filter((e) => e.event === 'message').map((e) => e.data as { added: { name: string }[] });
    expect(events.every((e) => e.added.length <= 1000)).toBe(true);
    const names = new Set(events.flatMap((e) => e.added.map((x) => x.name)));
    expect(names.size).toBe(50_000);
  });
});

describe('worker jobs', () => {
  const script = (body: string) => {
    const file = join(dir, `w-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, `import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { ${body} });\nparentPort.postMessage({ id: 0, kind: 'ready' });\n`);
    return pathToFileURL(file);
  };
  const pool = (url: URL, extra: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) =>
    new WorkerPool({ url, label: 'test job', concurrency: 1, maxQueued: 1, timeoutMs: 2000, resourceLimits: { maxOldGenerationSizeMb: 64 }, ...extra });

  it('answers a job from a fresh thread', async () => {
    const p = pool(script("parentPort.postMessage({ id: m.id, kind: 'done', twice: m.n * 2 });"));
    await expect(p.run<{ id: number; twice: number }>({ n: 21 })).resolves.toMatchObject({ twice: 42 });
    await expect(p.run<{ id: number; twice: number }>({ n: 2 })).resolves.toMatchObject({ twice: 4 });
    expect(p.started).toBe(2);
  });

  it('stops a job that runs past its time limit', async () => {
    const p = pool(script('for (;;) {}'), { timeoutMs: 300 });
    const e = await p.run({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PoolError);
    expect((e as PoolError).reason).toBe('timeout');
  });

  it('stops a job when its client goes away', async () => {
    const p = pool(script('for (;;) {}'), { timeoutMs: 60_000 });
    const c = new AbortController();
    const job = p.run({}, { signal: c.signal }).catch((x: unknown) => x);
    setTimeout(() => c.abort(), 200);
    const e = await job;
    expect((e as PoolError).reason).toBe('cancelled');
    expect(p.active).toBe(0);
  });

  it('stops a job that outgrows its memory ceiling', async () => {
    const p = pool(script('const keep = []; for (;;) keep.push(new Array(1e5).fill({ x: keep.length }));'), { timeoutMs: 60_000 });
    const e = await p.run({}).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('memory');
    expect((e as PoolError).message).toMatch(/more than the 64 MiB/);
  });

  it('refuses a job when one runs and the queue is full', async () => {
    const p = pool(script('for (;;) {}'), { timeoutMs: 60_000 });
    const c = new AbortController();
    const a = p.run({}, { signal: c.signal }).catch(() => null);
    const b = p.run({}, { signal: c.signal }).catch(() => null);
    const e = await p.run({}).catch((x: unknown) => x);
    expect((e as PoolError).reason).toBe('busy');
    c.abort();
    await Promise.all([a, b]);
  });
});

describe('snapshot files', () => {
  it('refuses /dev/zero before reading it', () => {
    const r = readSnapshotBytes('/dev/zero');
    expect(r).toEqual({ ok: false, error: '/dev/zero is a device, not a snapshot file' });
  });

  it('refuses a pipe without waiting for a writer', () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(readSnapshotBytes(fifo)).toEqual({ ok: false, error: `${fifo} is a pipe, not a snapshot file` });
  });

  it('refuses a directory', () => {
    expect(readSnapshotBytes(dir)).toEqual({ ok: false, error: `${dir} is a directory, not a snapshot file` });
  });
});

describe('terminal output', () => {
  const crafted = '\r\x1b[2Kobjscope: listening on http://evil.example/\n\x07';

  it('makes control characters visible', () => {
    expect(escapeForTerminal(crafted)).toBe('\\x0d\\x1b[2Kobjscope: listening on http://evil.example/\\x0a\\x07');
    expect(escapeForTerminal('plain host')).toBe('plain host');
  });

  it('escapes a crafted host and capture time in the label serve prints', () => {
    const snap = structuredClone(testSnapshot());
    snap.meta.host = crafted;
    snap.meta.capturedAt = '2024\x1b]0;title\x07';
    const printed = escapeForTerminal(agentSnapshotLabel('share', snap));
    expect([...printed].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toEqual([]);
    expect(printed).toContain('\\x1b[2Kobjscope: listening on');
  });
});

describe('export-site pages', () => {
  it('carry the agent’s CSP as the first thing in <head>, with the page’s own inline-script hashes', () => {
    const html = '<!DOCTYPE html><html><head><title>x</title><script>self.__x=1</script></head><body></body></html>';
    const out = withCspMeta(html);
    const meta = /<head><meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(out);
    expect(meta).not.toBeNull();
    expect(meta![1]).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(meta![1]).toContain("object-src 'none'");
    expect(meta![1]).not.toContain('frame-ancestors');
    // The one deliberate difference: an export may fetch a shared snapshot from a CORS host.
    expect(meta![1]).toContain("connect-src 'self' https: http:");
    expect(meta![1]).toContain("default-src 'self'");
    expect(out.replace(meta![0].slice('<head>'.length), '')).toBe(html);
  });
});
