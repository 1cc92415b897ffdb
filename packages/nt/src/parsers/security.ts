// Self-relative SECURITY_DESCRIPTOR, ACL, ACE and SID decoding. SDDL itself comes from
// advapi32 (ConvertSecurityDescriptorToStringSecurityDescriptorW); this gives the structured
// ACE table the UI shows next to it, and works where advapi32 is unavailable (snapshots, tests).
import type { AceInfo } from '@objscope/core';
import type { Parsed } from './object';

export interface ParsedAce extends Omit<AceInfo, 'account'> {
  /** The SID's bytes, for account lookup. */
  sidBytes: Uint8Array | null;
}

export interface ParsedSecurityDescriptor {
  control: number;
  owner: string | null;
  ownerBytes: Uint8Array | null;
  group: string | null;
  groupBytes: Uint8Array | null;
  dacl: ParsedAce[] | null;
  sacl: ParsedAce[] | null;
}

const SE_DACL_PRESENT = 0x0004;
const SE_SACL_PRESENT = 0x0010;
const SE_SELF_RELATIVE = 0x8000;

const ACE_TYPES = new Map<number, string>([
  [0x00, 'ACCESS_ALLOWED'],
  [0x01, 'ACCESS_DENIED'],
  [0x02, 'SYSTEM_AUDIT'],
  [0x03, 'SYSTEM_ALARM'],
  [0x05, 'ACCESS_ALLOWED_OBJECT'],
  [0x06, 'ACCESS_DENIED_OBJECT'],
  [0x07, 'SYSTEM_AUDIT_OBJECT'],
  [0x09, 'ACCESS_ALLOWED_CALLBACK'],
  [0x0a, 'ACCESS_DENIED_CALLBACK'],
  [0x11, 'SYSTEM_MANDATORY_LABEL'],
  [0x12, 'SYSTEM_RESOURCE_ATTRIBUTE'],
  [0x13, 'SYSTEM_SCOPED_POLICY_ID'],
  [0x14, 'SYSTEM_PROCESS_TRUST_LABEL'],
]);

const ACE_FLAGS: [number, string][] = [
  [0x01, 'OBJECT_INHERIT'],
  [0x02, 'CONTAINER_INHERIT'],
  [0x04, 'NO_PROPAGATE_INHERIT'],
  [0x08, 'INHERIT_ONLY'],
  [0x10, 'INHERITED'],
  [0x40, 'SUCCESSFUL_ACCESS'],
  [0x80, 'FAILED_ACCESS'],
];

const STANDARD_RIGHTS: [number, string][] = [
  [0x00010000, 'DELETE'],
  [0x00020000, 'READ_CONTROL'],
  [0x00040000, 'WRITE_DAC'],
  [0x00080000, 'WRITE_OWNER'],
  [0x00100000, 'SYNCHRONIZE'],
  [0x01000000, 'ACCESS_SYSTEM_SECURITY'],
  [0x02000000, 'MAXIMUM_ALLOWED'],
  [0x10000000, 'GENERIC_ALL'],
  [0x20000000, 'GENERIC_EXECUTE'],
  [0x40000000, 'GENERIC_WRITE'],
  [0x80000000, 'GENERIC_READ'],
];

