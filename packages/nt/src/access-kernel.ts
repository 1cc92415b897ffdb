// The kernel's own answer to "what may this token do to this descriptor": NtAccessCheck, and
// the tokens to ask it with (an impersonation copy of ours, NtFilterToken copies with groups
// made deny-only or restricted, NtCreateLowBoxToken where it exists). Used by `access --verify`
// and by the differential test, which compares it with core's engine on real objects.
// Every token and object handle opened here is closed before the function returns.
import type { GenericMapping, NtResult } from '@objscope/core';
import { STATUS, toUint32Status } from '@objscope/core';
import { sidToBytes } from './accounts';
import { addressOf, closeHandle, nt, optionalNtdll, type Ptr } from './ffi';
import { queryGrowing } from './query';
import { fail, ok } from './result';

const TOKEN_DUPLICATE = 0x2;
const TOKEN_IMPERSONATE = 0x4;
const TOKEN_QUERY = 0x8;
const TOKEN_ADJUST_DEFAULT = 0x80;
const TOKEN_ALL_ACCESS = 0xf01ff;
const TokenIntegrityLevel = 25;
const SE_GROUP_ENABLED = 0x4;
const SE_GROUP_INTEGRITY = 0x20;
const TokenImpersonation = 2;
const SecurityImpersonation = 2;
const OWNER_SECURITY_INFORMATION = 0x1;
const GROUP_SECURITY_INFORMATION = 0x2;
const DACL_SECURITY_INFORMATION = 0x4;
const LABEL_SECURITY_INFORMATION = 0x10;

function bound(name: 'NtAccessCheck' | 'NtDuplicateToken' | 'NtFilterToken' | 'NtCreateLowBoxToken' | 'NtCreateToken' | 'NtCreateEvent' | 'NtSetSecurityObject' | 'NtSetInformationToken') {
  const f = optionalNtdll(name);
  return f ? ok(f) : fail(STATUS.PROCEDURE_NOT_FOUND, `${name} is not exported by this ntdll`);
}

export interface KernelAccess {
  /** NTSTATUS of the check itself (STATUS_SUCCESS or STATUS_ACCESS_DENIED, ...). */
  accessStatus: number;
  granted: number;
}

/** NtAccessCheck of a self-relative descriptor against an impersonation token. */
export function kernelAccessCheck(sd: Uint8Array, mapping: GenericMapping, token: Ptr, desired: number): NtResult<KernelAccess> {
  const f = bound('NtAccessCheck');
  if (!f.ok) return f;
  const m = new Uint32Array([mapping.read, mapping.write, mapping.execute, mapping.all]);
  const privs = new Uint8Array(1024);
  const privsLength: [number] = [privs.byteLength];
  const granted: [number] = [0];
  const status: [number] = [0];
  const s = toUint32Status(f.value(sd, token, desired >>> 0, m, privs, privsLength, granted, status) as number);
  if (s !== 0) return fail(s, 'NtAccessCheck');
  return ok({ accessStatus: toUint32Status(status[0]), granted: granted[0] >>> 0 });
}

/** OBJECT_ATTRIBUTES (48 bytes on x64) followed by the SECURITY_QUALITY_OF_SERVICE it points to. */
function impersonationAttributes(): Uint8Array {
  const b = new Uint8Array(48 + 16);
  const v = new DataView(b.buffer);
  v.setUint32(0, 48, true);
  v.setBigUint64(40, addressOf(b) + 48n, true);
  v.setUint32(48, 12, true);
  v.setUint32(52, SecurityImpersonation, true);
  return b;
}

/** An impersonation-level copy of this process's token: NtAccessCheck needs one. */
export function impersonationToken(): NtResult<Ptr> {
  const dup = bound('NtDuplicateToken');
  if (!dup.ok) return dup;
  const proc: [Ptr] = [null];
  let s = toUint32Status(nt().ntdll.NtOpenProcessToken(nt().kernel32.GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, proc) as number);
  if (s !== 0) return fail(s, 'NtOpenProcessToken');
  try {
    const out: [Ptr] = [null];
    const oa = impersonationAttributes();
    s = toUint32Status(dup.value(proc[0], TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_IMPERSONATE, oa, 0, TokenImpersonation, out) as number);
    return s === 0 ? ok(out[0]) : fail(s, 'NtDuplicateToken');
  } finally {
    closeHandle(proc[0]);
  }
}

