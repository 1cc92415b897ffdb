import { describe, expect, it } from 'vitest';
import { accessRightNames, parseAcl, parseSecurityDescriptor, parseSid, sddlWithNullDacl } from '../src/parsers/security';
import { ace, acl, securityDescriptor, sidBytes } from './buffers';

const SYSTEM = sidBytes(5, [18]);
const EVERYONE = sidBytes(1, [0]);
const ADMINS = sidBytes(5, [32, 544]);

describe('parseSid', () => {
  it('formats well-known SIDs as Windows does', () => {
    expect(parseSid(Uint8Array.from(SYSTEM), 0)).toEqual({ ok: true, value: { sid: 'S-1-5-18', size: 12 } });
    expect(parseSid(Uint8Array.from(ADMINS), 0)).toEqual({ ok: true, value: { sid: 'S-1-5-32-544', size: 16 } });
    expect(parseSid(Uint8Array.from(sidBytes(5, [21, 4294967295, 1, 2, 1001])), 0).ok && 'ok').toBe('ok');
  });

  it('prints authorities of 2^32 and above in hex', () => {
    const r = parseSid(Uint8Array.from(sidBytes(2 ** 40, [1])), 0);
    expect(r.ok && r.value.sid).toBe('S-1-0x10000000000-1');
  });

  it('refuses a bad revision, too many sub-authorities, or a truncated SID', () => {
    const bad = Uint8Array.from(SYSTEM);
    bad[0] = 2;
    expect(parseSid(bad, 0).ok).toBe(false);
    const many = Uint8Array.from(sidBytes(5, new Array(16).fill(1)));
    expect(parseSid(many, 0).ok).toBe(false);
    expect(parseSid(Uint8Array.from(SYSTEM).subarray(0, 10), 0).ok).toBe(false);
  });
});

describe('accessRightNames', () => {
  it('names a composite right (winnt.h *_ALL_ACCESS, standard bits included) alone, not followed by its parts', () => {
    expect(accessRightNames(0x000f000f, 'Directory')).toEqual(['DIRECTORY_ALL_ACCESS']);
    expect(accessRightNames(0x0002000f, 'Directory')).toEqual(['QUERY', 'TRAVERSE', 'CREATE_OBJECT', 'CREATE_SUBDIRECTORY', 'READ_CONTROL']);
    expect(accessRightNames(0x00100001, 'Event')).toEqual(['QUERY_STATE', 'SYNCHRONIZE']);
  });

  it('keeps unknown specific bits visible for types it does not know', () => {
    expect(accessRightNames(0x80000005, null)).toEqual(['SPECIFIC_0', 'SPECIFIC_2', 'GENERIC_READ']);
  });
});

describe('parseAcl / parseSecurityDescriptor', () => {
  it('decodes owner, group and DACL ACEs with their flags and rights', () => {
    const sd = securityDescriptor({
      owner: ADMINS,
      group: SYSTEM,
      dacl: acl([ace(0x00, 0x03, 0x001f0003, SYSTEM), ace(0x01, 0x10, 0x00000002, EVERYONE)]),
    });
    const r = parseSecurityDescriptor(sd, 'Event');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.owner).toBe('S-1-5-32-544');
    expect(r.value.group).toBe('S-1-5-18');
    expect(r.value.sacl).toBeNull();
    expect(r.value.dacl!.map(({ sidBytes: _, ...a }) => a)).toEqual([
      { type: 'ACCESS_ALLOWED', flags: ['OBJECT_INHERIT', 'CONTAINER_INHERIT'], mask: 0x001f0003, rights: ['EVENT_ALL_ACCESS'], sid: 'S-1-5-18' },
      { type: 'ACCESS_DENIED', flags: ['INHERITED'], mask: 2, rights: ['MODIFY_STATE'], sid: 'S-1-1-0' },
    ]);
    expect(Array.from(r.value.dacl![0]!.sidBytes!)).toEqual(SYSTEM);
  });

  it('tells a NULL DACL (everyone) from an empty one (nobody)', () => {
    const none = parseSecurityDescriptor(securityDescriptor({ owner: SYSTEM }), null);
    expect(none.ok && none.value.dacl).toBeNull();
    const empty = parseSecurityDescriptor(securityDescriptor({ dacl: acl([]) }), null);
    expect(empty.ok && empty.value.dacl).toEqual([]);
  });

  it('decodes a mandatory label ACE as a policy', () => {
    const r = parseAcl(Uint8Array.from(acl([ace(0x11, 0, 1, sidBytes(16, [4096]))])), 0, null);
    expect(r.ok && r.value.map((a) => [a.type, a.rights, a.sid])).toEqual([['SYSTEM_MANDATORY_LABEL', ['NO_WRITE_UP'], 'S-1-16-4096']]);
  });

  it('refuses ACEs whose size runs past the ACL, and ACL counts larger than their contents', () => {
    const bytes = acl([ace(0x00, 0, 1, SYSTEM)]);
    bytes[8 + 2] = 200;
    expect(parseAcl(Uint8Array.from(bytes), 0, null).ok).toBe(false);
    const more = acl([ace(0x00, 0, 1, SYSTEM)]);
    more[4] = 2;
    expect(parseAcl(Uint8Array.from(more), 0, null).ok).toBe(false);
  });

  it('refuses descriptors that are not self-relative, of another revision, or truncated', () => {
    expect(parseSecurityDescriptor(securityDescriptor({ owner: SYSTEM, control: 0 }), null).ok).toBe(false);
    const rev = securityDescriptor({ owner: SYSTEM });
    rev[0] = 2;
    expect(parseSecurityDescriptor(rev, null).ok).toBe(false);
    const sd = securityDescriptor({ owner: SYSTEM, dacl: acl([ace(0, 0, 1, SYSTEM)]) });
    expect(parseSecurityDescriptor(sd.subarray(0, sd.length - 4), null).ok).toBe(false);
    expect(parseSecurityDescriptor(new Uint8Array(10), null).ok).toBe(false);
  });
});

