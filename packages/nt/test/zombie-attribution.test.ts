// The zombie scan's Windows-only paths on hand-built handle tables and process lists: which
// handle duplicates are asked for, when a zombie is recorded, and how zombies no examined
// handle explains are attributed. Wine cannot produce these for real (no protected processes,
// no object addresses, no handle reuse on demand, no NtGetNextProcess); the live scan runs
// under Wine in apps/agent/test/wine/zombies.test.ts.
//
// Sources for the rules encoded by the fakes below:
//  [WRK-dup]  WRK base/ntos/ob/obhandle.c, ObDuplicateObject: when the target access asks for
//             anything the source handle was not granted (TargetAccess & ~SourceAccess), a full
//             access check against the object's security descriptor runs (SeCreateAccessState,
//             then ObpIncrementHandleCount); a subset of the source's access is granted with no
//             check. So asking for more than the source has can fail where a subset cannot.
//  [PH-hid]   System Informer SystemInformer/hidnproc.c: csrss holds a handle to every Win32
//             process (PhEnumCsrProcessHandles), and System Informer reads what those handles
//             point at only through its kernel driver (PhpGetCsrHandleProcessId ->
//             KphQueryInformationObject): a user-mode tool cannot duplicate from a protected
//             process. A process whose ExitTime is set but which can still be opened is listed
//             as terminated (a zombie).
//  [WOX-addr] WinObjEx64 props/propProcess.c, ProcessListSetInfo and ProcessEnumHandlesCallback:
//             an object's holders are the SystemExtendedHandleInformation entries with its
//             object address (and type index), the address read from a handle of its own.
//  [WRK-exit] WRK base/ntos/ps/psdelete.c, PspExitThread: the last thread to exit stores the
//             process's ExitStatus first, then runs the exit (PspExitProcess, handle table
//             rundown, ObKillProcess), and only then sets ExitTime and signals the process
//             object (KeSetProcess... via PspExitProcess/KeTerminateThread). In between,
//             ExitStatus is no longer STATUS_PENDING but the process has not exited; and an
//             exited process may have 259 (STATUS_PENDING) as its exit code.
import { describe, expect, it } from 'vitest';
import type { HolderError, NtResult } from '@objscope/core';
import { fail, ok } from '../src/result';
import { attributeUnexplained, examineEntries, type ExamineApi } from '../src/zombies';
import type { HandleEntry } from '../src/parsers/handles';
import type { ProcessBasic, ProcessFacts } from '../src/process';
import type { ThreadBasic } from '../src/thread';

const PROCESS = 7;
const THREAD = 8;
const TYPES = { process: PROCESS, thread: THREAD, source: 'handle-table' as const };
const SYNCHRONIZE = 0x100000;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const PROCESS_VM_READ = 0x10;
const STATUS_PENDING = 0x103;
const STATUS_ACCESS_DENIED = 0xc0000022;
const STATUS_INVALID_HANDLE = 0xc0000008;
const STATUS_OBJECT_TYPE_MISMATCH = 0xc0000024;

const entry = (over: Partial<HandleEntry>): HandleEntry => ({
  object: 0n, pid: 100, handle: 4, grantedAccess: 0x1fffff, typeIndex: PROCESS, attributes: 0, ...over,
});

type FakeObject =
  /** `exitStatus` where it differs from what `exited` implies (the exit under way, [WRK-exit]). */
  | { kind: 'process'; pid: number; exited: boolean; grantedToUs: number; exitStatus?: number }
  | { kind: 'event'; signaled: boolean };

/**
 * A hand-built system: holder processes with handle tables, objects behind the handles. The
 * fake DuplicateHandle follows [WRK-dup]: rights beyond the source handle's need the object's
 * DACL to grant them to us (`grantedToUs`).
 */
