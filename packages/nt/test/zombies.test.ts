import { describe, expect, it } from 'vitest';
import type { ZombieHolder, ZombieProcess, ZombieThread } from '@objscope/core';
import {
  TOP_HOLDERS,
  ZOMBIE_PROCESS_BYTES,
  ZOMBIE_THREAD_BYTES,
  groupHandleEntries,
  judgeParent,
  rankHolders,
  summarizeZombies,
} from '../src/zombies';
import type { HandleEntry } from '../src/parsers/handles';

const PROCESS = 7;
const THREAD = 8;

function h(over: Partial<HandleEntry>): HandleEntry {
  return { object: 0n, pid: 100, handle: 4, grantedAccess: 0x1fffff, typeIndex: PROCESS, attributes: 0, ...over };
}

describe('groupHandleEntries', () => {
  it('puts every handle to the same object in one group, so it is duplicated once', () => {
    const a = 0xffffc0001000n;
    const b = 0xffffc0002000n;
    const groups = groupHandleEntries([
      h({ object: a, pid: 10, handle: 4 }),
      h({ object: b, pid: 10, handle: 8, typeIndex: THREAD }),
      h({ object: a, pid: 20, handle: 12 }),
      h({ object: a, pid: 30, handle: 16 }),
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]!.object).toBe(a);
    expect(groups[0]!.entries.map((e) => [e.pid, e.handle])).toEqual([[10, 4], [20, 12], [30, 16]]);
    expect(groups[1]).toMatchObject({ object: b, typeIndex: THREAD });
  });

  it('gives every handle its own group where addresses are hidden (Wine, non-admin 24H2)', () => {
    const groups = groupHandleEntries([h({ pid: 10, handle: 4 }), h({ pid: 10, handle: 8 }), h({ pid: 20, handle: 4 })]);
    expect(groups.map((g) => [g.object, g.entries.length])).toEqual([[null, 1], [null, 1], [null, 1]]);
  });

  it('mixes both when only some addresses are visible, and never merges a zero address', () => {
    const groups = groupHandleEntries([h({ object: 5n }), h({}), h({ object: 5n, handle: 8 }), h({ handle: 12 })]);
    expect(groups.map((g) => g.entries.length)).toEqual([2, 1, 1]);
  });

  it('keeps the first-seen order of objects (stable output)', () => {
    const groups = groupHandleEntries([h({ object: 3n }), h({ object: 1n }), h({ object: 2n }), h({ object: 1n })]);
    expect(groups.map((g) => g.object)).toEqual([3n, 1n, 2n]);
  });
});

describe('judgeParent: a parent PID is trusted only if it exists and is older than the child', () => {
  const known = new Map<number, { createTime: bigint }>([
    [500, { createTime: 1000n }],
    [600, { createTime: 3000n }],
    [700, { createTime: 0n }],
  ]);
  const lookup = (pid: number) => known.get(pid);

  it('trusts a parent created before the child', () => {
    expect(judgeParent(500, 2000n, lookup)).toBe(true);
  });
  it('trusts a parent created in the same tick', () => {
    expect(judgeParent(500, 1000n, lookup)).toBe(true);
  });
  it('rejects a parent created after the child: the PID was reused', () => {
    expect(judgeParent(600, 2000n, lookup)).toBe(false);
  });
  it('rejects a parent PID no process has now', () => {
    expect(judgeParent(999, 2000n, lookup)).toBe(false);
  });
  it('rejects a missing or zero parent PID', () => {
    expect(judgeParent(null, 2000n, lookup)).toBe(false);
    expect(judgeParent(0, 2000n, lookup)).toBe(false);
  });
  it('cannot decide (null) when either creation time is unknown', () => {
    expect(judgeParent(700, 2000n, lookup)).toBeNull();
    expect(judgeParent(500, 0n, lookup)).toBeNull();
  });
});

function holder(pid: number, handle: number, imageName: string | null = `p${pid}.exe`): ZombieHolder {
  return { pid, imageName, handle, grantedAccess: 0x1fffff };
}

