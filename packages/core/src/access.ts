// The access-check engine: what a principal (a token, real or described) may do to an object,
// given its security descriptor and its type's generic mapping, and which ACE decided each
// right. Browser-safe and pure, so it answers from snapshots as well as live.
//
// The order is Windows' SeAccessCheck as MS-DTYP 2.5.3.2 (AccessCheck algorithm) specifies it and
// the public reimplementations spell out (NtCoreLib's access check; Forshaw, "Windows Security
// Internals", ch. 7): mandatory integrity, privileges, the owner's implied rights, the DACL walk,
// then the restricted-SID and AppContainer passes, each a second DACL walk whose result is
// intersected with the first. Every branch names its rule; test/access.test.ts follows it.
import type { AceInfo, ObjectTypeInfo, SecurityInfo } from './model';
import { STATUS } from './status';

export type GenericMapping = ObjectTypeInfo['genericMapping'];

/** One SID of a token's group list, with the two attributes the access check reads. */
interface TokenGroup {
  sid: string;
  /** SE_GROUP_ENABLED: the SID grants through allow ACEs (and is matched by deny ACEs). */
  enabled: boolean;
  /** SE_GROUP_USE_FOR_DENY_ONLY: matched by deny ACEs only. */
  denyOnly: boolean;
}

/**
 * A principal as the access check sees it: the fields of a token that decide access. Plain JSON,
 * so a snapshot records its capturing token in this shape.
 */
export interface AccessToken {
  /** How the principal was named ("current", "low", "S-1-5-32-545@medium"). */
  label: string;
  user: string;
  /** The user SID itself made deny-only (NtFilterToken with the user in SidsToDisable). */
  userDenyOnly: boolean;
  groups: TokenGroup[];
  /** The RID of the token's mandatory label, S-1-16-RID (0x2000 medium, 0x1000 low). */
  integrity: number;
  /** TOKEN_MANDATORY_POLICY: bit 0 NO_WRITE_UP; 0 means no mandatory check at all. */
  mandatoryPolicy: number;
  /** Names of the privileges the token holds enabled (SeTakeOwnershipPrivilege, ...). */
  privileges: string[];
  /** Restricting SIDs of a restricted token (the second DACL pass); null when not restricted. */
  restrictedSids: string[] | null;
  /** WRITE_RESTRICTED: the restricted pass limits only the type's generic-write rights. */
  writeRestricted: boolean;
  /** A lowbox (AppContainer) token: its package SID and capability SIDs; null otherwise. */
  appContainer: { packageSid: string; capabilities: string[] } | null;
}

export type AccessPass = 'normal' | 'restricted' | 'appcontainer';

/** Why a set of rights was granted or withheld. `mask` holds the rights this reason decided. */
export type AccessReason =
  | { kind: 'ace'; pass: AccessPass; index: number; effect: 'allow' | 'deny'; mask: number }
  | { kind: 'owner'; pass: AccessPass; mask: number }
  | { kind: 'null-dacl'; pass: AccessPass; mask: number }
  | { kind: 'privilege'; name: string; mask: number }
  | { kind: 'integrity'; objectIntegrity: number; policy: number; mask: number }
  | { kind: 'pass-withheld'; pass: Exclude<AccessPass, 'normal'>; mask: number };

export interface AccessCheckResult {
  /** STATUS_SUCCESS when the desired access is granted, else STATUS_ACCESS_DENIED. */
  status: number;
  /** The access granted: for MAXIMUM_ALLOWED, everything the principal can get. */
  granted: number;
  /** The object's mandatory label (RID), and whether it was the unlabelled default. */
  objectIntegrity: number;
  labelDefaulted: boolean;
  reasons: AccessReason[];
}

export const MAXIMUM_ALLOWED = 0x02000000;
const ACCESS_SYSTEM_SECURITY = 0x01000000;
const READ_CONTROL = 0x00020000;
const WRITE_DAC = 0x00040000;
const WRITE_OWNER = 0x00080000;
const GENERIC_ALL = 0x10000000;
const GENERIC_EXECUTE = 0x20000000;
const GENERIC_WRITE = 0x40000000;
const GENERIC_READ = 0x80000000;
/** Standard (DELETE..SYNCHRONIZE) and specific rights: what a DACL can grant. */
const DACL_GRANTABLE = 0x001fffff;

