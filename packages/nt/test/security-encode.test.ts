// The descriptor encoder is the inverse of the parser: whatever it writes reads back the same,
// NULL and empty DACLs stay distinct, and it refuses what it cannot write rather than guessing.
import { describe, expect, it } from 'vitest';
import { encodeSecurityDescriptor } from '../src/parsers/security-encode';
import { parseSecurityDescriptor } from '../src/parsers/security';

describe('encodeSecurityDescriptor', () => {
  it('round-trips owner, group, DACL and label through parseSecurityDescriptor', () => {
    const dacl = [
      { type: 'ACCESS_DENIED', flags: ['OBJECT_INHERIT', 'INHERIT_ONLY'], mask: 0x2, sid: 'S-1-5-21-1-2-3-1001' },
      { type: 'ACCESS_ALLOWED', flags: [], mask: 0x1f0003, sid: 'S-1-1-0' },
    ];
    const sacl = [{ type: 'SYSTEM_MANDATORY_LABEL', flags: [], mask: 1, sid: 'S-1-16-4096' }];
    const p = parseSecurityDescriptor(encodeSecurityDescriptor({ owner: 'S-1-5-32-544', group: 'S-1-5-18', dacl, sacl }), 'Event');
    expect(p.ok).toBe(true);
    const v = p.ok ? p.value : null;
    expect(v).toMatchObject({ owner: 'S-1-5-32-544', group: 'S-1-5-18' });
    expect(v?.dacl?.map((a) => ({ type: a.type, flags: a.flags, mask: a.mask, sid: a.sid }))).toEqual(dacl);
    expect(v?.sacl?.map((a) => a.sid)).toEqual(['S-1-16-4096']);
  });

  it('keeps a NULL DACL (present, no ACL) apart from an empty one', () => {
    const nul = parseSecurityDescriptor(encodeSecurityDescriptor({ owner: 'S-1-1-0', group: 'S-1-1-0', dacl: null }), null);
    const empty = parseSecurityDescriptor(encodeSecurityDescriptor({ owner: 'S-1-1-0', group: 'S-1-1-0', dacl: [] }), null);
    expect(nul.ok && nul.value.dacl).toBeNull();
    expect(empty.ok && empty.value.dacl).toEqual([]);
  });

  it('refuses a malformed SID and an ACE type it cannot write', () => {
    expect(() => encodeSecurityDescriptor({ owner: 'S-1-x', group: null, dacl: [] })).toThrow(/not a SID/);
    expect(() => encodeSecurityDescriptor({ owner: null, group: null, dacl: [{ type: 'ACCESS_ALLOWED_OBJECT', flags: [], mask: 1, sid: 'S-1-1-0' }] })).toThrow(/cannot encode/);
  });
});
