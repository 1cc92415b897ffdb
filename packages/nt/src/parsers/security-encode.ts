// A SecurityInfo (owner, group, DACL, SACL as the ACE table shows them) back into a
// self-relative SECURITY_DESCRIPTOR: what NtSetSecurityObject and NtAccessCheck take. The
// inverse of parseSecurityDescriptor for the ACE types objscope writes (no object ACEs).
import type { AceInfo } from '@objscope/core';
import { sidToBytes } from '../accounts';

const ACE_TYPE_CODES = new Map<string, number>([
  ['ACCESS_ALLOWED', 0x00],
  ['ACCESS_DENIED', 0x01],
  ['SYSTEM_AUDIT', 0x02],
  ['ACCESS_ALLOWED_CALLBACK', 0x09],
  ['ACCESS_DENIED_CALLBACK', 0x0a],
  ['SYSTEM_MANDATORY_LABEL', 0x11],
]);
const ACE_FLAG_BITS = new Map<string, number>([
  ['OBJECT_INHERIT', 0x01],
  ['CONTAINER_INHERIT', 0x02],
  ['NO_PROPAGATE_INHERIT', 0x04],
  ['INHERIT_ONLY', 0x08],
  ['INHERITED', 0x10],
  ['CRITICAL', 0x20],
  ['SUCCESSFUL_ACCESS', 0x40],
  ['FAILED_ACCESS', 0x80],
]);

const SE_DACL_PRESENT = 0x0004;
const SE_SACL_PRESENT = 0x0010;
const SE_SELF_RELATIVE = 0x8000;

export interface DescriptorParts {
  owner: string | null;
  group: string | null;
  /** null: a NULL DACL (present, no protection); [] an empty one. */
  dacl: Pick<AceInfo, 'type' | 'flags' | 'mask' | 'sid'>[] | null;
  sacl?: Pick<AceInfo, 'type' | 'flags' | 'mask' | 'sid'>[] | null;
}

function sid(s: string): Uint8Array {
  const b = sidToBytes(s);
  if (!b) throw new Error(`not a SID: ${JSON.stringify(s)}`);
  return b;
}

function acl(aces: NonNullable<DescriptorParts['dacl']>): Uint8Array {
  const encoded = aces.map((a) => {
    const code = ACE_TYPE_CODES.get(a.type);
    if (code === undefined) throw new Error(`cannot encode ACE type ${a.type}`);
    const s = sid(a.sid);
    const b = new Uint8Array(8 + s.byteLength);
    const v = new DataView(b.buffer);
    b[0] = code;
    b[1] = a.flags.reduce((f, name) => f | (ACE_FLAG_BITS.get(name) ?? 0), 0);
    v.setUint16(2, b.byteLength, true);
    v.setUint32(4, a.mask >>> 0, true);
    b.set(s, 8);
    return b;
  });
  const size = 8 + encoded.reduce((n, e) => n + e.byteLength, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  // ACL_REVISION 2 (ACL_REVISION_DS 4 is needed only for object ACEs).
  out[0] = 2;
  v.setUint16(2, size, true);
  v.setUint16(4, encoded.length, true);
  let at = 8;
  for (const e of encoded) {
    out.set(e, at);
    at += e.byteLength;
  }
  return out;
}

/** Self-relative SECURITY_DESCRIPTOR: header, then owner, group, SACL, DACL. */
export function encodeSecurityDescriptor(p: DescriptorParts): Uint8Array {
  const owner = p.owner ? sid(p.owner) : null;
  const group = p.group ? sid(p.group) : null;
  const sacl = p.sacl ? acl(p.sacl) : null;
  const dacl = p.dacl ? acl(p.dacl) : null;
  const parts = [owner, group, sacl, dacl];
  const size = 20 + parts.reduce((n, x) => n + (x?.byteLength ?? 0), 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out[0] = 1;
  // DACL present always: a NULL DACL is "present with no ACL", which is what grants everyone.
  v.setUint16(2, SE_SELF_RELATIVE | SE_DACL_PRESENT | (p.sacl ? SE_SACL_PRESENT : 0), true);
  let at = 20;
  parts.forEach((x, i) => {
    if (!x) return;
    v.setUint32(4 + i * 4, at, true);
    out.set(x, at);
    at += x.byteLength;
  });
  return out;
}