/** Object-specific rights (low 16 bits) by type name; full-access masks first. */
const SPECIFIC_RIGHTS = new Map<string, [number, string][]>([
  ['Directory', [[0x000f, 'DIRECTORY_ALL_ACCESS'], [0x1, 'QUERY'], [0x2, 'TRAVERSE'], [0x4, 'CREATE_OBJECT'], [0x8, 'CREATE_SUBDIRECTORY']]],
  ['SymbolicLink', [[0x0001, 'QUERY'], [0x0002, 'SET']]],
  ['Event', [[0x0003, 'EVENT_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['Mutant', [[0x0001, 'QUERY_STATE']]],
  ['Semaphore', [[0x0003, 'SEMAPHORE_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['Timer', [[0x0003, 'TIMER_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['Section', [[0x001f, 'SECTION_ALL_ACCESS'], [0x1, 'QUERY'], [0x2, 'MAP_WRITE'], [0x4, 'MAP_READ'], [0x8, 'MAP_EXECUTE'], [0x10, 'EXTEND_SIZE']]],
  // Handle access (holders, #14) decodes with this same table; winnt.h / ntpsapi.h rights.
  ['Process', [[0xffff, 'PROCESS_ALL_ACCESS'], [0x1, 'TERMINATE'], [0x2, 'CREATE_THREAD'], [0x4, 'SET_SESSIONID'], [0x8, 'VM_OPERATION'], [0x10, 'VM_READ'], [0x20, 'VM_WRITE'], [0x40, 'DUP_HANDLE'], [0x80, 'CREATE_PROCESS'], [0x100, 'SET_QUOTA'], [0x200, 'SET_INFORMATION'], [0x400, 'QUERY_INFORMATION'], [0x800, 'SUSPEND_RESUME'], [0x1000, 'QUERY_LIMITED_INFORMATION'], [0x2000, 'SET_LIMITED_INFORMATION']]],
  ['Thread', [[0xffff, 'THREAD_ALL_ACCESS'], [0x1, 'TERMINATE'], [0x2, 'SUSPEND_RESUME'], [0x4, 'ALERT'], [0x8, 'GET_CONTEXT'], [0x10, 'SET_CONTEXT'], [0x20, 'SET_INFORMATION'], [0x40, 'QUERY_INFORMATION'], [0x80, 'SET_THREAD_TOKEN'], [0x100, 'IMPERSONATE'], [0x200, 'DIRECT_IMPERSONATION'], [0x400, 'SET_LIMITED_INFORMATION'], [0x800, 'QUERY_LIMITED_INFORMATION'], [0x1000, 'RESUME']]],
  ['File', [[0x01ff, 'FILE_ALL_ACCESS'], [0x1, 'READ_DATA'], [0x2, 'WRITE_DATA'], [0x4, 'APPEND_DATA'], [0x8, 'READ_EA'], [0x10, 'WRITE_EA'], [0x20, 'EXECUTE'], [0x40, 'DELETE_CHILD'], [0x80, 'READ_ATTRIBUTES'], [0x100, 'WRITE_ATTRIBUTES']]],
  ['Job', [[0x003f, 'JOB_OBJECT_ALL_ACCESS'], [0x1, 'ASSIGN_PROCESS'], [0x2, 'SET_ATTRIBUTES'], [0x4, 'QUERY'], [0x8, 'TERMINATE'], [0x10, 'SET_SECURITY_ATTRIBUTES'], [0x20, 'IMPERSONATE']]],
  ['IoCompletion', [[0x0003, 'IO_COMPLETION_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['KeyedEvent', [[0x0003, 'KEYEDEVENT_ALL_ACCESS'], [0x1, 'WAIT'], [0x2, 'WAKE']]],
  ['Token', [[0x01ff, 'TOKEN_ALL_ACCESS'], [0x1, 'ASSIGN_PRIMARY'], [0x2, 'DUPLICATE'], [0x4, 'IMPERSONATE'], [0x8, 'QUERY'], [0x10, 'QUERY_SOURCE'], [0x20, 'ADJUST_PRIVILEGES'], [0x40, 'ADJUST_GROUPS'], [0x80, 'ADJUST_DEFAULT'], [0x100, 'ADJUST_SESSIONID']]],
  ['Key', [[0x003f, 'KEY_ALL_ACCESS'], [0x0001, 'QUERY_VALUE'], [0x0002, 'SET_VALUE'], [0x0004, 'CREATE_SUB_KEY'], [0x0008, 'ENUMERATE_SUB_KEYS'], [0x0010, 'NOTIFY'], [0x0020, 'CREATE_LINK']]],
]);

/** Names the bits of an access mask: full-access aliases first, then what remains bit by bit. */
export function accessRightNames(mask: number, type: string | null): string[] {
  const out: string[] = [];
  let rest = mask >>> 0;
  const specific = (type && SPECIFIC_RIGHTS.get(type)) || [];
  let low = rest & 0xffff;
  for (const [bits, name] of specific) {
    if (bits !== 0 && (low & bits) === bits) {
      out.push(name);
      low &= ~bits;
    }
  }
  for (let b = 0; b < 16; b++) if (low & (1 << b)) out.push(`SPECIFIC_${b}`);
  rest &= ~0xffff;
  for (const [bit, name] of STANDARD_RIGHTS) {
    if ((rest & bit) >>> 0 === bit >>> 0) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) out.push(`0x${rest.toString(16).toUpperCase()}`);
  return out;
}

/** S-R-I-S-S... as ConvertSidToStringSid prints it. */
export function parseSid(bytes: Uint8Array, offset: number, limit = bytes.byteLength): Parsed<{ sid: string; size: number }> {
  if (offset + 8 > limit) return { ok: false, message: `SID at ${offset} runs past the buffer` };
  const rev = bytes[offset]!;
  const subCount = bytes[offset + 1]!;
  const size = 8 + 4 * subCount;
  if (rev !== 1) return { ok: false, message: `SID revision ${rev} is not 1` };
  if (subCount > 15) return { ok: false, message: `SID has ${subCount} sub-authorities (max 15)` };
  if (offset + size > limit) return { ok: false, message: `SID at ${offset} (${size} bytes) runs past the buffer` };
  let auth = 0;
  for (let i = 0; i < 6; i++) auth = auth * 256 + bytes[offset + 2 + i]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Authorities of 2^32 and above print in hex, as Windows does.
  let sid = `S-1-${auth >= 2 ** 32 ? `0x${auth.toString(16).toUpperCase()}` : auth}`;
  for (let i = 0; i < subCount; i++) sid += `-${dv.getUint32(offset + 8 + 4 * i, true)}`;
  return { ok: true, value: { sid, size } };
}

export function parseAcl(bytes: Uint8Array, offset: number, objectType: string | null, limit = bytes.byteLength): Parsed<ParsedAce[]> {
  if (offset + 8 > limit) return { ok: false, message: `ACL at ${offset} runs past the buffer` };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const aclSize = dv.getUint16(offset + 2, true);
  const count = dv.getUint16(offset + 4, true);
  const end = offset + aclSize;
  if (aclSize < 8 || end > limit) return { ok: false, message: `ACL size ${aclSize} at ${offset} does not fit the buffer` };
  const aces: ParsedAce[] = [];
  let p = offset + 8;
  for (let i = 0; i < count; i++) {
    if (p + 8 > end) return { ok: false, message: `ACE ${i} of ${count} runs past the ACL` };
    const type = bytes[p]!;
    const flags = bytes[p + 1]!;
    const size = dv.getUint16(p + 2, true);
    if (size < 8 || p + size > end) return { ok: false, message: `ACE ${i} has a bad size ${size}` };
    const mask = dv.getUint32(p + 4, true);
    let sidOffset = p + 8;
    // Object ACEs carry a flags word and up to two GUIDs before the SID.
    if (type === 0x05 || type === 0x06 || type === 0x07 || type === 0x08) {
      const objFlags = dv.getUint32(p + 8, true);
      sidOffset = p + 12 + (objFlags & 1 ? 16 : 0) + (objFlags & 2 ? 16 : 0);
    }
    const sid = parseSid(bytes, sidOffset, p + size);
    aces.push({
      type: ACE_TYPES.get(type) ?? `ACE_TYPE_0x${type.toString(16).padStart(2, '0')}`,
      flags: ACE_FLAGS.filter(([bit]) => flags & bit).map(([, n]) => n),
      mask,
      rights: type === 0x11 ? mandatoryPolicyNames(mask) : accessRightNames(mask, objectType),
      sid: sid.ok ? sid.value.sid : `(${sid.message})`,
      sidBytes: sid.ok ? bytes.slice(sidOffset, sidOffset + sid.value.size) : null,
    });
    p += size;
  }
  return { ok: true, value: aces };
}

function mandatoryPolicyNames(mask: number): string[] {
  const out: string[] = [];
  if (mask & 1) out.push('NO_WRITE_UP');
  if (mask & 2) out.push('NO_READ_UP');
  if (mask & 4) out.push('NO_EXECUTE_UP');
  return out;
}

export function parseSecurityDescriptor(bytes: Uint8Array, objectType: string | null, validLength = bytes.byteLength): Parsed<ParsedSecurityDescriptor> {
  const limit = Math.min(validLength, bytes.byteLength);
  if (limit < 20) return { ok: false, message: `security descriptor needs 20 bytes, got ${limit}` };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 1) return { ok: false, message: `security descriptor revision ${bytes[0]} is not 1` };
  const control = dv.getUint16(2, true);
  if (!(control & SE_SELF_RELATIVE)) return { ok: false, message: 'security descriptor is not self-relative' };
  const ownerOff = dv.getUint32(4, true);
  const groupOff = dv.getUint32(8, true);
  const saclOff = dv.getUint32(12, true);
  const daclOff = dv.getUint32(16, true);
  const sidAt = (off: number): Parsed<{ sid: string | null; bytes: Uint8Array | null }> => {
    if (off === 0) return { ok: true, value: { sid: null, bytes: null } };
    const s = parseSid(bytes, off, limit);
    return s.ok ? { ok: true, value: { sid: s.value.sid, bytes: bytes.slice(off, off + s.value.size) } } : s;
  };
  const owner = sidAt(ownerOff);
  if (!owner.ok) return { ok: false, message: `owner: ${owner.message}` };
  const group = sidAt(groupOff);
  if (!group.ok) return { ok: false, message: `group: ${group.message}` };
  let dacl: ParsedAce[] | null = null;
  if (control & SE_DACL_PRESENT && daclOff !== 0) {
    const a = parseAcl(bytes, daclOff, objectType, limit);
    if (!a.ok) return { ok: false, message: `DACL: ${a.message}` };
    dacl = a.value;
  }
  let sacl: ParsedAce[] | null = null;
  if (control & SE_SACL_PRESENT && saclOff !== 0) {
    const a = parseAcl(bytes, saclOff, objectType, limit);
    if (!a.ok) return { ok: false, message: `SACL: ${a.message}` };
    sacl = a.value;
  }
  return {
    ok: true,
    value: {
      control,
      owner: owner.value.sid,
      ownerBytes: owner.value.bytes,
      group: group.value.sid,
      groupBytes: group.value.bytes,
      dacl,
      sacl,
    },
  };
}
