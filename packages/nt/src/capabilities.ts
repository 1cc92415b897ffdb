// What works here: Wine or Windows, bulk directory queries, NtGetNextProcess, elevation,
// SeDebugPrivilege, visible object addresses. Reported to the UI so degraded features are named.
import type { Capabilities, NtResult } from '@objscope/core';
import { countProcessHandles } from './parsers/handlecount';
import { closeHandle, nt, optionalNtdll, type Ptr } from './ffi';
import { bulkDirectoryQuerySupported, listDirectoryRaw } from './directory';
import { queryGrowing } from './query';
import { fail, ok } from './result';
import { STATUS, toUint32Status } from '@objscope/core';

const TOKEN_QUERY = 0x0008;
const TokenPrivileges = 3;
const TokenElevation = 20;
const SE_DEBUG_PRIVILEGE = 20;
const SystemExtendedHandleInformation = 64;

/** Wine's version string ("8.0") via ntdll's wine_get_version, or null on Windows. */
export function wineVersion(): string | null {
  const f = optionalNtdll('wine_get_version');
  if (!f) return null;
  try {
    return String(f());
  } catch {
    return null;
  }
}

export function osVersion(): string | null {
  try {
    // RTL_OSVERSIONINFOW: size, major, minor, build, platform, CSD[128 WCHAR].
    const b = new Uint8Array(276);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 276, true);
    if (toUint32Status(nt().ntdll.RtlGetVersion(b)) !== 0) return null;
    const v = `Windows ${dv.getUint32(4, true)}.${dv.getUint32(8, true)} (build ${dv.getUint32(12, true)})`;
    const wine = wineVersion();
    return wine ? `Wine ${wine}, reporting ${v}` : v;
  } catch {
    return null;
  }
}

export function hostName(): string | null {
  try {
    const b = new Uint8Array(2 * 64);
    const n: [number] = [64];
    if (!nt().kernel32.GetComputerNameW(b, n)) return null;
    return Buffer.from(b.buffer, 0, n[0] * 2).toString('utf16le');
  } catch {
    return null;
  }
}

function withToken<T>(fn: (token: Ptr) => NtResult<T>): NtResult<T> {
  const out: [Ptr] = [null];
  const s = toUint32Status(nt().ntdll.NtOpenProcessToken(nt().kernel32.GetCurrentProcess(), TOKEN_QUERY, out));
  if (s !== 0) return fail(s, 'NtOpenProcessToken');
  try {
    return fn(out[0]);
  } finally {
    closeHandle(out[0]);
  }
}

function isElevated(): NtResult<boolean> {
  return withToken((t) => {
    const b = new Uint8Array(4);
    const s = toUint32Status(nt().ntdll.NtQueryInformationToken(t, TokenElevation, b, 4, [0]));
    return s === 0 ? ok(new DataView(b.buffer).getUint32(0, true) !== 0) : fail(s, 'TokenElevation');
  });
}

interface DebugPrivilegeState {
  /** The token has SeDebugPrivilege (an elevated administrator's token does, disabled). */
  held: boolean;
  /** It is enabled now (enableDebugPrivilege ran, or the token came with it enabled). */
  enabled: boolean;
}

const SE_PRIVILEGE_ENABLED = 0x2;

/** SeDebugPrivilege in this process's token: held, and enabled. */
function debugPrivilegeState(): NtResult<DebugPrivilegeState> {
  return withToken((t): NtResult<DebugPrivilegeState> => {
    const b = new Uint8Array(4096);
    const s = toUint32Status(nt().ntdll.NtQueryInformationToken(t, TokenPrivileges, b, b.byteLength, [0]));
    if (s !== 0) return fail(s, 'TokenPrivileges');
    const dv = new DataView(b.buffer);
    const n = dv.getUint32(0, true);
    // TOKEN_PRIVILEGES: count, then { LUID { LowPart, HighPart }, Attributes } (12 bytes each).
    for (let i = 0; i < n && 4 + i * 12 + 12 <= b.byteLength; i++) {
      const at = 4 + i * 12;
      if (dv.getUint32(at, true) === SE_DEBUG_PRIVILEGE && dv.getInt32(at + 4, true) === 0) {
        return ok({ held: true, enabled: (dv.getUint32(at + 8, true) & SE_PRIVILEGE_ENABLED) !== 0 });
      }
    }
    return ok({ held: false, enabled: false });
  });
}

let debugEnable: NtResult<boolean> | null = null;

/**
 * Enables SeDebugPrivilege for the process, once. An elevated token holds it disabled; on
 * Windows 11 24H2 and later SystemExtendedHandleInformation shows object addresses only to a
 * caller with it enabled, and opening other users' processes for the zombie scan needs it too.
 * Fails with STATUS_PRIVILEGE_NOT_HELD (0xC0000061) for a token without it: nothing changes then.
 */
