// SID lookups off the event loop (defect 7). LookupAccountSid can wait seconds on a domain
// controller for an unknown domain SID; that wait cannot be produced here, so the lookup below
// is a hand-built one that never answers (or answers when told), named as such. The live lookup
// runs LookupAccountSidW through koffi's `.async` under Wine (apps/agent/test/wine/api.test.ts
// reads account names through the agent).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecurityInfo } from '@objscope/core';
import { createAccountResolver, sidToBytes } from '../src/accounts';

const ace = (sid: string, account: string | null = null) => ({ type: 'ACCESS_ALLOWED', flags: [], mask: 1, rights: [], sid, account });

function deferredLookup() {
  const calls: string[] = [];
  const pending = new Map<string, (name: string | null) => void>();
  return {
    calls,
    answer: (sid: string, name: string | null) => pending.get(sid)!(name),
    fn: (sid: string) => {
      calls.push(sid);
      return new Promise<string | null>((resolve) => pending.set(sid, resolve));
    },
  };
}

describe('sidToBytes', () => {
  it('encodes revision, count, big-endian authority and little-endian sub-authorities', () => {
    expect([...sidToBytes('S-1-5-18')!]).toEqual([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]);
    expect([...sidToBytes('S-1-5-21-1-4294967295')!].slice(8)).toEqual([21, 0, 0, 0, 1, 0, 0, 0, 255, 255, 255, 255]);
    expect(sidToBytes('S-1-1-0')!.byteLength).toBe(12);
  });

  it('refuses what is not a SID', () => {
    for (const bad of ['', 'S-2-5-18', 'S-1-5-4294967296', '__proto__', 'S-1-5-18<script>']) expect(sidToBytes(bad)).toBeNull();
  });
});

describe('account names without blocking the event loop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a lookup that never answers gives null after the bound, and other work goes on meanwhile', async () => {
    const slow = deferredLookup();
    const r = createAccountResolver(slow.fn);
    let settled: string | null | undefined;
    void r.lookup('S-1-5-21-1-2-3-1001', 2000).then((v) => (settled = v));
    // The event loop is free: a timer due earlier fires while the lookup waits.
    let ticked = false;
    setTimeout(() => (ticked = true), 10);
    await vi.advanceTimersByTimeAsync(10);
    expect(ticked).toBe(true);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1990);
    expect(settled).toBeNull();
  });

  it('a late answer fills the cache for the next request; the SID is looked up once', async () => {
    const slow = deferredLookup();
    const r = createAccountResolver(slow.fn);
    const first = r.lookup('S-1-5-21-9-9-9-500', 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toBeNull();
    slow.answer('S-1-5-21-9-9-9-500', 'CORP\\Administrator');
    await vi.advanceTimersByTimeAsync(0);
    expect(r.cached('S-1-5-21-9-9-9-500')).toBe('CORP\\Administrator');
    expect(await r.lookup('S-1-5-21-9-9-9-500')).toBe('CORP\\Administrator');
    expect(slow.calls).toEqual(['S-1-5-21-9-9-9-500']);
  });

  it('two requests for the same SID share one lookup in flight', async () => {
    const slow = deferredLookup();
    const r = createAccountResolver(slow.fn);
    const a = r.lookup('S-1-5-32-544', 1000);
    const b = r.lookup('S-1-5-32-544', 1000);
    expect(slow.calls).toEqual(['S-1-5-32-544']);
    slow.answer('S-1-5-32-544', 'BUILTIN\\Administrators');
    expect(await Promise.all([a, b])).toEqual(['BUILTIN\\Administrators', 'BUILTIN\\Administrators']);
    expect(slow.calls).toHaveLength(1);
  });

  it('runs at most two lookups at once; the rest wait their turn', async () => {
    const slow = deferredLookup();
    const r = createAccountResolver(slow.fn, 2);
    void r.lookup('S-1-5-21-1-1-1-1', 5000);
    void r.lookup('S-1-5-21-1-1-1-2', 5000);
    void r.lookup('S-1-5-21-1-1-1-3', 5000);
    await vi.advanceTimersByTimeAsync(0);
    expect(slow.calls).toEqual(['S-1-5-21-1-1-1-1', 'S-1-5-21-1-1-1-2']);
    slow.answer('S-1-5-21-1-1-1-1', null);
    await vi.advanceTimersByTimeAsync(0);
    expect(slow.calls).toHaveLength(3);
  });

  it('fill() names owner, group and ACEs, keeping names already known', async () => {
    const names = new Map([['S-1-5-18', 'NT AUTHORITY\\SYSTEM'], ['S-1-5-32-544', 'BUILTIN\\Administrators']]);
    const r = createAccountResolver(async (sid) => names.get(sid) ?? null);
    const sec: SecurityInfo = { sddl: null, owner: 'S-1-5-18', group: 'S-1-5-32-544', ownerAccount: null, groupAccount: 'kept', dacl: [ace('S-1-5-18'), ace('S-1-1-0', 'Everyone')], sacl: null };
    expect(await r.fill(sec)).toEqual({
      ...sec,
      ownerAccount: 'NT AUTHORITY\\SYSTEM',
      groupAccount: 'kept',
      dacl: [ace('S-1-5-18', 'NT AUTHORITY\\SYSTEM'), ace('S-1-1-0', 'Everyone')],
    });
  });
});
