// NtQueryObject (basic, type, all types) and NtQuerySecurityObject, plus everything known
// about one object by path (ObjectDetails).
import type { AceInfo, Field, NtResult, ObjectBasicInfo, ObjectDetails, ObjectTypeInfo, SecurityInfo, TypeStat } from '@objscope/core';
import { baseNtName, parentNtPath, statusInfo, STATUS, toUint32Status } from '@objscope/core';
import { closeHandle, nt, READ_CONTROL, readWideString, type Ptr } from './ffi';
import { OPENERS, openByType, openObject, type OpenFunction } from './open';
import { parseObjectBasicInformation, parseObjectTypeInformation, parseObjectTypesInformation, typeInfoToStat } from './parsers/object';
import { parseSecurityDescriptor, sddlWithNullDacl, type ParsedAce } from './parsers/security';
import { accountResolver } from './accounts';
import { queryGrowing } from './query';
import { mayHoldDynamicLinks } from './directory';
import { fail, ok, toField } from './result';
import { hasState, queryState } from './state';
import { queryLinkTarget, resolveLinkChain } from './symlink';

const ObjectBasicInformation = 0;
const ObjectTypeInformation = 2;
const ObjectTypesInformation = 3;

const OWNER_SECURITY_INFORMATION = 0x1;
const GROUP_SECURITY_INFORMATION = 0x2;
const DACL_SECURITY_INFORMATION = 0x4;
const LABEL_SECURITY_INFORMATION = 0x10;
const SECURITY_INFO = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION;

export function queryBasicInfo(h: Ptr): NtResult<ObjectBasicInfo> {
  const bytes = new Uint8Array(56);
  const s = toUint32Status(nt().ntdll.NtQueryObject(h, ObjectBasicInformation, bytes, bytes.byteLength, [0]));
  if (s !== 0) return fail(s, 'NtQueryObject(ObjectBasicInformation)');
  const p = parseObjectBasicInformation(bytes);
  return p.ok ? ok(p.value) : fail(STATUS.UNSUCCESSFUL, p.message);
}

function queryTypeInfo(h: Ptr): NtResult<ObjectTypeInfo> {
  const r = queryGrowing((b, ret) => nt().ntdll.NtQueryObject(h, ObjectTypeInformation, b, b.byteLength, ret), 512, 'NtQueryObject(ObjectTypeInformation)');
  if (!r.ok) return r;
  const p = parseObjectTypeInformation(r.value.bytes, r.value.base, 0, r.value.bytes.byteLength);
  if (!p.ok) return fail(STATUS.UNSUCCESSFUL, p.message);
  // The per-handle query has no index; the global list does.
  const all = queryAllTypes();
  const index = all.ok ? (all.value.find((t) => t.name === p.value.name)?.index ?? null) : null;
  return ok({ ...p.value, index: p.value.index ?? index });
}

/** NtQueryObject(NULL, ObjectTypesInformation): every type with its object and handle counts. */
export function queryAllTypes(): NtResult<ObjectTypeInfo[]> {
  const r = queryGrowing((b, ret) => nt().ntdll.NtQueryObject(null, ObjectTypesInformation, b, b.byteLength, ret), 64 * 1024, 'NtQueryObject(ObjectTypesInformation)');
  if (!r.ok) return r;
  const p = parseObjectTypesInformation(r.value.bytes, r.value.base, r.value.bytes.byteLength);
  return p.ok ? ok(p.value) : fail(STATUS.UNSUCCESSFUL, p.message);
}

export function typeStats(): NtResult<TypeStat[]> {
  const r = queryAllTypes();
  return r.ok ? ok(r.value.map(typeInfoToStat)) : r;
}

const accountCache = new Map<string, string | null>();

/** DOMAIN\name for a SID, or null when LookupAccountSid does not know it. */
function lookupAccount(sid: string, sidBytes: Uint8Array): string | null {
  if (accountCache.has(sid)) return accountCache.get(sid)!;
  const name = new Uint8Array(512);
  const domain = new Uint8Array(512);
  const nameLen: [number] = [256];
  const domainLen: [number] = [256];
  let result: string | null = null;
  try {
    if (nt().advapi32.LookupAccountSidW(null, sidBytes, name, nameLen, domain, domainLen, [0])) {
      const n = Buffer.from(name.buffer, 0, nameLen[0] * 2).toString('utf16le');
      const d = Buffer.from(domain.buffer, 0, domainLen[0] * 2).toString('utf16le');
      result = d ? `${d}\\${n}` : n;
    }
  } catch {
    result = null;
  }
  accountCache.set(sid, result);
  return result;
}

/**
 * How object details get account names: 'lookup' calls LookupAccountSid here (the CLI: blocking
 * is fine there); 'cache' only reads names already known, never blocking (the agent, which
 * fills the rest off the event loop with accountResolver().fill).
 */
export type AccountMode = 'lookup' | 'cache';

