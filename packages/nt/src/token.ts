// The current process's token as the AccessToken the access-check engine evaluates: user,
// groups with their attributes, integrity level, mandatory policy, enabled privileges,
// restricting SIDs, AppContainer package and capabilities. Snapshots record it, so a snapshot
// answers for the user who captured it.
import type { AccessToken, NtResult } from '@objscope/core';
import { INTEGRITY_MEDIUM, toUint32Status } from '@objscope/core';
import { closeHandle, nt, type Ptr } from './ffi';
import { addressNumber } from './parsers/unicode';
import { parseEnabledPrivileges, parseTokenGroups, parseTokenSid, SE_GROUP_ENABLED, SE_GROUP_USE_FOR_DENY_ONLY, type SidAndAttributes } from './parsers/token';
import { queryGrowing } from './query';
import { fail, ok } from './result';

const TOKEN_QUERY = 0x0008;
// TOKEN_INFORMATION_CLASS values (winnt.h).
const TokenUser = 1;
const TokenGroups = 2;
const TokenPrivileges = 3;
const TokenRestrictedSids = 11;
const TokenIntegrityLevel = 25;
const TokenMandatoryPolicy = 27;
const TokenCapabilities = 30;
const TokenAppContainerSid = 31;

function query<T>(token: Ptr, cls: number, what: string, parse: (bytes: Uint8Array, base: number, length: number) => { ok: true; value: T } | { ok: false; message: string }): NtResult<T> {
  const r = queryGrowing((b, ret) => nt().ntdll.NtQueryInformationToken(token, cls, b, b.byteLength, ret) as number, 256, what);
  if (!r.ok) return r;
  const p = parse(r.value.bytes, addressNumber(r.value.base), Math.min(r.value.length, r.value.bytes.byteLength));
  return p.ok ? ok(p.value) : fail(0xc000000d, `${what}: ${p.message}`);
}

/** Describes an open token handle (TOKEN_QUERY access); the parts Wine lacks fall back to defaults. */
export function describeToken(token: Ptr, label: string): NtResult<AccessToken> {
  const user = query(token, TokenUser, 'TokenUser', parseTokenSid);
  if (!user.ok) return user;
  if (!user.value) return fail(0xc000000d, 'TokenUser: no SID');
  const groups = query(token, TokenGroups, 'TokenGroups', parseTokenGroups);
  if (!groups.ok) return groups;
  const privileges = query(token, TokenPrivileges, 'TokenPrivileges', (b, _base, n) => parseEnabledPrivileges(b, n));
  if (!privileges.ok) return privileges;
  // Wine has no integrity levels in old versions and no mandatory policy: a token without them
  // is what Windows gives a medium process (label S-1-16-8192, policy NO_WRITE_UP).
  const il = query(token, TokenIntegrityLevel, 'TokenIntegrityLevel', parseTokenSid);
  const integrityMatch = il.ok && il.value ? /^S-1-16-(\d+)$/.exec(il.value.sid) : null;
  const policy = query(token, TokenMandatoryPolicy, 'TokenMandatoryPolicy', (b, _base, n) => (n >= 4 ? { ok: true, value: new DataView(b.buffer).getUint32(0, true) } : { ok: false, message: 'short' }));
  const restricted = query(token, TokenRestrictedSids, 'TokenRestrictedSids', parseTokenGroups);
  const packageSid = query(token, TokenAppContainerSid, 'TokenAppContainerSid', parseTokenSid);
  const capabilities = query(token, TokenCapabilities, 'TokenCapabilities', parseTokenGroups);
  const userDenyOnly = (user.value.attributes & SE_GROUP_USE_FOR_DENY_ONLY) !== 0;
  const asGroup = (g: SidAndAttributes) => ({ sid: g.sid, enabled: (g.attributes & SE_GROUP_ENABLED) !== 0, denyOnly: (g.attributes & SE_GROUP_USE_FOR_DENY_ONLY) !== 0 });
  const restrictedSids = restricted.ok && restricted.value.length ? restricted.value.map((g) => g.sid) : null;
  return ok({
    label,
    user: user.value.sid,
    userDenyOnly,
    groups: groups.value.map(asGroup),
    integrity: integrityMatch ? Number(integrityMatch[1]) : INTEGRITY_MEDIUM,
    mandatoryPolicy: policy.ok ? policy.value : 1,
    privileges: privileges.value,
    restrictedSids,
    writeRestricted: false,
    appContainer: packageSid.ok && packageSid.value ? { packageSid: packageSid.value.sid, capabilities: capabilities.ok ? capabilities.value.map((c) => c.sid) : [] } : null,
  });
}

/** This process's token. */
export function currentAccessToken(): NtResult<AccessToken> {
  const out: [Ptr] = [null];
  const s = toUint32Status(nt().ntdll.NtOpenProcessToken(nt().kernel32.GetCurrentProcess(), TOKEN_QUERY, out));
  if (s !== 0) return fail(s, 'NtOpenProcessToken');
  try {
    return describeToken(out[0], 'current');
  } finally {
    closeHandle(out[0]);
  }
}