function zp(pid: number, holders: ZombieHolder[]): ZombieProcess {
  return {
    pid, imageName: 'child.exe', imagePath: null, exitCode: 1, createTime: null, exitTime: null,
    userTimeMs: 0, kernelTimeMs: 0, parentPid: null, parentExists: false, objectAddress: null,
    holders, heldByKernel: holders.length === 0,
  };
}

function zt(tid: number, holders: ZombieHolder[]): ZombieThread {
  return { tid, pid: 1, imageName: null, exitCode: 0, createTime: null, exitTime: null, objectAddress: null, holders };
}

describe('rankHolders', () => {
  it('counts each zombie once per holder even when that holder has two handles to it', () => {
    const r = rankHolders([zp(1000, [holder(10, 4), holder(10, 8)])], []);
    expect(r).toEqual([{ pid: 10, imageName: 'p10.exe', processes: 1, threads: 0 }]);
  });

  it('ranks by processes held, then threads, then pid', () => {
    const r = rankHolders(
      [zp(1, [holder(30, 4)]), zp(2, [holder(30, 8), holder(20, 4)]), zp(3, [holder(40, 4)])],
      [zt(5, [holder(40, 12)]), zt(6, [holder(50, 4)])],
    );
    expect(r.map((s) => [s.pid, s.processes, s.threads])).toEqual([
      [30, 2, 0],
      [40, 1, 1],
      [20, 1, 0],
      [50, 0, 1],
    ]);
  });
});

describe('summarizeZombies', () => {
  it('counts zombies, PIDs held and estimated memory, and keeps the scan figures', () => {
    const s = summarizeZombies({
      processes: [zp(1000, [holder(10, 4)]), zp(1004, [holder(10, 8)]), zp(1008, [])],
      threads: [zt(2000, [holder(10, 12)])],
      holderErrors: [{ pid: 4, imageName: 'System', error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }],
      handlesScanned: 12345,
      heldByKernel: 1,
      scanMs: 12.5,
    });
    expect(s).toEqual({
      zombieProcesses: 3,
      zombieThreads: 1,
      pidsHeld: 3,
      estimatedBytes: 3 * ZOMBIE_PROCESS_BYTES + ZOMBIE_THREAD_BYTES,
      topHolders: [{ pid: 10, imageName: 'p10.exe', processes: 2, threads: 1 }],
      holderErrors: [{ pid: 4, imageName: 'System', error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }],
      handlesScanned: 12345,
      heldByKernel: 1,
      unattributed: 1,
      exitedAfterSnapshot: 0,
      duplicateFailures: [],
      duplicateFailureCount: 0,
      processesNotSeen: null,
      processesListed: 0,
      scanMs: 12.5,
    });
  });

  it(`lists at most ${TOP_HOLDERS} top holders`, () => {
    const processes = Array.from({ length: 25 }, (_, i) => zp(1000 + i * 4, [holder(10 + i * 4, 4)]));
    expect(summarizeZombies({ processes, threads: [], holderErrors: [], handlesScanned: 0, heldByKernel: null, scanMs: 0 }).topHolders)
      .toHaveLength(TOP_HOLDERS);
  });

  it('lists the first 100 duplicate failures and counts them all', () => {
    const duplicateFailures = Array.from({ length: 150 }, (_, i) => ({ pid: 10, imageName: null, handle: 4 * i, step: 'DuplicateHandle' as const, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }));
    const s = summarizeZombies({ processes: [], threads: [], holderErrors: [], handlesScanned: 0, heldByKernel: 0, exitedAfterSnapshot: 3, duplicateFailures, scanMs: 0 });
    expect(s.duplicateFailures).toHaveLength(100);
    expect(s).toMatchObject({ duplicateFailureCount: 150, exitedAfterSnapshot: 3, unattributed: 0 });
  });

  it('reports an empty machine as zero zombies, not as missing data', () => {
    const s = summarizeZombies({ processes: [], threads: [], holderErrors: [], handlesScanned: 300, heldByKernel: null, scanMs: 1 });
    expect(s).toMatchObject({ zombieProcesses: 0, zombieThreads: 0, pidsHeld: 0, estimatedBytes: 0, topHolders: [], heldByKernel: null });
  });
});
