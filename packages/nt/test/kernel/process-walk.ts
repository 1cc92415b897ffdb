// A model of the kernel's process list and of process handles, answering the zombie scan's calls
// (ScanApi in src/zombies.ts) the way Windows does where Wine cannot show it (Wine has no
// NtGetNextProcess, and no process objscope cannot open). Every rule names its source:
//
//  [NTDOC-next]  ntdoc (System Informer phnt ntpsapi.h), NtGetNextProcess: it "automatically
//                skips inaccessible processes": it returns only processes it can open with the
//                DesiredAccess asked; when none can be opened at the start it fails (usually
//                STATUS_ACCESS_DENIED) instead of STATUS_NO_MORE_ENTRIES.
//  [WRK-list]    WRK base/ntos/ps/psdelete.c, PspProcessDelete: a process leaves the active
//                process list (which that walk and SystemProcessInformation both read) only when
//                its object is freed, so an exited process still referenced is on it; the Idle
//                process (pid 0) is reported by SystemProcessInformation but is not on the list.
//  [WRK-dup]     WRK base/ntos/ob/obhandle.c, ObDuplicateObject: a duplicate asking only for
//                rights the source handle has is granted without an access check; more than
//                that needs the object's DACL to grant it.
//  [NCL-cmp]     NtCoreLib NtObject.SameObject / Microsoft docs, NtCompareObjects: STATUS_SUCCESS
//                when both handles are one object, STATUS_NOT_SAME_OBJECT otherwise.
//  [WRK-wait]    WRK base/ntos/ps/psdelete.c, PspExitProcess / KeTerminateThread: an exited
//                process is signaled, so a SYNCHRONIZE handle can wait on it (and ask nothing else).
// Test code only: it is not used by the agent.
import type { NtResult } from '@objscope/core';
import { fail, ok } from '../../src/result';
import type { HandleEntry, ProcessListEntry } from '../../src/parsers/handles';
import type { ScanApi } from '../../src/zombies';

const STATUS_ACCESS_DENIED = 0xc0000022;
const STATUS_INVALID_HANDLE = 0xc0000008;
const STATUS_NO_MORE_ENTRIES = 0x8000001a;
const STATUS_OBJECT_TYPE_MISMATCH = 0xc0000024;
const PROCESS_TYPE = 7;
const THREAD_TYPE = 8;
export const TYPES = { process: PROCESS_TYPE, thread: THREAD_TYPE, source: 'handle-table' as const };

const idle: ProcessListEntry = { pid: 0, parentPid: 0, createTime: 0n, imageName: null, threads: 1, handles: 0 };
const listed = (p: KProcess): ProcessListEntry => ({ pid: p.pid, parentPid: 0, createTime: p.createTime, imageName: `p${p.pid}.exe`, threads: p.exited ? 0 : 1, handles: p.handles.size });

export interface KProcess {
  pid: number;
  createTime: bigint;
  exited: boolean;
  /** Whether objscope's token can open it (a protected process, another user's without SeDebugPrivilege: no). */
  openable: boolean;
  /** Its handle table: handle value to the process it points at, with the access granted. */
  handles: Map<number, { target: KProcess; access: number }>;
}

export class ProcessModel {
  readonly processes: KProcess[] = [];
  /** Handles objscope holds right now (opened, walked, duplicated), by value. */
  private readonly open = new Map<number, KProcess>();
  private nextValue = 0x1000;
  /** Processes started after the first process list was read (they are in the second). */
  readonly startedLater: KProcess[] = [];

  process(pid: number, opts: { exited?: boolean; openable?: boolean; createTime?: bigint } = {}): KProcess {
    const p: KProcess = { pid, createTime: opts.createTime ?? BigInt(pid) * 10n, exited: opts.exited ?? false, openable: opts.openable ?? true, handles: new Map() };
    this.processes.push(p);
    return p;
  }

  /** `holder` gets a handle with `access` to `target`; returns the handle value. */
  give(holder: KProcess, target: KProcess, access: number): number {
    const value = 4 * (holder.handles.size + 1);
    holder.handles.set(value, { target, access });
    return value;
  }

  /** The handle table as the scan reads it (addresses hidden: 0). */
  entries(): HandleEntry[] {
    return this.processes.flatMap((p) =>
      [...p.handles].map(([handle, h]) => ({ object: 0n, pid: p.pid, handle, grantedAccess: h.access, typeIndex: PROCESS_TYPE, attributes: 0 })),
    );
  }

  /** SystemProcessInformation: the Idle process and every process on the active list [WRK-list]. */
  list(): ProcessListEntry[] {
    return [idle, ...this.processes.map(listed)];
  }

  objscopeHandles(): number {
    return this.open.size;
  }

  private handle(p: KProcess): bigint {
    const v = this.nextValue++;
    this.open.set(v, p);
    return BigInt(v);
  }

  private target(h: unknown): KProcess | undefined {
    return this.open.get(Number(h as bigint));
  }

  api(): ScanApi {
    const byPid = (pid: number) => this.processes.find((p) => p.pid === pid);
    return {
      openProcess: (pid): NtResult<unknown> => {
        const p = byPid(pid);
        return p?.openable ? ok(this.handle(p)) : fail(STATUS_ACCESS_DENIED);
      },
      duplicate: (holder, handle, access) => {
        const h = this.target(holder)?.handles.get(handle);
        if (!h) return fail(STATUS_INVALID_HANDLE);
        // [WRK-dup]: rights beyond the source's need the target's DACL.
        if ((access & ~h.access) !== 0 && !h.target.openable) return fail(STATUS_ACCESS_DENIED);
        return ok(this.handle(h.target));
      },
      processBasic: (h) => {
        const p = this.target(h);
        return p ? ok({ pid: p.pid, exitStatus: p.exited ? 0 : 0x103, parentPid: 0 }) : fail(STATUS_OBJECT_TYPE_MISMATCH);
      },
      threadBasic: () => fail(STATUS_OBJECT_TYPE_MISMATCH),
      hasExited: (h) => this.target(h)?.exited ?? false,
      processFacts: (h, basic) => {
        const p = this.target(h)!;
        return { pid: basic.pid, exitCode: 0, ntImagePath: null, createTime: p.createTime, exitTime: p.exited ? 1n : 0n, userTime: 0n, kernelTime: 0n, parentPid: null };
      },
      threadFacts: () => null,
      close: (h) => {
        if (!this.open.delete(Number(h as bigint))) throw new Error(`closing a handle objscope does not hold: ${String(h)}`);
      },
      // [NTDOC-next]: the next process after `current` that can be opened; the rest are skipped.
      nextProcess: (current) => {
        const all = [...this.processes, ...this.startedLater];
        const from = current === null ? 0 : all.indexOf(this.target(current)!) + 1;
        const next = all.slice(from).find((p) => p.openable);
        if (next) return ok(this.handle(next));
        return fail(current === null ? STATUS_ACCESS_DENIED : STATUS_NO_MORE_ENTRIES);
      },
      // [NCL-cmp]
      compare: (a, b) => this.target(a) === this.target(b),
      identify: (h) => {
        const p = this.target(h)!;
        return { pid: p.pid, createTime: p.createTime };
      },
      processList: () => [...this.list(), ...this.startedLater.map(listed)],
      ownObjects: () => new Map(),
    };
  }
}
