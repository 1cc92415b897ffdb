// Token information buffers (NtQueryInformationToken) decoded into the AccessToken the access
// check evaluates. Pure: the live query passes the buffer and its address; tests pass bytes.
import type { Parsed } from './parsed';
import { parseSid } from './security';
import { readPointer } from './unicode';

export const SE_GROUP_ENABLED = 0x4;
export const SE_GROUP_USE_FOR_DENY_ONLY = 0x10;
const SE_PRIVILEGE_ENABLED = 0x2;

/** Well-known privilege LUIDs (winnt.h SE_*_PRIVILEGE values; their LowPart, HighPart is 0). */
const PRIVILEGE_NAMES = [
  '', '', 'SeCreateTokenPrivilege', 'SeAssignPrimaryTokenPrivilege', 'SeLockMemoryPrivilege', 'SeIncreaseQuotaPrivilege',
  'SeMachineAccountPrivilege', 'SeTcbPrivilege', 'SeSecurityPrivilege', 'SeTakeOwnershipPrivilege', 'SeLoadDriverPrivilege',
  'SeSystemProfilePrivilege', 'SeSystemtimePrivilege', 'SeProfileSingleProcessPrivilege', 'SeIncreaseBasePriorityPrivilege',
  'SeCreatePagefilePrivilege', 'SeCreatePermanentPrivilege', 'SeBackupPrivilege', 'SeRestorePrivilege', 'SeShutdownPrivilege',
  'SeDebugPrivilege', 'SeAuditPrivilege', 'SeSystemEnvironmentPrivilege', 'SeChangeNotifyPrivilege', 'SeRemoteShutdownPrivilege',
  'SeUndockPrivilege', 'SeSyncAgentPrivilege', 'SeEnableDelegationPrivilege', 'SeManageVolumePrivilege', 'SeImpersonatePrivilege',
  'SeCreateGlobalPrivilege', 'SeTrustedCredManAccessPrivilege', 'SeRelabelPrivilege', 'SeIncreaseWorkingSetPrivilege',
  'SeTimeZonePrivilege', 'SeCreateSymbolicLinkPrivilege', 'SeDelegateSessionUserImpersonatePrivilege',
];

function privilegeName(luid: number): string {
  return PRIVILEGE_NAMES[luid] || `privilege #${luid}`;
}

export interface SidAndAttributes {
  sid: string;
  attributes: number;
}

/**
 * One SID_AND_ATTRIBUTES (x64: PSID, ULONG, padding: 16 bytes) at `offset`; the SID pointer is
 * an absolute address that must fall inside the buffer at `base`.
 */
function sidAndAttributes(bytes: Uint8Array, view: DataView, offset: number, base: number, limit: number): Parsed<SidAndAttributes> {
  if (offset + 16 > limit) return { ok: false, message: `SID_AND_ATTRIBUTES at ${offset} runs past the buffer` };
  const ptr = readPointer(view, offset);
  if (ptr < base || ptr - base >= limit) return { ok: false, message: `SID pointer at ${offset} is outside the buffer` };
  const s = parseSid(bytes, ptr - base, limit);
  if (!s.ok) return s;
  return { ok: true, value: { sid: s.value.sid, attributes: view.getUint32(offset + 8, true) } };
}

/** TOKEN_USER, TOKEN_OWNER-like single entries (TokenUser, TokenIntegrityLevel, TokenAppContainerSid). */
export function parseTokenSid(bytes: Uint8Array, base: number, limit = bytes.byteLength): Parsed<SidAndAttributes | null> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // TokenAppContainerSid of a token that is not an AppContainer is a NULL pointer.
  if (limit >= 8 && readPointer(view, 0) === 0) return { ok: true, value: null };
  return sidAndAttributes(bytes, view, 0, base, limit);
}

/** TOKEN_GROUPS (TokenGroups, TokenRestrictedSids, TokenCapabilities): count, padding, entries. */
export function parseTokenGroups(bytes: Uint8Array, base: number, limit = bytes.byteLength): Parsed<SidAndAttributes[]> {
  if (limit < 8) return { ok: false, message: 'TOKEN_GROUPS needs 8 bytes' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  if (8 + count * 16 > limit) return { ok: false, message: `TOKEN_GROUPS of ${count} entries runs past the buffer` };
  const out: SidAndAttributes[] = [];
  for (let i = 0; i < count; i++) {
    const e = sidAndAttributes(bytes, view, 8 + i * 16, base, limit);
    if (!e.ok) return { ok: false, message: `group ${i}: ${e.message}` };
    out.push(e.value);
  }
  return { ok: true, value: out };
}

/** TOKEN_PRIVILEGES: the names of the enabled privileges. */
export function parseEnabledPrivileges(bytes: Uint8Array, limit = bytes.byteLength): Parsed<string[]> {
  if (limit < 4) return { ok: false, message: 'TOKEN_PRIVILEGES needs 4 bytes' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  // { LUID { LowPart, HighPart }, Attributes }: 12 bytes each, packed after the count.
  if (4 + count * 12 > limit) return { ok: false, message: `TOKEN_PRIVILEGES of ${count} entries runs past the buffer` };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = 4 + i * 12;
    if (view.getUint32(at + 8, true) & SE_PRIVILEGE_ENABLED) out.push(privilegeName(view.getUint32(at, true)));
  }
  return { ok: true, value: out };
}