/**
 * A copy of `token` at low integrity: what a browser sandbox makes (NtDuplicateToken, then
 * TokenIntegrityLevel set to S-1-16-4096, Microsoft docs "Mandatory Integrity Control").
 */
export function lowIntegrityToken(token: Ptr): NtResult<Ptr> {
  const dup = bound('NtDuplicateToken');
  if (!dup.ok) return dup;
  const set = bound('NtSetInformationToken');
  if (!set.ok) return set;
  const out: [Ptr] = [null];
  let s = toUint32Status(dup.value(token, TOKEN_QUERY | TOKEN_DUPLICATE | TOKEN_IMPERSONATE | TOKEN_ADJUST_DEFAULT, impersonationAttributes(), 0, TokenImpersonation, out) as number);
  if (s !== 0) return fail(s, 'NtDuplicateToken');
  // TOKEN_MANDATORY_LABEL: SID_AND_ATTRIBUTES { PSID Sid; DWORD Attributes } (16 bytes on x64), the SID after it.
  const sid = sidToBytes('S-1-16-4096')!;
  const label = new Uint8Array(16 + sid.byteLength);
  label.set(sid, 16);
  const v = new DataView(label.buffer);
  v.setBigUint64(0, addressOf(label) + 16n, true);
  v.setUint32(8, SE_GROUP_INTEGRITY, true);
  s = toUint32Status(set.value(out[0], TokenIntegrityLevel, label, label.byteLength, 0, 0) as number);
  if (s !== 0) {
    closeHandle(out[0]);
    return fail(s, 'NtSetInformationToken(TokenIntegrityLevel)');
  }
  return ok(out[0]);
}

/**
 * An AppContainer (lowbox) token from `token` with `packageSid` and capability SIDs. Wine answers
 * success without a handle: that comes back as a failure saying so.
 */
export function lowBoxToken(token: Ptr, packageSid: string, capabilities: readonly string[]): NtResult<Ptr> {
  const f = bound('NtCreateLowBoxToken');
  if (!f.ok) return f;
  const pkg = sidToBytes(packageSid);
  if (!pkg) return fail(STATUS.INVALID_PARAMETER, `not a SID: ${packageSid}`);
  // SID_AND_ATTRIBUTES[] with the SIDs after the array, pointers absolute.
  const caps = capabilities.map((c) => sidToBytes(c)!);
  const head = 16 * caps.length;
  const buf = new Uint8Array(Math.max(1, head + caps.reduce((n, b) => n + b.byteLength, 0)));
  const v = new DataView(buf.buffer);
  let at = head;
  caps.forEach((b, i) => {
    v.setBigUint64(16 * i, addressOf(buf) + BigInt(at), true);
    v.setUint32(16 * i + 8, SE_GROUP_ENABLED, true);
    buf.set(b, at);
    at += b.byteLength;
  });
  const out: [Ptr] = [null];
  const s = toUint32Status(f.value(out, token, TOKEN_ALL_ACCESS, impersonationAttributes(), pkg, caps.length, caps.length ? buf : null, 0, null) as number);
  if (s !== 0) return fail(s, 'NtCreateLowBoxToken');
  if (out[0] == null || nt().koffi.address(out[0]) === 0n) return fail(STATUS.NOT_IMPLEMENTED, 'NtCreateLowBoxToken answered success but returned no token');
  return ok(out[0]);
}

/** TOKEN_GROUPS with absolute SID pointers into the same buffer. */
function tokenGroups(sids: readonly string[]): Uint8Array {
  const bytes = sids.map((s) => {
    const b = sidToBytes(s);
    if (!b) throw new Error(`not a SID: ${JSON.stringify(s)}`);
    return b;
  });
  const head = 8 + 16 * bytes.length;
  const buf = new Uint8Array(head + bytes.reduce((n, b) => n + b.byteLength, 0));
  const v = new DataView(buf.buffer);
  const base = addressOf(buf);
  v.setUint32(0, bytes.length, true);
  let at = head;
  bytes.forEach((b, i) => {
    v.setBigUint64(8 + 16 * i, base + BigInt(at), true);
    buf.set(b, at);
    at += b.byteLength;
  });
  return buf;
}

