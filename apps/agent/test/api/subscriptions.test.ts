// Subscriptions over SSE on the wire: the first watch event is the full listing, changes arrive
// as added / removed / changed, and the source stops being polled when the client goes away.
import { SnapshotSource, type ObjectSource, type Snapshot } from '@objscope/core';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DirectoryChange } from '@objscope/api';
import { findDir, inputQuery, nodeAt, sameOrigin, sse, startAgent, testSnapshot, type Agent } from './helpers';

/**
 * A namespace that changes between polls: each listing comes from the next of a series of real
 * SnapshotSources (the live version of this test, with objects created and deleted for real,
 * runs under Wine). It also counts listings, to see polling stop.
 */
class ChangingNamespace {
  listings = 0;
  /** Listings per directory: one watch's polls are the clock another watch is measured by. */
  readonly listingsOf = new Map<string, number>();
  private step = 0;
  constructor(private readonly states: SnapshotSource[]) {}
  source(): ObjectSource {
    const current = () => this.states[Math.min(this.step, this.states.length - 1)]!;
    return new Proxy(current(), {
      get: (_t, prop) => {
        // It changes, so it is live as far as the API knows: a snapshot would not be polled.
        if (prop === 'info') return async () => ({ ...(await current().info()), kind: 'live' as const });
        if (prop === 'list') {
          return async (path: string) => {
            this.listings++;
            this.listingsOf.set(path, (this.listingsOf.get(path) ?? 0) + 1);
            const r = await current().list(path);
            this.step++;
            return r;
          };
        }
        const v = Reflect.get(current(), prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(current()) : v;
      },
    });
  }
}

let dir: string;
let ns: ChangingNamespace;
let agent: Agent;
beforeAll(async () => {
  const base = testSnapshot();
  dir = findDir(base, (n) => n.children!.some((c) => c.name === '__proto__'));
  const next: Snapshot = structuredClone(base);
  const parent = nodeAt(next, dir);
  const proto = parent.children!.find((c) => c.name === '__proto__')!;
  parent.children = parent.children!.filter((c) => c.name !== 'constructor');
  parent.children.push({ name: 'new\u0000event', type: 'Event', target: null, error: null });
  proto.type = 'Mutant';
  ns = new ChangingNamespace([
    new SnapshotSource(base, { kind: 'snapshot' }),
    new SnapshotSource(next, { kind: 'snapshot' }),
  ]);
  agent = await startAgent({ source: ns.source() });
});
afterAll(() => agent.close());

describe('watch.directory over SSE', () => {
  it('sends the listing first, then exactly what changed', async () => {
    const port = agent.server.port;
    const r = await sse(
      port,
      `/trpc/watch.directory?${inputQuery({ path: dir, intervalMs: 250 })}`,
      sameOrigin(port),
      (events) => events.filter((e) => e.event === 'message').length >= 2,
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    const messages = r.events.filter((e) => e.event === 'message').map((e) => e.data as DirectoryChange);
    const [first, second] = messages;
    expect(first!.added.map((e) => e.name).sort()).toEqual(nodeAt(testSnapshot(), dir).children!.map((c) => c.name).sort());
    expect(first!.removed).toEqual([]);
    expect(second!.added.map((e) => e.name)).toEqual(['new\u0000event']);
    expect(second!.removed.map((e) => e.name)).toEqual(['constructor']);
    expect(second!.changed.map((e) => [e.name, e.type])).toEqual([['__proto__', 'Mutant']]);
  });

  it('stops polling the source once the client disconnects', async () => {
    const port = agent.server.port;
    await sse(port, `/trpc/watch.directory?${inputQuery({ path: dir, intervalMs: 250 })}`, sameOrigin(port), (e) =>
      e.some((x) => x.event === 'message'),
    );
    // The first watch is gone. A second one, on the root, keeps polling at the same interval:
    // its polls count the intervals that pass, so no sleep decides anything here.
    const polls = (path: string) => ns.listingsOf.get(path) ?? 0;
    const clock = httpRequest({
      host: '127.0.0.1',
      port,
      path: `/trpc/watch.directory?${inputQuery({ path: '\\', intervalMs: 250 })}`,
      headers: sameOrigin(port),
      setHost: false,
    });
    clock.on('error', () => {});
    clock.end();
    try {
      const start = polls('\\');
      // Two intervals for the server to see the first client go (one poll may be in flight)...
      await vi.waitFor(() => expect(polls('\\')).toBeGreaterThanOrEqual(start + 2), { timeout: 20_000, interval: 50 });
      const stopped = polls(dir);
      // ...then four more intervals in which the first watch must not poll once.
      await vi.waitFor(() => expect(polls('\\')).toBeGreaterThanOrEqual(start + 6), { timeout: 20_000, interval: 50 });
      expect(polls(dir)).toBe(stopped);
      expect(stopped).toBeGreaterThan(0);
    } finally {
      clock.destroy();
    }
  });

  it('refuses an interval under 250 ms', async () => {
    const port = agent.server.port;
    const r = await sse(
      port,
      `/trpc/watch.directory?${inputQuery({ path: dir, intervalMs: 10 })}`,
      sameOrigin(port),
      (e) => e.some((x) => x.event === 'serialized-error'),
      3000,
    );
    const err = r.events.find((e) => e.event === 'serialized-error')?.data as { json: { message: string; data: { code: string } } };
    expect(err.json.data.code).toBe('BAD_REQUEST');
    expect(err.json.message).toContain('intervalMs');
    expect(r.events.filter((e) => e.event === 'message')).toEqual([]);
  });
});

describe('memory.watch over SSE', () => {
  it('emits the 11 conditions once at start', async () => {
    const port = agent.server.port;
    const r = await sse(port, `/trpc/memory.watch?${inputQuery({ intervalMs: 1000 })}`, sameOrigin(port), (e) =>
      e.some((x) => x.event === 'message'),
    );
    const first = r.events.find((e) => e.event === 'message')!.data as unknown[];
    expect(first).toHaveLength(11);
  });
});

describe('zombies.watch over SSE', () => {
  it('emits the report with every zombie PID as added at first', async () => {
    const port = agent.server.port;
    const r = await sse(port, `/trpc/zombies.watch?${inputQuery({ intervalMs: 1000 })}`, sameOrigin(port), (e) =>
      e.some((x) => x.event === 'message'),
    );
    const first = r.events.find((e) => e.event === 'message')!.data as { added: number[]; removed: number[] };
    const zombies = testSnapshot().zombies;
    if (!zombies) throw new Error('the test snapshot must carry a zombie report');
    const pids = zombies.processes.map((p) => p.pid);
    expect(pids.length).toBeGreaterThan(0);
    expect(first.added.sort()).toEqual(pids.sort());
    expect(first.removed).toEqual([]);
  });
});