function accountOf(sid: string, bytes: Uint8Array | null | undefined, mode: AccountMode): string | null {
  if (!bytes) return null;
  if (mode === 'lookup') return lookupAccount(sid, bytes);
  return accountCache.get(sid) ?? accountResolver().cached(sid) ?? null;
}

function toAces(aces: ParsedAce[] | null, mode: AccountMode): AceInfo[] | null {
  if (!aces) return null;
  return aces.map(({ sidBytes, ...a }) => ({ ...a, account: accountOf(a.sid, sidBytes, mode) }));
}

function sddlOf(sd: Uint8Array): string | null {
  const out: [Ptr] = [null];
  try {
    if (!nt().advapi32.ConvertSecurityDescriptorToStringSecurityDescriptorW(sd, 1, SECURITY_INFO, out, [0])) return null;
    try {
      return readWideString(out[0]);
    } finally {
      nt().kernel32.LocalFree(out[0]);
    }
  } catch {
    return null;
  }
}

/** Owner, group, DACL and label as SDDL plus a decoded ACE table. Needs READ_CONTROL. */
function querySecurity(h: Ptr, type: string | null, accounts: AccountMode = 'lookup'): NtResult<SecurityInfo> {
  const r = queryGrowing((b, ret) => nt().ntdll.NtQuerySecurityObject(h, SECURITY_INFO, b, b.byteLength, ret), 1024, 'NtQuerySecurityObject');
  if (!r.ok) return r;
  const sd = r.value.bytes;
  const p = parseSecurityDescriptor(sd, type);
  if (!p.ok) return fail(STATUS.UNSUCCESSFUL, p.message);
  const v = p.value;
  return ok({
    sddl: sddlWithNullDacl(sddlOf(sd), v),
    owner: v.owner,
    group: v.group,
    ownerAccount: v.owner ? accountOf(v.owner, v.ownerBytes, accounts) : null,
    groupAccount: v.group ? accountOf(v.group, v.groupBytes, accounts) : null,
    dacl: toAces(v.dacl, accounts),
    sacl: toAces(v.sacl, accounts),
  });
}

/**
 * The two calls openForDetails makes into ntdll: NtOpen<Type> by name with an access mask, and
 * the access a handle was granted (NtQueryObject ObjectBasicInformation). A unit test passes a
 * fake here, at the binding boundary, to see which masks are asked for.
 */
export interface DetailsOpenBinding {
  open(fn: OpenFunction, path: string, access: number): NtResult<Ptr>;
  grantedAccess(h: Ptr): number | null;
}

const liveDetailsOpen: DetailsOpenBinding = {
  open: (fn, path, access) => openObject(fn, path, access),
  grantedAccess: (h) => {
    const b = queryBasicInfo(h);
    return b.ok ? b.value.grantedAccess : null;
  },
};

/**
 * Opens with query + READ_CONTROL, then with less when denied: a caller who may query but not
 * read the security descriptor still gets the rest, and one who may do neither still gets the
 * counts and type (NtQueryObject basic/type need no access right at all, but a handle does).
 */
export function openForDetails(
  path: string,
  type: string,
  binding: DetailsOpenBinding = liveDetailsOpen,
): { handle: Ptr; query: boolean; readControl: boolean } | { error: NtResult<never> } {
  const o = OPENERS.get(type);
  if (!o) return { error: openByType(type, path, 0) as NtResult<never> };
  const attempts: [number, boolean, boolean][] = [
    [READ_CONTROL, true, true],
    [0, true, false],
  ];
  let first: NtResult<never> | null = null;
  for (const [extra, query, readControl] of attempts) {
    const r = binding.open(o.fn, path, o.query | extra);
    if (r.ok) return { handle: r.value, query, readControl };
    first ??= r as NtResult<never>;
    if (r.status !== STATUS.ACCESS_DENIED) return { error: first };
  }
  const rc = binding.open(o.fn, path, READ_CONTROL);
  if (rc.ok) return { handle: rc.value, query: false, readControl: true };
  // MAXIMUM_ALLOWED before access 0: whatever the DACL grants is more than nothing, and access 0
  // is no fallback at all on Windows: SeAccessCheck refuses an empty DesiredAccess when nothing
  // was granted before (WRK se/accessck.c), so for an object with a security descriptor it
  // fails exactly when MAXIMUM_ALLOWED does. The granted mask says what we got.
  const max = binding.open(o.fn, path, MAXIMUM_ALLOWED);
  if (max.ok) {
    const granted = binding.grantedAccess(max.value);
    return { handle: max.value, query: false, readControl: granted !== null && (granted & READ_CONTROL) !== 0 };
  }
  // Last, access 0: on Windows it opens only what MAXIMUM_ALLOWED already opened (an object
  // without a security descriptor: WRK ObCheckObjectAccess skips the check), so this is for
  // Wine, whose server may grant an empty mask where it refuses MAXIMUM_ALLOWED.
  const none = binding.open(o.fn, path, 0);
  if (none.ok) return { handle: none.value, query: false, readControl: false };
  return { error: first! };
}

const MAXIMUM_ALLOWED = 0x02000000;

