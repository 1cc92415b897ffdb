// Handle-level calls for the zombie scan: the system handle table, the process list, opening
// and duplicating handles. Bound lazily on the first call (see ffi.ts: nothing loads on Linux).
import type { NtResult } from '@objscope/core';
import { formatStatus, statusName } from '@objscope/core';
import { querySystemHandles } from './capabilities';
import { STATUS_INFO_LENGTH_MISMATCH, addressOf, handleValue, nt, st } from './ffi';
import type { Ptr } from './ffi';
import { parseHandleTable, parseProcessList } from './parsers/handles';
import type { HandleTable, ProcessListEntry } from './parsers/handles';
import { parseObjectTypesInformation } from './parsers/object';
import type { ObjectTypeInfo } from '@objscope/core';

export const SystemProcessInformation = 5;
export const ObjectTypesInformation = 3;

export const PROCESS_DUP_HANDLE = 0x0040;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const THREAD_QUERY_LIMITED_INFORMATION = 0x0800;
export const SYNCHRONIZE = 0x00100000;
export const WAIT_OBJECT_0 = 0;
export const WAIT_TIMEOUT = 0x102;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;

const K32 = {
  OpenProcess: 'void * __stdcall OpenProcess(uint32 access, int inherit, uint32 pid)',
  OpenThread: 'void * __stdcall OpenThread(uint32 access, int inherit, uint32 tid)',
  CloseHandle: 'int __stdcall CloseHandle(void *h)',
  DuplicateHandle:
    'int __stdcall DuplicateHandle(void *srcProcess, void *src, void *dstProcess, _Out_ void **dst, uint32 access, int inherit, uint32 options)',
  WaitForSingleObject: 'uint32 __stdcall WaitForSingleObject(void *h, uint32 ms)',
  GetLastError: 'uint32 __stdcall GetLastError()',
  GetCurrentProcess: 'void * __stdcall GetCurrentProcess()',
  GetCurrentProcessId: 'uint32 __stdcall GetCurrentProcessId()',
  GetCurrentThreadId: 'uint32 __stdcall GetCurrentThreadId()',
  GetProcessId: 'uint32 __stdcall GetProcessId(void *h)',
  GetExitCodeProcess: 'int __stdcall GetExitCodeProcess(void *h, _Out_ uint32 *code)',
  GetExitCodeThread: 'int __stdcall GetExitCodeThread(void *h, _Out_ uint32 *code)',
  // FILETIMEs as uint64 (they are two little-endian DWORDs, which is the same bytes on x64).
  GetProcessTimes:
    'int __stdcall GetProcessTimes(void *h, _Out_ uint64 *create, _Out_ uint64 *exit, _Out_ uint64 *kernel, _Out_ uint64 *user)',
  GetThreadTimes:
    'int __stdcall GetThreadTimes(void *h, _Out_ uint64 *create, _Out_ uint64 *exit, _Out_ uint64 *kernel, _Out_ uint64 *user)',
  // psapi's GetProcessImageFileNameW lives in kernel32 as K32GetProcessImageFileNameW since Windows 7.
  K32GetProcessImageFileNameW: 'uint32 __stdcall K32GetProcessImageFileNameW(void *h, void *buf, uint32 chars)',
  QueryDosDeviceW: 'uint32 __stdcall QueryDosDeviceW(str16 device, void *buf, uint32 chars)',
  GetLogicalDrives: 'uint32 __stdcall GetLogicalDrives()',
} as const;

const NTDLL = {
  NtQueryInformationProcess:
    'int32 __stdcall NtQueryInformationProcess(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtQueryInformationThread:
    'int32 __stdcall NtQueryInformationThread(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
} as const;

export interface ZombieApi {
  k32: { [K in keyof typeof K32]: Fn };
  ntdll: { [K in keyof typeof NTDLL]: Fn };
}

let bound: ZombieApi | null = null;

/** The kernel32/ntdll calls the zombie scan needs beyond ffi.ts's table, bound once. */
export function zapi(): ZombieApi {
  if (bound) return bound;
  const koffi = nt().koffi;
  const k = koffi.load('kernel32.dll');
  const n = koffi.load('ntdll.dll');
  const k32 = {} as Record<string, Fn>;
  for (const [name, proto] of Object.entries(K32)) k32[name] = k.func(proto);
  const ntdll = {} as Record<string, Fn>;
  for (const [name, proto] of Object.entries(NTDLL)) ntdll[name] = n.func(proto);
  bound = { k32, ntdll } as ZombieApi;
  return bound;
}

function fail<T>(status: number, what: string): NtResult<T> {
  return { ok: false, status, name: statusName(status), message: `${what}: ${formatStatus(status)}` };
}

/** Win32 error codes the scan meets, mapped to the NTSTATUS the caller reports. */
export function win32ErrorToStatus(err: number): number {
  switch (err) {
    case 5: return 0xc0000022; // ERROR_ACCESS_DENIED
    case 6: return 0xc0000008; // ERROR_INVALID_HANDLE
    case 87: return 0xc000000d; // ERROR_INVALID_PARAMETER
    case 1168: return 0xc0000225; // ERROR_NOT_FOUND
    default: return 0xc0000001; // STATUS_UNSUCCESSFUL
  }
}

