// AdmissionQueue, the one admission queue: the API's snapshot watches and the agent's bulky requests
// both take turns through it (arrival order, a bound on waiters, a waiter that leaves gives up
// its place, the turn handed over on a later event-loop turn).
import { describe, expect, it } from 'vitest';
import { AdmissionQueue, type Release } from '../src/admission-queue';

/** A hand-over the test runs itself, so every step is explicit (no timers decide anything). */
function manualHandOver() {
  const pending: (() => void)[] = [];
  return {
    handOver: (start: () => void) => void pending.push(start),
    pending,
    /** Starts the next handed-over waiter and lets its promise settle. */
    async step(): Promise<void> {
      pending.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('AdmissionQueue', () => {
  it('admits one at a time, in arrival order, each after the previous one released', async () => {
    const h = manualHandOver();
    const turns = new AdmissionQueue({ handOver: h.handOver });
    const order: string[] = [];
    const releases = new Map<string, Release>();
    const first = await turns.take();
    expect(first).not.toBeNull();
    const waiters = ['b', 'c', 'd'].map((name) =>
      turns.take().then((r) => {
        order.push(name);
        releases.set(name, r!);
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(turns.waiting).toBe(3);
    first!();
    // Released, but the next one starts only when the hand-over runs it.
    await Promise.resolve();
    expect(order).toEqual([]);
    await h.step();
    expect(order).toEqual(['b']);
    releases.get('b')!();
    await h.step();
    releases.get('c')!();
    await h.step();
    await Promise.all(waiters);
    expect(order).toEqual(['b', 'c', 'd']);
    releases.get('d')!();
    // Nobody waits: the turn is free, and the next caller gets it at once.
    expect(h.pending).toEqual([]);
    expect(await turns.take()).not.toBeNull();
  });

  it('lets `concurrency` hold turns at once', async () => {
    const turns = new AdmissionQueue({ concurrency: 2 });
    const a = await turns.take();
    const b = await turns.take();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    let third = false;
    void turns.take().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(turns.waiting).toBe(1);
  });

  it('refuses past maxWaiting: full, and take answers null at once', async () => {
    const turns = new AdmissionQueue({ maxWaiting: 2 });
    await turns.take();
    expect(turns.full).toBe(false);
    void turns.take();
    void turns.take();
    expect(turns.full).toBe(true);
    expect(await turns.take()).toBeNull();
    expect(turns.waiting).toBe(2);
  });

  it('a waiter whose signal fires gives up its place; one aborted before asking never queues', async () => {
    const h = manualHandOver();
    const turns = new AdmissionQueue({ handOver: h.handOver });
    const holder = (await turns.take())!;
    const gone = new AbortController();
    const leaving = turns.take(gone.signal);
    let nextGot: Release | null = null;
    const next = turns.take().then((r) => (nextGot = r));
    gone.abort();
    expect(await leaving).toBeNull();
    expect(turns.waiting).toBe(1);
    holder();
    await h.step();
    await next;
    expect(nextGot).not.toBeNull();
    const already = new AbortController();
    already.abort();
    expect(await turns.take(already.signal)).toBeNull();
    expect(turns.waiting).toBe(0);
  });

  it('a waiter that leaves after the turn was handed to it passes the turn on', async () => {
    const h = manualHandOver();
    const turns = new AdmissionQueue({ handOver: h.handOver });
    const holder = (await turns.take())!;
    const gone = new AbortController();
    void turns.take(gone.signal);
    let lastGot: Release | null = null;
    const last = turns.take().then((r) => (lastGot = r));
    holder();
    // Handed over (pending), then the waiter's client leaves before its start runs.
    expect(h.pending).toHaveLength(1);
    gone.abort();
    await h.step();
    // Its start passed the turn to the last waiter instead of keeping it.
    expect(h.pending).toHaveLength(1);
    await h.step();
    await last;
    expect(lastGot).not.toBeNull();
  });

  it('releasing twice gives the turn back once', async () => {
    const turns = new AdmissionQueue({ concurrency: 1 });
    const a = (await turns.take())!;
    a();
    a();
    const b = await turns.take();
    expect(b).not.toBeNull();
    // Had the second release freed another slot, this one would be admitted too.
    let c = false;
    void turns.take().then(() => (c = true));
    await Promise.resolve();
    expect(c).toBe(false);
  });

  it('hands over on a later macrotask by default (a timer), not in the releasing promise chain', async () => {
    const turns = new AdmissionQueue();
    const holder = (await turns.take())!;
    let started = false;
    const waiter = turns.take().then(() => (started = true));
    holder();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(started).toBe(false);
    await waiter;
    expect(started).toBe(true);
  });
});
