// Handle-level calls of the scans that look into other processes (zombies, holders): the system
// handle table, the process list, opening and duplicating handles. Bound lazily on the first
// call (see ffi.ts: nothing loads on Linux).
import type { NtResult } from '@objscope/core';
import { handleValue, nt } from './ffi';
import type { Ptr } from './ffi';
import { parseProcessList } from './parsers/handles';
import type { ProcessListEntry } from './parsers/handles';
import { queryGrowing } from './query';
import { fail } from './result';
import { parseObjectTypesInformation } from './parsers/object';
import type { ObjectTypeInfo } from '@objscope/core';
import { STATUS } from '@objscope/core';

const SystemProcessInformation = 5;
const ObjectTypesInformation = 3;

export const PROCESS_DUP_HANDLE = 0x0040;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const THREAD_QUERY_LIMITED_INFORMATION = 0x0800;
export const SYNCHRONIZE = 0x00100000;
const WAIT_OBJECT_0 = 0;

/** Win32 error codes the scan meets, mapped to the NTSTATUS the caller reports. */
function win32ErrorToStatus(err: number): number {
  switch (err) {
    case 5: return STATUS.ACCESS_DENIED; // ERROR_ACCESS_DENIED
    case 6: return STATUS.INVALID_HANDLE; // ERROR_INVALID_HANDLE
    case 87: return STATUS.INVALID_PARAMETER; // ERROR_INVALID_PARAMETER
    case 1168: return STATUS.NOT_FOUND; // ERROR_NOT_FOUND
    default: return STATUS.UNSUCCESSFUL;
  }
}

/** Every running process (pid, parent, create time, image name), in one call. */
export function queryProcessList(): NtResult<ProcessListEntry[]> {
  const f = nt().ntdll.NtQuerySystemInformation;
  const r = queryGrowing((buf, len) => f(SystemProcessInformation, buf, buf.byteLength, len), 256 * 1024, 'NtQuerySystemInformation(SystemProcessInformation)');
  if (!r.ok) return r;
  const parsed = parseProcessList(r.value.bytes, r.value.base);
  if (!parsed.ok) return { ok: false, status: STATUS.UNSUCCESSFUL, name: 'STATUS_UNSUCCESSFUL', message: parsed.message };
  return { ok: true, status: 0, value: parsed.value };
}

/** ObjectTypesInformation names and indices (NtQueryObject with a NULL handle). */
export function queryTypeIndexList(): NtResult<ObjectTypeInfo[]> {
  const f = nt().ntdll.NtQueryObject;
  const r = queryGrowing((buf, len) => f(null, ObjectTypesInformation, buf, buf.byteLength, len), 64 * 1024, 'NtQueryObject(ObjectTypesInformation)');
  if (!r.ok) return r;
  const parsed = parseObjectTypesInformation(r.value.bytes, r.value.base);
  if (!parsed.ok) return { ok: false, status: STATUS.UNSUCCESSFUL, name: 'STATUS_UNSUCCESSFUL', message: parsed.message };
  return { ok: true, status: 0, value: parsed.value };
}

export function openProcess(pid: number, access: number): NtResult<Ptr> {
  const k32 = nt().kernel32;
  const h = k32.OpenProcess(access, 0, pid);
  if (h == null || handleValue(h) === 0n) return fail(win32ErrorToStatus(k32.GetLastError()), `OpenProcess(${pid})`);
  return { ok: true, status: 0, value: h };
}

export function openThread(tid: number, access: number): NtResult<Ptr> {
  const k32 = nt().kernel32;
  const h = k32.OpenThread(access, 0, tid);
  if (h == null || handleValue(h) === 0n) return fail(win32ErrorToStatus(k32.GetLastError()), `OpenThread(${tid})`);
  return { ok: true, status: 0, value: h };
}

export function closeWin32Handle(h: Ptr): void {
  if (h != null) nt().kernel32.CloseHandle(h);
}

/** Duplicates `handle` out of `holder` into this process with `access`. */
export function duplicateFrom(holder: Ptr, handle: number, access: number): NtResult<Ptr> {
  const k32 = nt().kernel32;
  const out: Ptr[] = [null];
  const ok = k32.DuplicateHandle(holder, handle, k32.GetCurrentProcess(), out, access, 0, 0);
  if (!ok) return fail(win32ErrorToStatus(k32.GetLastError()), `DuplicateHandle(${handle})`);
  return { ok: true, status: 0, value: out[0] };
}