describe('ACE flags (#22 item 8: in full)', () => {
  it('names every one of the eight flag bits, CRITICAL included (winnt.h *_ACE / *_ACE_FLAG)', () => {
    const r = parseAcl(Uint8Array.from(acl([ace(0, 0xff, 0x1f0003, EVERYONE)])), 0, 'Event');
    expect(r.ok && r.value[0]!.flags).toEqual(['OBJECT_INHERIT', 'CONTAINER_INHERIT', 'NO_PROPAGATE_INHERIT', 'INHERIT_ONLY', 'INHERITED', 'CRITICAL', 'SUCCESSFUL_ACCESS', 'FAILED_ACCESS']);
  });
});

describe('sddlWithNullDacl', () => {
  // Microsoft's SDDL docs: a present but NULL DACL is written "D:NO_ACCESS_CONTROL"; Wine 8's
  // converter writes a bare "D:", the spelling of an empty DACL (nobody has access).
  const nullDacl = parseSecurityDescriptor(securityDescriptor({ owner: ADMINS, control: 0x8004 }), 'Mutant');
  const emptyDacl = parseSecurityDescriptor(securityDescriptor({ owner: ADMINS, dacl: acl([]), control: 0x8004 }), 'Mutant');
  const noDacl = parseSecurityDescriptor(securityDescriptor({ owner: ADMINS, control: 0x8000 }), 'Mutant');

  it('spells a NULL DACL as Windows does, keeping what follows', () => {
    if (!nullDacl.ok) throw new Error(nullDacl.message);
    expect(nullDacl.value.dacl).toBeNull();
    expect(sddlWithNullDacl('O:BAD:', nullDacl.value)).toBe('O:BAD:NO_ACCESS_CONTROL');
    expect(sddlWithNullDacl('O:BAG:DUD:S:(ML;;NW;;;LW)', nullDacl.value)).toBe('O:BAG:DUD:NO_ACCESS_CONTROLS:(ML;;NW;;;LW)');
    expect(sddlWithNullDacl('O:BAD:NO_ACCESS_CONTROL', nullDacl.value)).toBe('O:BAD:NO_ACCESS_CONTROL');
  });

  it('leaves an empty DACL and an absent DACL as they are', () => {
    if (!emptyDacl.ok || !noDacl.ok) throw new Error('parse failed');
    expect(emptyDacl.value.dacl).toEqual([]);
    expect(sddlWithNullDacl('O:BAD:', emptyDacl.value)).toBe('O:BAD:');
    expect(sddlWithNullDacl('O:BA', noDacl.value)).toBe('O:BA');
    expect(sddlWithNullDacl(null, nullDacl.ok ? nullDacl.value : noDacl.value)).toBeNull();
  });
});
