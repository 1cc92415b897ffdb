// The koffi boundary. Nothing here runs at import time: the package is imported on Linux by
// tests and by the bundled CLI, where ntdll does not exist, so koffi and the DLLs load on the
// first real call. Optional exports (missing on older Windows or in Wine) are bound one by one
// and reported as absent instead of failing the whole binding.
import { createRequire } from 'node:module';
import { nodeArchProblem } from '@objscope/core';


/** OBJ_CASE_INSENSITIVE: object names compare case-insensitively, as the Win32 layer does. */
export const OBJ_CASE_INSENSITIVE = 0x40;
export const READ_CONTROL = 0x00020000;
export const SYNCHRONIZE = 0x00100000;

/** An opaque koffi pointer (HANDLE, PVOID returned by the OS). */
export type Ptr = unknown;
/**
 * A HANDLE as a Number (handle values are small multiples of 4; exact below 2^53), for the
 * *Into / *ByValue bindings: no koffi pointer object per handle.
 */
export type HandleValue = number;
// koffi's own declarations, as types only: nothing of koffi loads until the first real call.
type Koffi = typeof import('koffi');
type KoffiLib = ReturnType<Koffi['load']>;
/** A bound native function (koffi types its arguments and result loosely). */
export type Fn = ReturnType<KoffiLib['func']>;

