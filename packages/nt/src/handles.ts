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