/** True when a process or thread handle is signaled, i.e. the process or thread has exited. */
export function hasExited(h: Ptr): boolean {
  return nt().kernel32.WaitForSingleObject(h, 0) === WAIT_OBJECT_0;
}

export function currentProcessId(): number {
  return nt().kernel32.GetCurrentProcessId();
}

export function currentThreadId(): number {
  return nt().kernel32.GetCurrentThreadId();
}

/** The calls that open a handle's owner and duplicate the handle out of it: live, or a kernel model's in the unit tests. */
export interface DuplicateApi {
  openProcess(pid: number, access: number): NtResult<Ptr>;
  duplicate(owner: Ptr, handle: number, access: number): NtResult<Ptr>;
  close(h: Ptr): void;
}

/** Why a duplicate was not made: the owner could not be opened, or the handle not duplicated. */
type DuplicateRefusal = Extract<NtResult<never>, { ok: false }> & { step: 'OpenProcess' | 'DuplicateHandle' };

/** What `use` answered on the duplicate (an NtResult), or why there was none. */
export type Duplicated<T> = Extract<NtResult<T>, { ok: true }> | DuplicateRefusal;

/**
 * The one way the zombie scan and the holder search look at another process's handle: its owner
 * opened with PROCESS_DUP_HANDLE (once per owner for the whole scan: a scan visits hundreds of
 * handles of a few processes, and each open is a kernel round trip), the handle duplicated into
 * objscope for as long as one question takes, and closed again before the answer is used.
 * close() closes every owner; the scans call it from a finally, so nothing opened here outlives
 * the request (holding a duplicate keeps an exited process a zombie and a named object in the
 * namespace: WRK ps/psdelete.c, ob/obref.c). `self` is objscope's own process, never opened.
 */
export class HandleOwners {
  private readonly owners = new Map<number, NtResult<Ptr>>();

  constructor(
    private readonly api: DuplicateApi,
    private readonly opts: { self?: { pid: number; handle: Ptr }; onRefused?: (pid: number, status: number) => void } = {},
  ) {}

  /** The owner's process handle, opened on first use; a refusal is remembered (and reported once). */
  owner(pid: number): NtResult<Ptr> {
    if (this.opts.self?.pid === pid) return { ok: true, status: 0, value: this.opts.self.handle };
    let r = this.owners.get(pid);
    if (!r) {
      r = this.api.openProcess(pid, PROCESS_DUP_HANDLE);
      this.owners.set(pid, r);
      if (!r.ok) this.opts.onRefused?.(pid, r.status);
    }
    return r;
  }

  /**
   * Duplicates handle `handle` of process `pid` with `access` (never more than the source grants:
   * asking for more makes DuplicateHandle run an access check), runs `use` on the duplicate, and
   * closes it whatever `use` does.
   */
  withDuplicate<T>(pid: number, handle: number, access: number, use: (dup: Ptr) => T): Duplicated<T> {
    const owner = this.owner(pid);
    if (!owner.ok) return { ...owner, step: 'OpenProcess' };
    const dup = this.api.duplicate(owner.value, handle, access);
    if (!dup.ok) return { ...dup, step: 'DuplicateHandle' };
    try {
      return { ok: true, status: 0, value: use(dup.value) };
    } finally {
      this.api.close(dup.value);
    }
  }

  /** Closes every owner opened (objscope's own process handle is not one). */
  close(): void {
    for (const r of this.owners.values()) if (r.ok) this.api.close(r.value);
    this.owners.clear();
  }
}

/**
 * One handle of another process, looked at once: its owner opened, the handle duplicated, `use`
 * run, both closed. What a tool without a per-scan owner cache does (the benches' naive
 * baselines); the scans keep owners open for the request through HandleOwners.
 */
export function withDuplicateOf<T>(api: DuplicateApi, pid: number, handle: number, access: number, use: (dup: Ptr) => T): Duplicated<T> {
  const owners = new HandleOwners(api);
  try {
    return owners.withDuplicate(pid, handle, access, use);
  } finally {
    owners.close();
  }
}

/** The live calls behind DuplicateApi (kernel32). */
export const liveDuplicateApi: DuplicateApi = { openProcess, duplicate: duplicateFrom, close: closeWin32Handle };