function fakeSystem(holders: Map<number, Map<number, FakeObject>>, opts: { unopenable?: Set<number> } = {}) {
  const requests: { pid: number; handle: number; access: number }[] = [];
  const dups = new Map<number, FakeObject>();
  let next = 0x1000;
  const closed: number[] = [];
  const api: ExamineApi = {
    openProcess: (pid) =>
      opts.unopenable?.has(pid) || !holders.has(pid)
        ? { ok: false, status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED', message: 'denied' }
        : { ok: true, status: 0, value: BigInt(pid) },
    duplicate: (holder, handle, access) => {
      const pid = Number(holder as bigint);
      requests.push({ pid, handle, access });
      const obj = holders.get(pid)?.get(handle);
      if (!obj) return { ok: false, status: STATUS_INVALID_HANDLE, name: 'STATUS_INVALID_HANDLE', message: 'closed' };
      const source = sourceAccess.get(`${pid}:${handle}`) ?? 0;
      const beyond = access & ~source;
      if (beyond !== 0 && (obj.kind !== 'process' || (obj.grantedToUs & beyond) !== beyond)) {
        return { ok: false, status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED', message: 'denied' };
      }
      const h = next++;
      dups.set(h, obj);
      return { ok: true, status: 0, value: BigInt(h) };
    },
    processBasic: (h): NtResult<ProcessBasic> => {
      const o = dups.get(Number(h as bigint));
      if (!o || o.kind !== 'process') return fail(STATUS_OBJECT_TYPE_MISMATCH);
      return ok({ pid: o.pid, exitStatus: o.exitStatus ?? (o.exited ? 0 : STATUS_PENDING), parentPid: 4 });
    },
    threadBasic: (): NtResult<ThreadBasic> => fail(STATUS_OBJECT_TYPE_MISMATCH),
    hasExited: (h) => {
      const o = dups.get(Number(h as bigint));
      return o?.kind === 'event' ? o.signaled : o?.kind === 'process' ? o.exited : false;
    },
    processFacts: (_h, basic): ProcessFacts => ({
      pid: basic.pid, exitCode: basic.exitStatus, ntImagePath: null, createTime: 1n, exitTime: 2n, userTime: 0n, kernelTime: 0n, parentPid: basic.parentPid,
    }),
    threadFacts: () => null,
    close: (h) => {
      closed.push(Number(h as bigint));
    },
  };
  const sourceAccess = new Map<string, number>();
  return { api, requests, closed, dups, sourceAccess };
}

describe('duplicating a handle asks only for rights the source handle has (defect 5)', () => {
  it('requests wanted & grantedAccess, so a handle without SYNCHRONIZE still reveals its zombie', () => {
    const zombie: FakeObject = { kind: 'process', pid: 900, exited: true, grantedToUs: 0 };
    const sys = fakeSystem(new Map([[100, new Map([[4, zombie]])]]));
    sys.sourceAccess.set('100:4', PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ);
    const r = examineEntries([entry({ pid: 100, handle: 4, grantedAccess: PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ })], TYPES, sys.api);
    expect(sys.requests).toEqual([{ pid: 100, handle: 4, access: PROCESS_QUERY_LIMITED_INFORMATION }]);
    expect([...r.processes.keys()]).toEqual([900]);
    expect(r.duplicateFailures).toEqual([]);
  });

  it('a handle granting neither a query right nor SYNCHRONIZE is recorded as not examinable, with its status, and not duplicated', () => {
    const sys = fakeSystem(new Map([[100, new Map([[4, { kind: 'process', pid: 900, exited: true, grantedToUs: 0 } as FakeObject]])]]));
    sys.sourceAccess.set('100:4', PROCESS_VM_READ);
    const r = examineEntries([entry({ pid: 100, handle: 4, grantedAccess: PROCESS_VM_READ })], TYPES, sys.api);
    expect(sys.requests).toEqual([]);
    expect(r.processes.size).toBe(0);
    expect(r.duplicateFailures).toEqual([{ pid: 100, imageName: null, handle: 4, step: 'access', error: { status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED' } }]);
    expect(r.unexamined).toHaveLength(1);
  });

  it('a SYNCHRONIZE-only handle is duplicated with SYNCHRONIZE alone, to wait on, and left to the kernel walk to name (zombies-kernel.test.ts)', () => {
    const sys = fakeSystem(new Map([[100, new Map([[4, { kind: 'process', pid: 900, exited: true, grantedToUs: 0 } as FakeObject]])]]));
    sys.sourceAccess.set('100:4', SYNCHRONIZE);
    const r = examineEntries([entry({ pid: 100, handle: 4, grantedAccess: SYNCHRONIZE })], TYPES, sys.api);
    expect(sys.requests).toEqual([{ pid: 100, handle: 4, access: SYNCHRONIZE }]);
    expect(r.processes.size).toBe(0);
    expect(r.duplicateFailures).toEqual([]);
    expect(sys.closed).toEqual(expect.arrayContaining([0x1000, 100]));
  });

  it('a handle closed since the snapshot is a recorded DuplicateHandle failure, and the next holder is tried', () => {
    const zombie: FakeObject = { kind: 'process', pid: 900, exited: true, grantedToUs: 0 };
    const sys = fakeSystem(new Map([[100, new Map()], [200, new Map([[8, zombie]])]]));
    sys.sourceAccess.set('200:8', 0x1fffff);
    const a = 0xffff800000001000n;
    const r = examineEntries([entry({ object: a, pid: 100, handle: 4 }), entry({ object: a, pid: 200, handle: 8 })], TYPES, sys.api);
    expect(r.duplicateFailures.map((f) => [f.pid, f.step, f.error.name])).toEqual([[100, 'DuplicateHandle', 'STATUS_INVALID_HANDLE']]);
    expect(r.processes.get(900)!.holders.map((h) => h.pid)).toEqual([100, 200]);
  });

  it('a handle value reused for another object between snapshot and duplicate records no zombie', () => {
    // Handle 4 pointed at a process in the table; by the time of DuplicateHandle it was closed
    // and the value reused for a signaled event. The basic information query fails on it.
    const sys = fakeSystem(new Map([[100, new Map([[4, { kind: 'event', signaled: true } as FakeObject]])]]));
    sys.sourceAccess.set('100:4', 0x1fffff);
    const r = examineEntries([entry({ pid: 100, handle: 4 })], TYPES, sys.api);
    expect(r.processes.size).toBe(0);
    expect(r.duplicateFailures.map((f) => [f.step, f.error.name])).toEqual([['ProcessBasicInformation', 'STATUS_OBJECT_TYPE_MISMATCH']]);
    // Every duplicate made is closed again, and the holder handle too.
    expect(sys.closed).toEqual(expect.arrayContaining([0x1000, 100]));
  });

  it('a holder that cannot be opened leaves its process handles unexamined, for address attribution', () => {
    const sys = fakeSystem(new Map([[100, new Map()]]), { unopenable: new Set([100]) });
    const r = examineEntries([entry({ object: 0x10n, pid: 100, handle: 4 }), entry({ object: 0x20n, pid: 100, handle: 8, typeIndex: THREAD })], TYPES, sys.api);
    expect(r.holderErrors.map((e) => [e.pid, e.error.name])).toEqual([[100, 'STATUS_ACCESS_DENIED']]);
    expect(r.unexamined.map((e) => e.handle)).toEqual([4]);
  });
});

describe('a process is exited when its object is signaled, not when ExitStatus leaves STATUS_PENDING ([WRK-exit], #19 item 5)', () => {
  it('a process whose last thread is exiting (ExitStatus set, not signaled) is not a zombie yet', () => {
    const exiting: FakeObject = { kind: 'process', pid: 900, exited: false, grantedToUs: 0, exitStatus: 0 };
    const sys = fakeSystem(new Map([[100, new Map([[4, exiting]])]]));
    sys.sourceAccess.set('100:4', 0x1fffff);
    const r = examineEntries([entry({ pid: 100, handle: 4 })], TYPES, sys.api);
    expect([...r.processes.keys()]).toEqual([]);
  });

  it('one that exited with code 259 (STATUS_PENDING) is a zombie all the same', () => {
    const exited: FakeObject = { kind: 'process', pid: 901, exited: true, grantedToUs: 0, exitStatus: STATUS_PENDING };
    const sys = fakeSystem(new Map([[100, new Map([[4, exited]])]]));
    sys.sourceAccess.set('100:4', 0x1fffff);
    const r = examineEntries([entry({ pid: 100, handle: 4 })], TYPES, sys.api);
    expect([...r.processes.keys()]).toEqual([901]);
  });
});

describe('zombies no examined handle explains are "unattributed", with the reason (defect 3)', () => {
  const SNAPSHOT = 133_000_000_000_000_000n;
  const names = new Map([[4, 'System'], [700, 'lsass.exe'], [800, 'csrss.exe'], [1234, 'MsMpEng.exe']]);
  const holderName = (pid: number) => names.get(pid) ?? null;
  const denied = (pid: number): HolderError => ({ pid, imageName: holderName(pid), error: { status: STATUS_ACCESS_DENIED, name: 'STATUS_ACCESS_DENIED' } });

  it('addresses visible: attributed to the protected holder whose handle has its object address', () => {
    // [WOX-addr]: the zombie's address comes from a handle of our own; holders share it. [PH-hid]: lsass/csrss cannot be duplicated from.
    const obj = 0xffffa0000badf00dn;
    const unexamined = [entry({ object: obj, pid: 700, handle: 0x2c4 }), entry({ object: 0xffffa00000000010n, pid: 800, handle: 0x10 }), entry({ object: obj, pid: 700, handle: 0x118 })];
    const a = attributeUnexplained({ pid: 4242, exitTime: SNAPSHOT - 1n, object: obj }, { snapshotTime: SNAPSHOT, unexamined, unopened: [denied(700), denied(800)], holderName });
    expect(a).toEqual({
      ignore: false,
      reason: 'held by 2 handles in lsass.exe (700), which the scan could not examine (matched by object address)',
      unexaminedHolders: [
        { pid: 700, imageName: 'lsass.exe', handle: 0x118, grantedAccess: 0x1fffff },
        { pid: 700, imageName: 'lsass.exe', handle: 0x2c4, grantedAccess: 0x1fffff },
      ],
    });
  });

  it('addresses visible and no handle anywhere has its address: a kernel reference or a later handle, said so', () => {
    const a = attributeUnexplained({ pid: 4242, exitTime: SNAPSHOT - 1n, object: 0xffffa00000000999n }, { snapshotTime: SNAPSHOT, unexamined: [entry({ object: 0x10n, pid: 700 })], unopened: [denied(700)], holderName });
    expect(a).toMatchObject({ ignore: false, unexaminedHolders: [] });
    expect(!a.ignore && a.reason).toMatch(/no handle in the snapshot refers to it/);
  });

  it('addresses hidden (Windows 11 24H2 without SeDebugPrivilege): names the holders that could not be examined', () => {
    const a = attributeUnexplained({ pid: 4242, exitTime: SNAPSHOT - 1n, object: null }, { snapshotTime: SNAPSHOT, unexamined: [], unopened: [denied(800), denied(4), denied(1234)], holderName });
    expect(a).toEqual({
      ignore: false,
      reason: 'object addresses are hidden and 3 processes could not be examined: csrss.exe (800, STATUS_ACCESS_DENIED), System (4, STATUS_ACCESS_DENIED), MsMpEng.exe (1234, STATUS_ACCESS_DENIED)',
      unexaminedHolders: [],
    });
  });

  it('a process that exited after the handle table was read is ignored (it was running in the snapshot)', () => {
    expect(attributeUnexplained({ pid: 4242, exitTime: SNAPSHOT + 5n, object: null }, { snapshotTime: SNAPSHOT, unexamined: [], unopened: [denied(700)], holderName })).toEqual({ ignore: true });
    expect(attributeUnexplained({ pid: 4242, exitTime: SNAPSHOT, object: 0x10n }, { snapshotTime: SNAPSHOT, unexamined: [entry({ object: 0x10n, pid: 700 })], unopened: [], holderName })).toEqual({ ignore: true });
  });

  it('every holder examined and addresses hidden: no handle refers to it', () => {
    const a = attributeUnexplained({ pid: 4242, exitTime: 0n, object: null }, { snapshotTime: SNAPSHOT, unexamined: [], unopened: [], holderName });
    expect(!a.ignore && a.reason).toMatch(/^no handle in the snapshot refers to it/);
  });
});