/** NtFilterToken: `disable` become deny-only, `restrict` the restricting SIDs. */
export function filterToken(token: Ptr, opts: { disable?: readonly string[]; restrict?: readonly string[]; flags?: number }): NtResult<Ptr> {
  const f = bound('NtFilterToken');
  if (!f.ok) return f;
  const out: [Ptr] = [null];
  const disable = opts.disable?.length ? tokenGroups(opts.disable) : null;
  const restrict = opts.restrict?.length ? tokenGroups(opts.restrict) : null;
  const s = toUint32Status(f.value(token, opts.flags ?? 0, disable, null, restrict, out) as number);
  return s === 0 ? ok(out[0]) : fail(s, 'NtFilterToken');
}

/**
 * What the token factories Wine may lack answer here: NtCreateLowBoxToken (Wine: success with
 * no handle, per the issue) and NtCreateToken. Each result is the status, and whether a handle
 * came back; a handle is closed at once.
 */
export function probeTokenFactories(base: Ptr): Record<'NtCreateLowBoxToken' | 'NtCreateToken', { status: string; handle: boolean }> {
  const describe = (r: NtResult<Ptr>): { status: string; handle: boolean } => {
    if (!r.ok) return { status: r.name, handle: false };
    const handle = r.value != null && nt().koffi.address(r.value) !== 0n;
    if (handle) closeHandle(r.value);
    return { status: 'STATUS_SUCCESS', handle };
  };
  const lowbox = (): NtResult<Ptr> => {
    const f = bound('NtCreateLowBoxToken');
    if (!f.ok) return f;
    const out: [Ptr] = [null];
    const pkg = sidToBytes('S-1-15-2-1-2-3-4-5-6-7')!;
    const s = toUint32Status(f.value(out, base, TOKEN_ALL_ACCESS, null, pkg, 0, null, 0, null) as number);
    return s === 0 ? ok(out[0]) : fail(s, 'NtCreateLowBoxToken');
  };
  const create = (): NtResult<Ptr> => {
    const f = bound('NtCreateToken');
    if (!f.ok) return f;
    // Null arguments everywhere: the answer says whether the call exists and what it checks
    // first (SeCreateTokenPrivilege on Windows), without making a token.
    const out: [Ptr] = [null];
    const s = toUint32Status(f.value(out, TOKEN_ALL_ACCESS, null, 1, null, null, null, null, null, null, null, null, null) as number);
    return s === 0 ? ok(out[0]) : fail(s, 'NtCreateToken');
  };
  return { NtCreateLowBoxToken: describe(lowbox()), NtCreateToken: describe(create()) };
}

/**
 * A real kernel object carrying `sd`: an unnamed event created for the purpose, its descriptor
 * set by NtSetSecurityObject and read back as the kernel stored it (`fn` gets those bytes). The
 * owner is set too when the kernel accepts it; otherwise the default owner stays. Closed after.
 */
export function withRealObject<T>(sd: Uint8Array, fn: (stored: Uint8Array) => T): NtResult<T> {
  const create = bound('NtCreateEvent');
  if (!create.ok) return create;
  const set = bound('NtSetSecurityObject');
  if (!set.ok) return set;
  const h: [Ptr] = [null];
  // READ_CONTROL | WRITE_DAC | WRITE_OWNER: the event is ours, created with our default DACL.
  let s = toUint32Status(create.value(h, 0x000e0000, null, 0, 0) as number);
  if (s !== 0) return fail(s, 'NtCreateEvent');
  try {
    s = toUint32Status(set.value(h[0], OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, sd, 0, 0, 0) as number);
    // An owner the token may not assign (STATUS_INVALID_OWNER): keep ours, set the rest.
    if (s === 0xc000005a) s = toUint32Status(set.value(h[0], GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, sd, 0, 0, 0) as number);
    if (s !== 0) return fail(s, 'NtSetSecurityObject');
    const info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION;
    const r = queryGrowing((b, ret) => nt().ntdll.NtQuerySecurityObject(h[0], info, b, b.byteLength, ret) as number, 512, 'NtQuerySecurityObject');
    if (!r.ok) return r;
    return ok(fn(r.value.bytes.slice(0, r.value.length)));
  } finally {
    closeHandle(h[0]);
  }
}

export { closeHandle as closeToken };