export function enableDebugPrivilege(): NtResult<boolean> {
  if (debugEnable) return debugEnable;
  const was = [0];
  const s = toUint32Status(nt().ntdll.RtlAdjustPrivilege(SE_DEBUG_PRIVILEGE, 1, 0, was));
  debugEnable = s === 0 ? ok(true) : fail(s, 'RtlAdjustPrivilege(SeDebugPrivilege)');
  return debugEnable;
}

/** One SystemExtendedHandleInformation snapshot, grown until it fits. */
export function querySystemHandles(): NtResult<Uint8Array> {
  // Before the first handle query: object addresses depend on it (see enableDebugPrivilege).
  enableDebugPrivilege();
  const r = queryGrowing(
    (b, ret) => nt().ntdll.NtQuerySystemInformation(SystemExtendedHandleInformation, b, b.byteLength, ret),
    1 << 20,
    'NtQuerySystemInformation(SystemExtendedHandleInformation)',
  );
  return r.ok ? ok(r.value.bytes) : r;
}

/**
 * This process's handle count. kernel32's GetProcessHandleCount first; Wine's always answers 0
 * (a process always has handles), so then the system handle table is counted instead.
 */
export function getProcessHandleCount(): NtResult<number> {
  const n: [number] = [0];
  if (nt().kernel32.GetProcessHandleCount(nt().kernel32.GetCurrentProcess(), n) && n[0] > 0) return ok(n[0]);
  const table = querySystemHandles();
  if (!table.ok) return table;
  const c = countProcessHandles(table.value, process.pid);
  return c.ok ? ok(c.value.count) : c;
}

/**
 * Object addresses in the handle table are non-zero. Windows before 11 24H2 shows them to any
 * caller; 24H2 and later only with SeDebugPrivilege enabled (so an elevated objscope, which
 * enables it, sees them and a non-elevated one does not); Wine never fills them.
 */
function objectAddressesVisible(): boolean | null {
  const table = querySystemHandles();
  if (!table.ok) return null;
  const c = countProcessHandles(table.value, process.pid);
  return c.ok ? c.value.anyObjectAddress : null;
}

/** NtGetNextProcess, bound lazily: absent means STATUS_PROCEDURE_NOT_FOUND, not an exception. */
export function ntGetNextProcess(): NtResult<(...args: unknown[]) => number> {
  const f = optionalNtdll('NtGetNextProcess');
  return f ? ok(f) : fail(STATUS.PROCEDURE_NOT_FOUND, 'ntdll has no NtGetNextProcess');
}

let cachedCaps: Capabilities | null = null;

export function getCapabilities(): Capabilities {
  if (cachedCaps) return cachedCaps;
  // Listing the root settles whether bulk queries work.
  if (bulkDirectoryQuerySupported() === null) listDirectoryRaw('\\');
  const elevated = isElevated();
  // The handle query below enables SeDebugPrivilege first; read the token after it.
  const addresses = objectAddressesVisible();
  const debug = debugPrivilegeState();
  const wine = wineVersion();
  const warnings: string[] = [];
  const caps: Capabilities = {
    bulkDirectoryQuery: bulkDirectoryQuerySupported(),
    ntGetNextProcess: ntGetNextProcess().ok,
    elevated: elevated.ok ? elevated.value : null,
    seDebugPrivilege: debug.ok ? debug.value.held : null,
    seDebugPrivilegeEnabled: debug.ok ? debug.value.enabled : null,
    objectAddressesVisible: addresses,
    // Dynamic symbolic links are a Windows kernel feature; Wine has none.
    dynamicSymbolicLinks: wine ? false : null,
    // Wine 8 and Wine 10 differ in what they implement (bulk directory queries among others):
    // the version says which behaviour to expect.
    wineVersion: wine,
    warnings,
  };
  if (wine) warnings.push(`running under Wine ${wine}: the namespace is wineserver's, not a Windows kernel's`);
  if (caps.bulkDirectoryQuery === false) warnings.push('bulk directory queries are not implemented here; listing one entry per call');
  if (!caps.ntGetNextProcess) warnings.push('NtGetNextProcess is missing: zombies no handle accounts for cannot be found');
  if (caps.elevated === false) warnings.push('not elevated: some directories are denied');
  if (caps.seDebugPrivilege === true && caps.seDebugPrivilegeEnabled === false) {
    const e = enableDebugPrivilege();
    warnings.push(`SeDebugPrivilege is held but could not be enabled${e.ok ? '' : ` (${e.name})`}: object addresses may be hidden`);
  }
  if (caps.objectAddressesVisible === false) warnings.push('object addresses hidden');
  cachedCaps = caps;
  return caps;
}
