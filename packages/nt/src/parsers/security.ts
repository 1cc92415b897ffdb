// Self-relative SECURITY_DESCRIPTOR, ACL, ACE and SID decoding. SDDL itself comes from
// advapi32 (ConvertSecurityDescriptorToStringSecurityDescriptorW); this gives the structured
// ACE table the UI shows next to it, and works where advapi32 is unavailable (snapshots, tests).
import { accessRightNames, type AceInfo } from '@objscope/core';
import type { Parsed } from './parsed';

// The rights tables live in core, where the access-check engine and the browser need them too.
export { accessRightNames } from '@objscope/core';

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
  // winnt.h CRITICAL_ACE_FLAG: the ACE cannot be removed. With the other seven this covers all
  // eight bits, so no flag is ever left unnamed. 0x40 is TRUST_PROTECTED_FILTER on an
  // access-filter ACE, SUCCESSFUL_ACCESS on an audit ACE (the name an audit view expects).
  [0x20, 'CRITICAL'],
  [0x40, 'SUCCESSFUL_ACCESS'],
  [0x80, 'FAILED_ACCESS'],
];

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

/**
 * The SDDL with a NULL DACL spelled as Windows spells it. ConvertSecurityDescriptorToString-
 * SecurityDescriptor writes `D:NO_ACCESS_CONTROL` for a present but NULL DACL (Microsoft's SDDL
 * docs, "ACE strings" / "NO_ACCESS_CONTROL"); Wine's writes a bare `D:`, which reads as an empty
 * DACL, the opposite (nobody has access). The parsed control word tells them apart.
 */
export function sddlWithNullDacl(sddl: string | null, sd: Pick<ParsedSecurityDescriptor, 'control' | 'dacl'>): string | null {
  if (sddl === null || !(sd.control & SE_DACL_PRESENT) || sd.dacl !== null) return sddl;
  if (sddl.includes('D:NO_ACCESS_CONTROL')) return sddl;
  // Owner and group come first and their SIDs or aliases hold no colon: the first "D:" is the DACL's.
  const at = sddl.indexOf('D:');
  if (at < 0) return sddl;
  const rest = sddl.slice(at + 2);
  // A bare "D:" followed by flags (P, AI) keeps them: "D:P" becomes "D:PNO_ACCESS_CONTROL".
  const flags = /^[A-Z]*(?=S:|$)/.exec(rest)?.[0] ?? '';
  return `${sddl.slice(0, at + 2)}${flags}NO_ACCESS_CONTROL${rest.slice(flags.length)}`;
}