/**
 * Calls an information class that reports the size it needs, growing the buffer to that size
 * (plus slack, because the table grows between calls) until it fits.
 */
function queryGrowing(
  call: (buf: Buffer, len: number[]) => number,
  initial: number,
  tooSmall: readonly number[],
): NtResult<Buffer> {
  let size = initial;
  for (let attempt = 0; attempt < 16; attempt++) {
    const buf = Buffer.alloc(size);
    const len = [0];
    const status = st(call(buf, len));
    if (status === 0) return { ok: true, status, value: buf };
    if (!tooSmall.includes(status)) return fail(status, 'query failed');
    const needed = len[0] ?? 0;
    size = Math.max(needed + needed / 8 + 64 * 1024, size * 2);
  }
  return fail(STATUS_INFO_LENGTH_MISMATCH, 'buffer kept growing');
}


/**
 * One NtQuerySystemInformation(SystemExtendedHandleInformation) snapshot of every handle, parsed
 * (the buffer query itself is capabilities.ts's, shared with the handle-count checks).
 */
export function queryHandleTable(keepTypes?: ReadonlySet<number>): NtResult<HandleTable> {
  const r = querySystemHandles();
  if (!r.ok) return r;
  const parsed = parseHandleTable(r.value, keepTypes);
  if (!parsed.ok) return { ok: false, status: 0xc0000001, name: 'STATUS_UNSUCCESSFUL', message: parsed.error };
  return { ok: true, status: 0, value: parsed.value };
}

/** Every running process (pid, parent, create time, image name), in one call. */
export function queryProcessList(): NtResult<ProcessListEntry[]> {
  const f = nt().ntdll.NtQuerySystemInformation;
  const r = queryGrowing((buf, len) => f(SystemProcessInformation, buf, buf.length, len), 256 * 1024, [
    STATUS_INFO_LENGTH_MISMATCH,
    0xc0000023,
  ]);
  if (!r.ok) return r;
  const parsed = parseProcessList(r.value, addressOf(r.value));
  if (!parsed.ok) return { ok: false, status: 0xc0000001, name: 'STATUS_UNSUCCESSFUL', message: parsed.error };
  return { ok: true, status: 0, value: parsed.value };
}

/** ObjectTypesInformation names and indices (NtQueryObject with a NULL handle). */
export function queryTypeIndexList(): NtResult<ObjectTypeInfo[]> {
  const f = nt().ntdll.NtQueryObject;
  const r = queryGrowing((buf, len) => f(null, ObjectTypesInformation, buf, buf.length, len), 64 * 1024, [
    STATUS_INFO_LENGTH_MISMATCH,
    0xc0000023,
  ]);
  if (!r.ok) return r;
  const parsed = parseObjectTypesInformation(r.value, addressOf(r.value));
  if (!parsed.ok) return { ok: false, status: 0xc0000001, name: 'STATUS_UNSUCCESSFUL', message: parsed.message };
  return { ok: true, status: 0, value: parsed.value };
}

export function openProcess(pid: number, access: number): NtResult<Ptr> {
  const { k32 } = zapi();
  const h = k32.OpenProcess(access, 0, pid);
  if (h == null || handleValue(h) === 0n) return fail(win32ErrorToStatus(k32.GetLastError()), `OpenProcess(${pid})`);
  return { ok: true, status: 0, value: h };
}

export function openThread(tid: number, access: number): NtResult<Ptr> {
  const { k32 } = zapi();
  const h = k32.OpenThread(access, 0, tid);
  if (h == null || handleValue(h) === 0n) return fail(win32ErrorToStatus(k32.GetLastError()), `OpenThread(${tid})`);
  return { ok: true, status: 0, value: h };
}

export function closeWin32Handle(h: Ptr): void {
  if (h != null) zapi().k32.CloseHandle(h);
}

/** Duplicates `handle` out of `holder` into this process with `access`. */
export function duplicateFrom(holder: Ptr, handle: number, access: number): NtResult<Ptr> {
  const { k32 } = zapi();
  const out: Ptr[] = [null];
  const ok = k32.DuplicateHandle(holder, handle, k32.GetCurrentProcess(), out, access, 0, 0);
  if (!ok) return fail(win32ErrorToStatus(k32.GetLastError()), `DuplicateHandle(${handle})`);
  return { ok: true, status: 0, value: out[0] };
}

/** True when a process or thread handle is signaled, i.e. the process or thread has exited. */
export function hasExited(h: Ptr): boolean {
  return zapi().k32.WaitForSingleObject(h, 0) === WAIT_OBJECT_0;
}

export function currentProcessId(): number {
  return zapi().k32.GetCurrentProcessId();
}

export function currentThreadId(): number {
  return zapi().k32.GetCurrentThreadId();
}