/**
 * The counts as others see them: the handle objscope opened to ask is one of HandleCount, so it
 * is subtracted. PointerCount is left as the kernel reports it: System Informer
 * (phlib/hndlinfo.c, PhGetObjectBasicInformation) subtracts only the handle on Windows 8 and
 * later, the only systems objscope supports; before Windows 8 NtQueryObject also counted its own
 * reference and the asking handle's (WRK base/ntos/ob/obquery.c: it reports the header's counts
 * while holding a reference), where System Informer subtracted 2 from PointerCount.
 */
export function countsAsOthersSeeThem(r: NtResult<ObjectBasicInfo>): NtResult<ObjectBasicInfo> {
  if (!r.ok) return r;
  return ok({ ...r.value, handleCount: Math.max(0, r.value.handleCount - 1) });
}

function opensAsEvent(path: string): boolean {
  const ev = openObject('NtOpenEvent', path, 0x00100001);
  if (ev.ok) closeHandle(ev.value);
  return ev.ok;
}

/** Type information from the global type list, for objects that cannot be opened. */
function typeInfoByName(type: string): Field<ObjectTypeInfo> {
  const all = queryAllTypes();
  if (!all.ok) return { ok: false, error: statusInfo(all.status) };
  const t = all.value.find((x) => x.name === type);
  return t ? { ok: true, value: t } : { ok: false, error: statusInfo(STATUS.NOT_FOUND) };
}

/** Everything the layer knows about one object. `type` comes from its directory listing. */
export function objectDetails(path: string, type: string, typeOf?: (path: string) => string | null, opts: { accounts?: AccountMode } = {}): ObjectDetails {
  const name = baseNtName(path);
  const details: ObjectDetails = {
    path,
    name,
    type,
    basic: { ok: false, error: statusInfo(STATUS.NOT_SUPPORTED) },
    typeInfo: { ok: false, error: statusInfo(STATUS.NOT_SUPPORTED) },
    security: { ok: false, error: statusInfo(STATUS.NOT_SUPPORTED) },
    state: null,
    link: null,
  };
  // A Type object (\ObjectTypes\Event) is described by the type it stands for, as WinObjEx64's
  // type page does; every other object by its own type.
  const described = type === 'Type' ? name : type;
  if (!OPENERS.has(type)) {
    details.typeInfo = typeInfoByName(described);
    return details;
  }
  const opened = openForDetails(path, type);
  if ('error' in opened) {
    const err: Field<never> = { ok: false, error: statusInfo(opened.error.status) };
    details.basic = err;
    details.typeInfo = typeInfoByName(type);
    details.security = err;
    if (type === 'SymbolicLink') {
      details.link = { target: null, creationTime: null, dynamic: false, chain: resolveLinkChain(path, typeOf) };
    }
    return details;
  }
  const h = opened.handle;
  try {
    const basic = countsAsOthersSeeThem(queryBasicInfo(h));
    details.basic = toField(basic);
    details.typeInfo = toField(queryTypeInfo(h));
    details.security = opened.readControl ? toField(querySecurity(h, type, opts.accounts)) : { ok: false, error: statusInfo(STATUS.ACCESS_DENIED) };
    // Without the query right the state is denied, not absent.
    details.state = opened.query ? queryState(h, type) : hasState(type) ? { ok: false, error: statusInfo(STATUS.ACCESS_DENIED) } : null;
    if (type === 'SymbolicLink') {
      const t = queryLinkTarget(h);
      const target = t.ok ? t.value : null;
      details.link = {
        target: target || null,
        creationTime: basic.ok ? basic.value.creationTime : null,
        // Only a link the kernel resolves to an Event when opened is dynamic (see describeLink).
        dynamic: t.ok && target === '' && mayHoldDynamicLinks(parentNtPath(path)) && opensAsEvent(path),
        chain: resolveLinkChain(path, typeOf),
      };
    }
  } finally {
    closeHandle(h);
  }
  return details;
}

/**
 * What a snapshot records about one object (basic info, security, state): objectDetails without
 * the per-object type query and link chain, which a capture takes once per type and from the
 * walked tree instead. Null when objscope does not open objects of this type (devices, files).
 */
export function recordedObjectDetails(path: string, type: string): Pick<ObjectDetails, 'basic' | 'security' | 'state'> | null {
  if (!OPENERS.has(type)) return null;
  const opened = openForDetails(path, type);
  if ('error' in opened) {
    const err: Field<never> = { ok: false, error: statusInfo(opened.error.status) };
    return { basic: err, security: err, state: hasState(type) ? err : null };
  }
  const h = opened.handle;
  try {
    return {
      basic: toField(countsAsOthersSeeThem(queryBasicInfo(h))),
      security: opened.readControl ? toField(querySecurity(h, type)) : { ok: false, error: statusInfo(STATUS.ACCESS_DENIED) },
      state: opened.query ? queryState(h, type) : hasState(type) ? { ok: false, error: statusInfo(STATUS.ACCESS_DENIED) } : null,
    };
  } finally {
    closeHandle(h);
  }
}