const NTDLL = {
  NtClose: 'int32 __stdcall NtClose(void *h)',
  NtOpenDirectoryObject: 'int32 __stdcall NtOpenDirectoryObject(_Out_ void **h, uint32 access, void *oa)',
  // Context and ReturnLength are passed as one-element Uint32Arrays (plain pointers): koffi then
  // hands over their memory, where _Inout_/_Out_ would convert a JS array on every call, and
  // under Wine 8 this is called once per directory entry.
  NtQueryDirectoryObject:
    'int32 __stdcall NtQueryDirectoryObject(void *h, void *buf, uint32 len, uint8 single, uint8 restart, void *ctx, void *retlen)',
  NtOpenSymbolicLinkObject: 'int32 __stdcall NtOpenSymbolicLinkObject(_Out_ void **h, uint32 access, void *oa)',
  NtQuerySymbolicLinkObject: 'int32 __stdcall NtQuerySymbolicLinkObject(void *h, void *target, void *retlen)',
  NtQueryObject: 'int32 __stdcall NtQueryObject(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtQuerySecurityObject: 'int32 __stdcall NtQuerySecurityObject(void *h, uint32 info, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtOpenEvent: 'int32 __stdcall NtOpenEvent(_Out_ void **h, uint32 access, void *oa)',
  NtQueryEvent: 'int32 __stdcall NtQueryEvent(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtOpenMutant: 'int32 __stdcall NtOpenMutant(_Out_ void **h, uint32 access, void *oa)',
  NtQueryMutant: 'int32 __stdcall NtQueryMutant(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtOpenSemaphore: 'int32 __stdcall NtOpenSemaphore(_Out_ void **h, uint32 access, void *oa)',
  NtQuerySemaphore: 'int32 __stdcall NtQuerySemaphore(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtOpenSection: 'int32 __stdcall NtOpenSection(_Out_ void **h, uint32 access, void *oa)',
  NtQuerySection: 'int32 __stdcall NtQuerySection(void *h, uint32 cls, void *buf, uint64 len, _Out_ uint64 *retlen)',
  NtOpenTimer: 'int32 __stdcall NtOpenTimer(_Out_ void **h, uint32 access, void *oa)',
  NtQueryTimer: 'int32 __stdcall NtQueryTimer(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtOpenKeyedEvent: 'int32 __stdcall NtOpenKeyedEvent(_Out_ void **h, uint32 access, void *oa)',
  NtOpenJobObject: 'int32 __stdcall NtOpenJobObject(_Out_ void **h, uint32 access, void *oa)',
  NtOpenIoCompletion: 'int32 __stdcall NtOpenIoCompletion(_Out_ void **h, uint32 access, void *oa)',
  NtOpenKey: 'int32 __stdcall NtOpenKey(_Out_ void **h, uint32 access, void *oa)',
  NtQuerySystemInformation: 'int32 __stdcall NtQuerySystemInformation(uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtOpenProcessToken: 'int32 __stdcall NtOpenProcessToken(void *process, uint32 access, _Out_ void **token)',
  NtQueryInformationToken: 'int32 __stdcall NtQueryInformationToken(void *token, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  RtlGetVersion: 'int32 __stdcall RtlGetVersion(void *info)',
  NtQueryInformationProcess:
    'int32 __stdcall NtQueryInformationProcess(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  NtQueryInformationThread:
    'int32 __stdcall NtQueryInformationThread(void *h, uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)',
  RtlAdjustPrivilege: 'int32 __stdcall RtlAdjustPrivilege(uint32 privilege, uint8 enable, uint8 currentThread, _Out_ uint8 *wasEnabled)',
  // The walk's calls with handles as Numbers (HandleValue), and the reused buffers of the calls
  // made once per link (the handle out, OBJECT_ATTRIBUTES, the link target and its length) as
  // their addresses, taken once. The `_Out_ void **` forms above make koffi convert a JS array
  // and wrap every handle in a pointer object: under Wine 10 an open and close pair cost 14.5 us
  // of user CPU that way against 10.5 us by value; and each typed array koffi is handed costs it
  // about 0.75 us more than a Number (NtClose with two extra arguments: 6.0 against 4.5 us a
  // call). A walk makes over a thousand opens and link queries. The addresses stay valid because
  // the buffers they point into are module-level and never replaced while in use.
  NtOpenDirectoryObjectInto: 'int32 __stdcall NtOpenDirectoryObject(uintptr_t h, uint32 access, uintptr_t oa)',
  NtOpenSymbolicLinkObjectInto: 'int32 __stdcall NtOpenSymbolicLinkObject(uintptr_t h, uint32 access, uintptr_t oa)',
  NtOpenEventInto: 'int32 __stdcall NtOpenEvent(uintptr_t h, uint32 access, uintptr_t oa)',
  NtQueryDirectoryObjectByValue:
    'int32 __stdcall NtQueryDirectoryObject(uintptr_t h, void *buf, uint32 len, uint8 single, uint8 restart, void *ctx, void *retlen)',
  NtQuerySymbolicLinkObjectByValue: 'int32 __stdcall NtQuerySymbolicLinkObject(uintptr_t h, uintptr_t target, uintptr_t retlen)',
  NtCloseByValue: 'int32 __stdcall NtClose(uintptr_t h)',
} as const;

/** Exports that some ntdll builds lack (Wine 8 has no NtGetNextProcess; NtCompareObjects is Windows 10+). */
const NTDLL_OPTIONAL = {
  NtGetNextProcess: 'int32 __stdcall NtGetNextProcess(void *h, uint32 access, uint32 attrs, uint32 flags, _Out_ void **next)',
  NtCompareObjects: 'int32 __stdcall NtCompareObjects(void *a, void *b)',
  wine_get_version: 'const char * __cdecl wine_get_version()',
  wine_get_build_id: 'const char * __cdecl wine_get_build_id()',
  // The kernel's own access check and the tokens to ask it with (access-kernel.ts, #24).
  NtAccessCheck:
    'int32 __stdcall NtAccessCheck(void *sd, void *token, uint32 desired, void *mapping, void *privs, _Inout_ uint32 *privsLength, _Out_ uint32 *granted, _Out_ int32 *status)',
  NtDuplicateToken: 'int32 __stdcall NtDuplicateToken(void *h, uint32 access, void *oa, uint8 effectiveOnly, uint32 type, _Out_ void **token)',
  NtFilterToken: 'int32 __stdcall NtFilterToken(void *h, uint32 flags, void *sidsToDisable, void *privilegesToDelete, void *restrictedSids, _Out_ void **token)',
  NtCreateLowBoxToken:
    'int32 __stdcall NtCreateLowBoxToken(_Out_ void **token, void *h, uint32 access, void *oa, void *packageSid, uint32 capabilityCount, void *capabilities, uint32 handleCount, void *handles)',
  NtCreateToken:
    'int32 __stdcall NtCreateToken(_Out_ void **token, uint32 access, void *oa, uint32 type, void *authId, void *expiration, void *user, void *groups, void *privileges, void *owner, void *primaryGroup, void *defaultDacl, void *source)',
  NtCreateEvent: 'int32 __stdcall NtCreateEvent(_Out_ void **h, uint32 access, void *oa, uint32 type, uint8 initial)',
  // Three real parameters, declared as six: Wine 10 hangs on syscalls declared with four or
  // fewer (design.md); the extra zeros sit in registers and stack slots the callee ignores.
  NtSetSecurityObject: 'int32 __stdcall NtSetSecurityObject(void *h, uint32 info, void *sd, uint64 unused1, uint64 unused2, uint64 unused3)',
  // Four real parameters, declared as six for the same reason.
  NtSetInformationToken: 'int32 __stdcall NtSetInformationToken(void *h, uint32 cls, void *info, uint32 length, uint64 unused1, uint64 unused2)',
} as const;

const KERNEL32 = {
  GetCurrentProcess: 'void * __stdcall GetCurrentProcess()',
  // The zombie scan's calls (handles.ts, process.ts, thread.ts).
  OpenProcess: 'void * __stdcall OpenProcess(uint32 access, int inherit, uint32 pid)',
  OpenThread: 'void * __stdcall OpenThread(uint32 access, int inherit, uint32 tid)',
  CloseHandle: 'int __stdcall CloseHandle(void *h)',
  DuplicateHandle:
    'int __stdcall DuplicateHandle(void *srcProcess, void *src, void *dstProcess, _Out_ void **dst, uint32 access, int inherit, uint32 options)',
  WaitForSingleObject: 'uint32 __stdcall WaitForSingleObject(void *h, uint32 ms)',
  GetLastError: 'uint32 __stdcall GetLastError()',
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
  GetProcessHandleCount: 'int __stdcall GetProcessHandleCount(void *process, _Out_ uint32 *count)',
  GetComputerNameW: 'int __stdcall GetComputerNameW(void *buf, _Inout_ uint32 *size)',
  LocalFree: 'void * __stdcall LocalFree(void *mem)',
} as const;

const ADVAPI32 = {
  ConvertSecurityDescriptorToStringSecurityDescriptorW:
    'int __stdcall ConvertSecurityDescriptorToStringSecurityDescriptorW(void *sd, uint32 rev, uint32 info, _Out_ void **str, _Out_ uint32 *len)',
  LookupAccountSidW:
    'int __stdcall LookupAccountSidW(void *system, void *sid, void *name, _Inout_ uint32 *nameLen, void *domain, _Inout_ uint32 *domainLen, _Out_ uint32 *use)',
  // The same function for `.async` calls (accounts.ts): typed arrays as plain pointers.
  LookupAccountSidAsync:
    'int __stdcall LookupAccountSidW(void *system, void *sid, void *name, void *nameLen, void *domain, void *domainLen, void *use)',
} as const;

type Bound<T> = { [K in keyof T]: Fn };

export interface NtApi {
  koffi: Koffi;
  ntdll: Bound<typeof NTDLL>;
  kernel32: Bound<typeof KERNEL32>;
  advapi32: Bound<typeof ADVAPI32>;
}

let api: NtApi | null = null;
let loadError: string | null = null;
const optionalCache = new Map<string, Fn | null>();
let ntdllLib: KoffiLib | null = null;

/** Why the NT layer cannot run here (not Windows, koffi missing), or null when it can. */
export function ntUnavailableReason(): string | null {
  if (api) return null;
  if (process.platform !== 'win32') return 'live NT access needs Windows (or Windows Node under Wine)';
  try {
    nt();
    return null;
  } catch {
    return loadError;
  }
}

/**
 * Stack slots every x64 call from koffi must declare. Wine 10's syscall dispatcher
 * (__wine_syscall_dispatcher) reads the two slots above the callee's 32-byte home area,
 * 0x28(%rsp) and 0x30(%rsp), whatever the syscall's arity, and koffi lays out a call of four or
 * fewer arguments at the very top of its own call stack, so that read lands past the end of the
 * allocation: the fault is taken inside the dispatcher and the call never returns (NtClose,
 * NtOpenDirectoryObject, NtQuerySystemInformation all hang; Wine 8 does not read them). Declaring
 * six parameters makes koffi reserve the slots. On x64 every function, stdcall or not, is
 * caller-cleans with the first four arguments in registers, so the callee ignores the zeros, on
 * Windows as under any Wine. Not on x86, where __stdcall callees pop exactly their own arguments.
 */
export const MIN_X64_PARAMS = 6;

/** Parameters a koffi prototype string declares (`f()` and `f(void)` declare none). */
export function declaredParams(proto: string): number {
  const open = proto.indexOf('(');
  const inner = proto.slice(open + 1, proto.lastIndexOf(')')).trim();
  return inner === '' || inner === 'void' ? 0 : inner.split(',').length;
}

/** `proto` declared with MIN_X64_PARAMS parameters, the added ones unnamed pointer-sized zeros. */
export function padPrototype(proto: string, arch: string = process.arch): { proto: string; padding: number } {
  const n = declaredParams(proto);
  if (arch !== 'x64' || n >= MIN_X64_PARAMS) return { proto, padding: 0 };
  const close = proto.lastIndexOf(')');
  const pads = Array.from({ length: MIN_X64_PARAMS - n }, (_, i) => `uint64 pad${n + i}`);
  return { proto: `${proto.slice(0, proto.indexOf('(') + 1)}${[...(n ? [proto.slice(proto.indexOf('(') + 1, close)] : []), ...pads].join(', ')}${proto.slice(close)}`, padding: pads.length };
}

/**
 * Binds one prototype, padded for Wine 10 (see MIN_X64_PARAMS). Callers keep calling with the
 * declared arguments: the returned function appends the zeros, and keeps koffi's `.async`.
 */
/**
 * The padded call for the arities the tables use, with fixed parameters: a walk makes a few
 * thousand of these calls, and a rest parameter plus two spreads allocates an array per call.
 */
function paddedCall(f: Fn, declared: number, zeros: number[]): (...args: unknown[]) => unknown {
  if (declared + zeros.length !== 6) return (...args: unknown[]): unknown => f(...args, ...zeros);
  switch (declared) {
    case 0:
      return () => f(0, 0, 0, 0, 0, 0);
    case 1:
      return (a: unknown) => f(a, 0, 0, 0, 0, 0);
    case 2:
      return (a: unknown, b: unknown) => f(a, b, 0, 0, 0, 0);
    case 3:
      return (a: unknown, b: unknown, c: unknown) => f(a, b, c, 0, 0, 0);
    case 4:
      return (a: unknown, b: unknown, c: unknown, d: unknown) => f(a, b, c, d, 0, 0);
    default:
      return (...args: unknown[]): unknown => f(...args, ...zeros);
  }
}

export function bindFunction(lib: KoffiLib, proto: string): Fn {
  const { proto: padded, padding } = padPrototype(proto);
  const f = lib.func(padded);
  if (padding === 0) return f;
  const zeros = new Array<number>(padding).fill(0);
  const call = paddedCall(f, MIN_X64_PARAMS - padding, zeros);
  const asyncFn = (f as { async?: (...args: unknown[]) => void }).async;
  if (asyncFn) {
    // The callback stays last, after the padding.
    (call as { async?: unknown }).async = (...args: unknown[]) => asyncFn.call(f, ...args.slice(0, -1), ...zeros, args[args.length - 1]);
  }
  return call as Fn;
}

function bindAll<T extends Record<string, string>>(lib: KoffiLib, table: T): Bound<T> {
  const out = {} as Record<string, Fn>;
  for (const [name, proto] of Object.entries(table)) out[name] = bindFunction(lib, proto);
  return out as Bound<T>;
}

/** The bound API; throws only when the platform cannot host it at all (checked by callers). */
export function nt(): NtApi {
  if (api) return api;
  if (process.platform !== 'win32') {
    loadError = 'live NT access needs Windows (or Windows Node under Wine)';
    throw new Error(loadError);
  }
  const archProblem = nodeArchProblem(process.platform, process.arch);
  if (archProblem) {
    loadError = archProblem;
    throw new Error(loadError);
  }
  try {
    const require = createRequire(import.meta.url);
    const koffi = require('koffi') as Koffi;
    ntdllLib = koffi.load('ntdll.dll');
    api = {
      koffi,
      ntdll: bindAll(ntdllLib, NTDLL),
      kernel32: bindAll(koffi.load('kernel32.dll'), KERNEL32),
      advapi32: bindAll(koffi.load('advapi32.dll'), ADVAPI32),
    };
    return api;
  } catch (e) {
    loadError = `cannot load the NT layer: ${(e as Error).message}`;
    throw new Error(loadError);
  }
}

/** An optional ntdll export, or null when this ntdll does not have it. Never throws. */
export function optionalNtdll(name: keyof typeof NTDLL_OPTIONAL): Fn | null {
  if (optionalCache.has(name)) return optionalCache.get(name)!;
  let fn: Fn | null = null;
  try {
    nt();
    fn = ntdllLib ? bindFunction(ntdllLib, NTDLL_OPTIONAL[name]) : null;
  } catch {
    fn = null;
  }
  optionalCache.set(name, fn);
  return fn;
}

export function addressOf(buf: Uint8Array): bigint {
  return nt().koffi.address(buf) as bigint;
}

export function handleValue(h: Ptr): bigint {
  return h == null ? 0n : (nt().koffi.address(h) as bigint);
}

export function closeHandle(h: Ptr): void {
  if (h != null) nt().ntdll.NtClose(h);
}

export function closeHandleValue(h: HandleValue): void {
  if (h !== 0) nt().ntdll.NtCloseByValue(h);
}

/** Reads a NUL-terminated UTF-16 string the OS allocated. */
export function readWideString(p: Ptr, chars?: number): string {
  const k = nt().koffi;
  // Length -1 reads up to the NUL; 'char16_t *' would instead treat p as a pointer to a pointer.
  return k.decode(p, 'char16_t', chars ?? -1) as string;
}