const OWNER_RIGHTS = 'S-1-3-4';
const ALL_APPLICATION_PACKAGES = 'S-1-15-2-1';
const ALL_RESTRICTED_APPLICATION_PACKAGES = 'S-1-15-2-2';
export const INTEGRITY_MEDIUM = 0x2000;
const NO_WRITE_UP = 0x1;
const NO_READ_UP = 0x2;
const NO_EXECUTE_UP = 0x4;
const TOKEN_MANDATORY_POLICY_NO_WRITE_UP = 0x1;

/** GENERIC_* bits replaced by the type's rights (MS-DTYP 2.5.3.2, "MapGenericBits"). */
export function mapGeneric(mask: number, m: GenericMapping): number {
  let out = mask & ~(GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
  if (mask & GENERIC_READ) out |= m.read;
  if (mask & GENERIC_WRITE) out |= m.write;
  if (mask & GENERIC_EXECUTE) out |= m.execute;
  if (mask & GENERIC_ALL) out |= m.all;
  return out >>> 0;
}

const inheritOnly = (ace: AceInfo): boolean => ace.flags.includes('INHERIT_ONLY');

/**
 * The object's mandatory label: the first SYSTEM_MANDATORY_LABEL ACE of the SACL that is not
 * inherit-only. Without one the object counts as medium with NO_WRITE_UP (Microsoft docs,
 * "Mandatory Integrity Control": objects without a label are treated as medium integrity;
 * the default policy is SYSTEM_MANDATORY_LABEL_NO_WRITE_UP).
 */
export function mandatoryLabel(sd: SecurityInfo): { integrity: number; policy: number; defaulted: boolean } {
  for (const ace of sd.sacl ?? []) {
    if (ace.type !== 'SYSTEM_MANDATORY_LABEL' || inheritOnly(ace)) continue;
    const m = /^S-1-16-(\d+)$/.exec(ace.sid);
    if (m) return { integrity: Number(m[1]), policy: ace.mask & 7, defaulted: false };
  }
  return { integrity: INTEGRITY_MEDIUM, policy: NO_WRITE_UP, defaulted: true };
}

/**
 * Who a pass matches: `allow` for allow ACEs, `deny` for deny ACEs (deny-only SIDs match only
 * the latter), and `owner` for the owner's implied rights and OWNER RIGHTS ACEs.
 */
interface Membership {
  allow(sid: string): boolean;
  deny(sid: string): boolean;
  owner(sid: string): boolean;
}

function normalMembership(t: AccessToken): Membership {
  const allow = new Set<string>();
  const deny = new Set<string>();
  // MS-DTYP 2.5.3.2: an allow ACE applies when its SID is in the token and enabled; a deny ACE
  // also when the SID is deny-only (SE_GROUP_USE_FOR_DENY_ONLY). A disabled group matches neither.
  deny.add(t.user);
  if (!t.userDenyOnly) allow.add(t.user);
  for (const g of t.groups) {
    if (g.denyOnly) deny.add(g.sid);
    else if (g.enabled) {
      allow.add(g.sid);
      deny.add(g.sid);
    }
  }
  // The owner check uses the enabled SIDs only (WRK se/accessck.c SepTokenIsOwner calls
  // SepSidInToken with DenyAce FALSE): a deny-only Administrators group does not own.
  return { allow: (s) => allow.has(s), deny: (s) => deny.has(s), owner: (s) => allow.has(s) };
}

function restrictedMembership(sids: readonly string[]): Membership {
  // The restricted pass matches the restricting SIDs for allow and deny ACEs alike, and the
  // owner only when the owner is one of them (Windows Security Internals ch. 7, "Restricted
  // Tokens": a second owner check and a second DACL walk against the restricted SIDs).
  const set = new Set(sids);
  const has = (s: string): boolean => set.has(s);
  return { allow: has, deny: has, owner: has };
}

function appContainerMembership(ac: NonNullable<AccessToken['appContainer']>): Membership {
  // The lowbox pass matches the package SID, its capability SIDs, and the two package groups:
  // ALL APPLICATION PACKAGES (S-1-15-2-1) and ALL RESTRICTED APPLICATION PACKAGES (S-1-15-2-2),
  // which every full AppContainer belongs to (Microsoft docs, "AppContainer isolation" and
  // "Security identifiers": well-known capability and package SIDs; NtCoreLib's lowbox check).
  const set = new Set([ac.packageSid, ...ac.capabilities, ALL_APPLICATION_PACKAGES, ALL_RESTRICTED_APPLICATION_PACKAGES]);
  const has = (s: string): boolean => set.has(s);
  return { allow: has, deny: has, owner: (s) => s === ac.packageSid };
}

interface PassResult {
  granted: number;
  reasons: AccessReason[];
}

/** One DACL walk (MS-DTYP 2.5.3.2, steps for the DACL), in maximum-allowed mode. */
function walkDacl(sd: SecurityInfo, mapping: GenericMapping, who: Membership, pass: AccessPass): PassResult {
  const reasons: AccessReason[] = [];
  // MS-DTYP 2.5.3.2: "If the DACL is NULL, access is granted": maximum allowed is the type's
  // GENERIC_ALL (WRK se/accessck.c: GrantedAccess = GenericMapping->GenericAll).
  if (sd.dacl === null) {
    const all = mapping.all >>> 0;
    return { granted: all, reasons: [{ kind: 'null-dacl', pass, mask: all }] };
  }
  let granted = 0;
  let denied = 0;
  const isOwner = sd.owner !== null && who.owner(sd.owner);
  // The owner is implicitly granted READ_CONTROL and WRITE_DAC, before any ACE (so no deny ACE
  // can take them away), unless the DACL holds an OWNER RIGHTS (S-1-3-4) ACE, which then says
  // what the owner gets (MS-DTYP 2.5.3.2; Microsoft docs "SID strings" / OWNER RIGHTS, Windows
  // Server 2008 and later).
  const ownerRightsPresent = sd.dacl.some((a) => a.sid === OWNER_RIGHTS && !inheritOnly(a));
  if (isOwner && !ownerRightsPresent) {
    granted = READ_CONTROL | WRITE_DAC;
    reasons.push({ kind: 'owner', pass, mask: granted });
  }
  const matches = (sid: string, deny: boolean): boolean =>
    sid === OWNER_RIGHTS ? isOwner : deny ? who.deny(sid) : who.allow(sid);
  sd.dacl.forEach((ace, index) => {
    // MS-DTYP 2.5.3.2: an inherit-only ACE takes no part in the check of the object itself.
    if (inheritOnly(ace)) return;
    // ACE masks on real objects were mapped when the descriptor was assigned; mapping again is
    // a no-op there, and it makes a hand-built or Wine-stored generic ACE mean what it says.
    const mask = mapGeneric(ace.mask, mapping) & DACL_GRANTABLE;
    // The walk is strictly in order, first decision wins per bit: a deny ACE denies the rights
    // not already granted, an allow ACE grants the rights not already denied. A canonical DACL
    // (deny first) thus denies; a non-canonical one lets an earlier allow win.
    switch (ace.type) {
      case 'ACCESS_ALLOWED':
        if (matches(ace.sid, false)) {
          const add = mask & ~granted & ~denied;
          granted |= add;
          if (add) reasons.push({ kind: 'ace', pass, index, effect: 'allow', mask: add >>> 0 });
        }
        return;
      // A conditional (callback) deny ACE whose condition cannot be evaluated applies: MS-DTYP
      // 2.5.3.2 treats an UNKNOWN result of a deny ACE's condition as TRUE. The matching
      // conditional allow ACE then does not apply (UNKNOWN is not TRUE), which is the default.
      case 'ACCESS_DENIED':
      case 'ACCESS_DENIED_CALLBACK':
        if (matches(ace.sid, true)) {
          const add = mask & ~granted & ~denied;
          denied |= add;
          if (add) reasons.push({ kind: 'ace', pass, index, effect: 'deny', mask: add >>> 0 });
        }
        return;
      // Object ACEs (ACCESS_ALLOWED_OBJECT and the rest) apply only to a check by object type
      // list (MS-DTYP 2.5.3.2, "Object Tree"); a plain check ignores them, as do audit ACEs.
      default:
        return;
    }
  });
  return { granted: granted >>> 0, reasons };
}

/** Privileges that grant rights before the DACL is read (MS-DTYP 2.5.3.2, privilege steps). */
const RIGHT_PRIVILEGES: [string, number][] = [
  // SeSecurityPrivilege is the only way to ACCESS_SYSTEM_SECURITY; no ACE grants it.
  ['SeSecurityPrivilege', ACCESS_SYSTEM_SECURITY],
  // SeTakeOwnershipPrivilege grants WRITE_OWNER whatever the DACL says.
  ['SeTakeOwnershipPrivilege', WRITE_OWNER],
];

/**
 * What `token` is granted on an object with security descriptor `sd` and generic mapping
 * `mapping`, asking for `desired` (MAXIMUM_ALLOWED by default: everything it can get), with the
 * reason for every right decided.
 */
export function accessCheck(sd: SecurityInfo, mapping: GenericMapping, token: AccessToken, desired = MAXIMUM_ALLOWED): AccessCheckResult {
  const reasons: AccessReason[] = [];
  const label = mandatoryLabel(sd);

  // 1. Mandatory integrity (Microsoft docs, "Mandatory Integrity Control"; NtCoreLib): a token
  // below the object's level keeps only the generic read, write and execute rights the label's
  // policy does not forbid: everything else (WRITE_DAC, WRITE_OWNER, DELETE on most types) goes.
  // A token whose policy lacks NO_WRITE_UP (TOKEN_MANDATORY_POLICY_OFF) is not checked at all.
  let mandatoryAllowed = 0xffffffff;
  if (token.integrity < label.integrity && token.mandatoryPolicy & TOKEN_MANDATORY_POLICY_NO_WRITE_UP) {
    mandatoryAllowed = 0;
    if (!(label.policy & NO_READ_UP)) mandatoryAllowed |= mapping.read;
    if (!(label.policy & NO_WRITE_UP)) mandatoryAllowed |= mapping.write;
    if (!(label.policy & NO_EXECUTE_UP)) mandatoryAllowed |= mapping.execute;
    // ACCESS_SYSTEM_SECURITY is the privilege's business alone, never the label's.
    mandatoryAllowed = (mandatoryAllowed | ACCESS_SYSTEM_SECURITY) >>> 0;
  }

  // 2. Privileges.
  let privileged = 0;
  for (const [name, bit] of RIGHT_PRIVILEGES) {
    if (token.privileges.includes(name)) {
      privileged |= bit;
      reasons.push({ kind: 'privilege', name, mask: bit });
    }
  }

  // 3. The DACL, then the second passes, each intersected with the first.
  const normal = walkDacl(sd, mapping, normalMembership(token), 'normal');
  reasons.push(...normal.reasons);
  let dacl = normal.granted;
  if (token.restrictedSids) {
    const r = walkDacl(sd, mapping, restrictedMembership(token.restrictedSids), 'restricted');
    reasons.push(...r.reasons);
    // A write-restricted token's second pass limits only the generic-write rights (Microsoft
    // docs, CreateRestrictedToken WRITE_RESTRICTED): reads pass on the first pass alone.
    const limit = token.writeRestricted ? r.granted | ~mapping.write : r.granted;
    const withheld = dacl & ~limit;
    if (withheld) reasons.push({ kind: 'pass-withheld', pass: 'restricted', mask: withheld >>> 0 });
    dacl &= limit;
  }
  if (token.appContainer) {
    const a = walkDacl(sd, mapping, appContainerMembership(token.appContainer), 'appcontainer');
    reasons.push(...a.reasons);
    const withheld = dacl & ~a.granted;
    if (withheld) reasons.push({ kind: 'pass-withheld', pass: 'appcontainer', mask: withheld >>> 0 });
    dacl &= a.granted;
  }

  const beforeLabel = (dacl | privileged) >>> 0;
  const granted = (beforeLabel & mandatoryAllowed) >>> 0;
  if (beforeLabel & ~mandatoryAllowed) {
    reasons.push({ kind: 'integrity', objectIntegrity: label.integrity, policy: label.policy, mask: (beforeLabel & ~mandatoryAllowed) >>> 0 });
  }

  // MAXIMUM_ALLOWED succeeds when anything at all is granted (WRK se/accessck.c: an empty
  // result is STATUS_ACCESS_DENIED); otherwise every desired right must be granted.
  const want = mapGeneric(desired & ~MAXIMUM_ALLOWED, mapping);
  let ok = (want & ~granted) === 0;
  if (desired & MAXIMUM_ALLOWED) ok = ok && granted !== 0;
  return {
    status: ok ? STATUS.SUCCESS : STATUS.ACCESS_DENIED,
    granted: desired & MAXIMUM_ALLOWED ? granted : ok ? want : 0,
    objectIntegrity: label.integrity,
    labelDefaulted: label.defaulted,
    reasons,
  };
}
