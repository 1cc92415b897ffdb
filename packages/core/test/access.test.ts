// The access-check engine, rule by rule, on hand-built descriptors. Each case names the rule it
// pins and its source: MS-DTYP 2.5.3.2 (the AccessCheck algorithm), WRK se/accessck.c, Microsoft
// docs (Mandatory Integrity Control, CreateRestrictedToken, AppContainer SIDs), and Forshaw,
// "Windows Security Internals" ch. 7 (the order NtCoreLib reimplements).
import { describe, expect, it } from 'vitest';
import type { AccessToken, AceInfo, SecurityInfo } from '../src';
import { MAXIMUM_ALLOWED, STATUS, accessCheck, mandatoryLabel, parsePrincipal } from '../src';

// The Event type's generic mapping as Windows reports it.
const EVENT = { read: 0x00020001, write: 0x00020002, execute: 0x00100000, all: 0x001f0003 };
const QUERY_STATE = 0x1;
const MODIFY_STATE = 0x2;
const DELETE = 0x00010000;
const READ_CONTROL = 0x00020000;
const WRITE_DAC = 0x00040000;
const WRITE_OWNER = 0x00080000;
const SYNCHRONIZE = 0x00100000;

const USER = 'S-1-5-21-1-2-3-1001';
const OTHER = 'S-1-5-21-1-2-3-1002';
const EVERYONE = 'S-1-1-0';
const USERS = 'S-1-5-32-545';
const ADMINS = 'S-1-5-32-544';

function ace(type: string, sid: string, mask: number, flags: string[] = []): AceInfo {
  return { type, flags, mask, rights: [], sid, account: null };
}
const allow = (sid: string, mask: number, flags: string[] = []): AceInfo => ace('ACCESS_ALLOWED', sid, mask, flags);
const deny = (sid: string, mask: number, flags: string[] = []): AceInfo => ace('ACCESS_DENIED', sid, mask, flags);
const label = (rid: number, policy: number): AceInfo => ace('SYSTEM_MANDATORY_LABEL', `S-1-16-${rid}`, policy);

function sd(dacl: AceInfo[] | null, opts: { owner?: string; sacl?: AceInfo[] } = {}): SecurityInfo {
  return { sddl: null, owner: opts.owner ?? ADMINS, group: null, dacl, sacl: opts.sacl ?? null };
}

const token = (over: Partial<AccessToken> = {}): AccessToken => ({
  label: 'test',
  user: USER,
  userDenyOnly: false,
  groups: [
    { sid: EVERYONE, enabled: true, denyOnly: false },
    { sid: USERS, enabled: true, denyOnly: false },
  ],
  integrity: 0x2000,
  mandatoryPolicy: 1,
  privileges: [],
  restrictedSids: null,
  writeRestricted: false,
  appContainer: null,
  ...over,
});

const granted = (s: SecurityInfo, t: AccessToken = token()): number => accessCheck(s, EVENT, t).granted;

describe('DACL presence (MS-DTYP 2.5.3.2)', () => {
  it('a NULL DACL grants everything the type has: its GENERIC_ALL mapping (WRK SepAccessCheck)', () => {
    const r = accessCheck(sd(null), EVENT, token());
    expect(r.granted).toBe(EVENT.all);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.reasons).toEqual([{ kind: 'null-dacl', pass: 'normal', mask: EVENT.all }]);
  });

  it('an empty DACL grants nothing, and MAXIMUM_ALLOWED with nothing granted is ACCESS_DENIED', () => {
    const r = accessCheck(sd([]), EVENT, token());
    expect(r.granted).toBe(0);
    expect(r.status).toBe(STATUS.ACCESS_DENIED);
  });
});

describe('the DACL walk, in order, first decision per right wins (MS-DTYP 2.5.3.2)', () => {
  it('canonical order: a deny ACE for a group takes its rights away from a later allow to the user', () => {
    const r = accessCheck(sd([deny(EVERYONE, MODIFY_STATE), allow(USER, EVENT.all)]), EVENT, token());
    expect(r.granted).toBe(EVENT.all & ~MODIFY_STATE);
    expect(r.reasons).toContainEqual({ kind: 'ace', pass: 'normal', index: 0, effect: 'deny', mask: MODIFY_STATE });
    expect(r.reasons).toContainEqual({ kind: 'ace', pass: 'normal', index: 1, effect: 'allow', mask: EVENT.all & ~MODIFY_STATE });
  });

  it('non-canonical order: an allow before the deny wins, because the walk never looks back', () => {
    expect(granted(sd([allow(USER, EVENT.all), deny(EVERYONE, MODIFY_STATE)]))).toBe(EVENT.all);
  });

  it('rights accumulate over several allow ACEs, each credited with only what it added', () => {
    const r = accessCheck(sd([allow(EVERYONE, QUERY_STATE | SYNCHRONIZE), allow(USERS, QUERY_STATE | MODIFY_STATE)]), EVENT, token());
    expect(r.granted).toBe(QUERY_STATE | MODIFY_STATE | SYNCHRONIZE);
    expect(r.reasons.filter((x) => x.kind === 'ace').map((x) => x.mask)).toEqual([QUERY_STATE | SYNCHRONIZE, MODIFY_STATE]);
  });

  it('an ACE for a SID the token lacks does nothing', () => {
    expect(granted(sd([allow(OTHER, EVENT.all)]))).toBe(0);
  });

  it('a deny-only group is matched by deny ACEs and never by allow ACEs (SE_GROUP_USE_FOR_DENY_ONLY)', () => {
    const t = token({ groups: [{ sid: ADMINS, enabled: false, denyOnly: true }] });
    expect(granted(sd([allow(ADMINS, EVENT.all)]), t)).toBe(0);
    expect(granted(sd([deny(ADMINS, MODIFY_STATE), allow(USER, EVENT.all)]), t)).toBe(EVENT.all & ~MODIFY_STATE);
  });

  it('a disabled group is matched by neither', () => {
    const t = token({ groups: [{ sid: USERS, enabled: false, denyOnly: false }] });
    expect(granted(sd([deny(USERS, MODIFY_STATE), allow(USERS, QUERY_STATE), allow(USER, MODIFY_STATE)]), t)).toBe(MODIFY_STATE);
  });

  it('a deny-only user SID (NtFilterToken) still meets deny ACEs but no longer allow ACEs', () => {
    const t = token({ userDenyOnly: true });
    expect(granted(sd([allow(USER, EVENT.all)]), t)).toBe(0);
    expect(granted(sd([deny(USER, MODIFY_STATE), allow(EVERYONE, EVENT.all)]), t)).toBe(EVENT.all & ~MODIFY_STATE);
  });

  it('inherit-only ACEs take no part in the check of the object itself', () => {
    expect(granted(sd([deny(EVERYONE, EVENT.all, ['INHERIT_ONLY', 'OBJECT_INHERIT']), allow(USER, QUERY_STATE)]))).toBe(QUERY_STATE);
  });

  it('generic rights in an ACE mean the type\'s mapping (MS-DTYP 2.5.3.2 MapGenericBits)', () => {
    expect(granted(sd([allow(USER, 0x80000000 /* GENERIC_READ */)]))).toBe(EVENT.read);
    expect(granted(sd([allow(USER, 0x10000000 /* GENERIC_ALL */)]))).toBe(EVENT.all);
  });

  it('object ACEs are ignored by a check without an object type list (MS-DTYP 2.5.3.2, Object Tree)', () => {
    expect(granted(sd([ace('ACCESS_ALLOWED_OBJECT', USER, EVENT.all), allow(USER, QUERY_STATE)]))).toBe(QUERY_STATE);
    expect(granted(sd([ace('ACCESS_DENIED_OBJECT', USER, EVENT.all), allow(USER, QUERY_STATE)]))).toBe(QUERY_STATE);
  });

  it('a conditional deny applies and a conditional allow does not, as UNKNOWN conditions do (MS-DTYP 2.5.3.2)', () => {
    expect(granted(sd([ace('ACCESS_DENIED_CALLBACK', USER, MODIFY_STATE), allow(USER, EVENT.all)]))).toBe(EVENT.all & ~MODIFY_STATE);
    expect(granted(sd([ace('ACCESS_ALLOWED_CALLBACK', USER, EVENT.all)]))).toBe(0);
  });

  it('audit ACEs in a DACL grant nothing', () => {
    expect(granted(sd([ace('SYSTEM_AUDIT', USER, EVENT.all)]))).toBe(0);
  });
});

describe('the owner (MS-DTYP 2.5.3.2; Microsoft docs, OWNER RIGHTS S-1-3-4)', () => {
  it('the owner gets READ_CONTROL and WRITE_DAC even from an empty DACL', () => {
    const r = accessCheck(sd([], { owner: USER }), EVENT, token());
    expect(r.granted).toBe(READ_CONTROL | WRITE_DAC);
    expect(r.reasons).toEqual([{ kind: 'owner', pass: 'normal', mask: READ_CONTROL | WRITE_DAC }]);
  });

  it('no deny ACE takes the owner\'s implied rights away: they are granted before the walk (WRK SepAccessCheck)', () => {
    expect(granted(sd([deny(USER, EVENT.all)], { owner: USER }))).toBe(READ_CONTROL | WRITE_DAC);
  });

  it('a group the token holds enabled can be the owner; a deny-only one cannot (WRK SepTokenIsOwner)', () => {
    expect(granted(sd([], { owner: USERS }))).toBe(READ_CONTROL | WRITE_DAC);
    const t = token({ groups: [{ sid: ADMINS, enabled: false, denyOnly: true }] });
    expect(granted(sd([], { owner: ADMINS }), t)).toBe(0);
  });

  it('an OWNER RIGHTS ACE replaces the implied rights with its own mask', () => {
    expect(granted(sd([allow('S-1-3-4', QUERY_STATE)], { owner: USER }))).toBe(QUERY_STATE);
    // and matches only the owner
    expect(granted(sd([allow('S-1-3-4', QUERY_STATE)], { owner: OTHER }))).toBe(0);
  });

  it('an inherit-only OWNER RIGHTS ACE does not suppress the implied rights', () => {
    expect(granted(sd([allow('S-1-3-4', QUERY_STATE, ['INHERIT_ONLY', 'OBJECT_INHERIT'])], { owner: USER }))).toBe(READ_CONTROL | WRITE_DAC);
  });
});

describe('mandatory integrity (Microsoft docs, Mandatory Integrity Control; NtCoreLib)', () => {
  const open = sd([allow(EVERYONE, EVENT.all)]);

  it('an object without a label counts as medium with NO_WRITE_UP', () => {
    expect(mandatoryLabel(open)).toEqual({ integrity: 0x2000, policy: 1, defaulted: true });
  });

  it('a low token keeps only generic read and execute on a medium object: no MODIFY_STATE, DELETE, WRITE_DAC, WRITE_OWNER', () => {
    const r = accessCheck(open, EVENT, token({ integrity: 0x1000 }));
    expect(r.granted).toBe(QUERY_STATE | READ_CONTROL | SYNCHRONIZE);
    expect(r.reasons).toContainEqual({ kind: 'integrity', objectIntegrity: 0x2000, policy: 1, mask: MODIFY_STATE | DELETE | WRITE_DAC | WRITE_OWNER });
  });

  it('NO_READ_UP also takes the read rights away', () => {
    const s = sd([allow(EVERYONE, EVENT.all)], { sacl: [label(0x2000, 3)] });
    expect(granted(s, token({ integrity: 0x1000 }))).toBe(SYNCHRONIZE);
  });

  it('a token at or above the label is not limited', () => {
    const s = sd([allow(EVERYONE, EVENT.all)], { sacl: [label(0x3000, 7)] });
    expect(granted(s, token({ integrity: 0x3000 }))).toBe(EVENT.all);
    expect(granted(open, token({ integrity: 0x4000 }))).toBe(EVENT.all);
  });

  it('a low-labelled object is writable by a low token', () => {
    expect(granted(sd([allow(EVERYONE, EVENT.all)], { sacl: [label(0x1000, 1)] }), token({ integrity: 0x1000 }))).toBe(EVENT.all);
  });

  it('an inherit-only label is not the object\'s label', () => {
    const s = sd([], { sacl: [ace('SYSTEM_MANDATORY_LABEL', 'S-1-16-12288', 1, ['INHERIT_ONLY', 'OBJECT_INHERIT'])] });
    expect(mandatoryLabel(s).defaulted).toBe(true);
  });

  it('a token with TOKEN_MANDATORY_POLICY_OFF is not checked', () => {
    expect(granted(open, token({ integrity: 0x1000, mandatoryPolicy: 0 }))).toBe(EVENT.all);
  });

  it('a NULL DACL does not let a low token write up', () => {
    expect(granted(sd(null), token({ integrity: 0x1000 }))).toBe(QUERY_STATE | READ_CONTROL | SYNCHRONIZE);
  });
});

describe('privileges (MS-DTYP 2.5.3.2)', () => {
  it('SeTakeOwnershipPrivilege grants WRITE_OWNER whatever the DACL says', () => {
    const r = accessCheck(sd([]), EVENT, token({ privileges: ['SeTakeOwnershipPrivilege'] }));
    expect(r.granted).toBe(WRITE_OWNER);
    expect(r.reasons).toEqual([{ kind: 'privilege', name: 'SeTakeOwnershipPrivilege', mask: WRITE_OWNER }]);
  });

  it('only SeSecurityPrivilege gives ACCESS_SYSTEM_SECURITY; no ACE can', () => {
    expect(granted(sd([allow(USER, 0x01000000)]))).toBe(0);
    expect(granted(sd([]), token({ privileges: ['SeSecurityPrivilege'] }))).toBe(0x01000000);
  });
});

describe('restricted tokens: a second pass over the restricting SIDs (Windows Security Internals ch. 7; CreateRestrictedToken)', () => {
  it('the result is what both passes grant', () => {
    const s = sd([allow(USER, EVENT.all), allow(EVERYONE, QUERY_STATE)]);
    const r = accessCheck(s, EVENT, token({ restrictedSids: [EVERYONE] }));
    expect(r.granted).toBe(QUERY_STATE);
    expect(r.reasons).toContainEqual({ kind: 'pass-withheld', pass: 'restricted', mask: EVENT.all & ~QUERY_STATE });
  });

  it('a SID only in the restricted list grants nothing by itself', () => {
    expect(granted(sd([allow(OTHER, EVENT.all)]), token({ restrictedSids: [OTHER] }))).toBe(0);
  });

  it('the owner\'s implied rights need the owner among the restricting SIDs too', () => {
    expect(granted(sd([], { owner: USER }), token({ restrictedSids: [EVERYONE] }))).toBe(0);
    expect(granted(sd([], { owner: USER }), token({ restrictedSids: [USER] }))).toBe(READ_CONTROL | WRITE_DAC);
  });

  it('a write-restricted token is limited on the generic-write rights only', () => {
    const s = sd([allow(USER, EVENT.all)]);
    expect(granted(s, token({ restrictedSids: [EVERYONE], writeRestricted: true }))).toBe(EVENT.all & ~EVENT.write);
  });
});

describe('AppContainer (lowbox) tokens: a second pass over package and capability SIDs (Microsoft docs, AppContainer isolation)', () => {
  const ac = (capabilities: string[] = []): AccessToken =>
    token({ integrity: 0x1000, appContainer: { packageSid: 'S-1-15-2-9-9-9-9-9-9-9', capabilities } });
  const lowLabel = { sacl: [label(0x1000, 1)] };

  it('the user\'s own allow ACE is not enough: the package pass grants nothing', () => {
    const r = accessCheck(sd([allow(USER, EVENT.all)], lowLabel), EVENT, ac());
    expect(r.granted).toBe(0);
    expect(r.reasons).toContainEqual({ kind: 'pass-withheld', pass: 'appcontainer', mask: EVENT.all });
  });

  it('ALL APPLICATION PACKAGES opens it to every AppContainer, within what the user may do', () => {
    expect(granted(sd([allow(USER, EVENT.all), allow('S-1-15-2-1', QUERY_STATE)], lowLabel), ac())).toBe(QUERY_STATE);
  });

  it('a capability SID grants only to AppContainers holding that capability', () => {
    const s = sd([allow(EVERYONE, EVENT.all), allow('S-1-15-3-1', MODIFY_STATE)], lowLabel);
    expect(granted(s, ac())).toBe(0);
    expect(granted(s, ac(['S-1-15-3-1']))).toBe(MODIFY_STATE);
  });

  it('an unlabelled (medium) object is not writable from an AppContainer, whatever the DACL', () => {
    expect(granted(sd([allow(EVERYONE, EVENT.all), allow('S-1-15-2-1', EVENT.all)]), ac())).toBe(QUERY_STATE | READ_CONTROL | SYNCHRONIZE);
  });
});

describe('desired access', () => {
  it('asking for specific rights succeeds with exactly those, or fails with nothing', () => {
    const s = sd([allow(USER, QUERY_STATE | SYNCHRONIZE)]);
    expect(accessCheck(s, EVENT, token(), QUERY_STATE)).toMatchObject({ status: STATUS.SUCCESS, granted: QUERY_STATE });
    expect(accessCheck(s, EVENT, token(), QUERY_STATE | MODIFY_STATE)).toMatchObject({ status: STATUS.ACCESS_DENIED, granted: 0 });
    expect(accessCheck(s, EVENT, token(), 0x80000000)).toMatchObject({ status: STATUS.ACCESS_DENIED });
    expect(accessCheck(s, EVENT, token(), MAXIMUM_ALLOWED | QUERY_STATE)).toMatchObject({ status: STATUS.SUCCESS, granted: QUERY_STATE | SYNCHRONIZE });
  });
});

describe('principals from text', () => {
  const base = token({ label: 'current', privileges: ['SeChangeNotifyPrivilege', 'SeTakeOwnershipPrivilege'] });

  it('derives low, restricted and appcontainer from the current token', () => {
    const low = parsePrincipal('low', base);
    expect(low.ok && low.value).toMatchObject({ integrity: 0x1000, user: USER, privileges: ['SeChangeNotifyPrivilege'] });
    const r = parsePrincipal('restricted', base);
    expect(r.ok && r.value.restrictedSids).toEqual([USER, EVERYONE, USERS, 'S-1-5-12']);
    const a = parsePrincipal('appcontainer:internetClient,S-1-15-3-4', base);
    expect(a.ok && a.value.appContainer?.capabilities).toEqual(['S-1-15-3-1', 'S-1-15-3-4']);
  });

  it('reads a SID list: the user first, then enabled groups, at the named level', () => {
    const p = parsePrincipal('S-1-5-21-1-2-3-1001,S-1-1-0@low', null);
    expect(p.ok && p.value).toMatchObject({ user: USER, groups: [{ sid: EVERYONE, enabled: true, denyOnly: false }], integrity: 0x1000 });
    const m = parsePrincipal('s-1-1-0', null);
    expect(m.ok && m.value).toMatchObject({ user: EVERYONE, integrity: 0x2000 });
  });

  it.each([
    ['S-1-5-x', 'malformed SID "S-1-5-X"'],
    ['S-1-5-99999999999', 'malformed SID'],
    ['S-1-1-0,S-1-2-', 'malformed SID "S-1-2-"'],
    ['S-1-1-0@sideways', 'unknown integrity level "sideways"'],
    ['appcontainer:teleport', 'unknown capability "teleport"'],
    ['__proto__', 'unknown principal "__proto__"'],
    ['<b>x</b>\u0000', 'unknown principal'],
  ])('refuses %j with one clear line', (text, message) => {
    expect(parsePrincipal(text, base)).toEqual({ ok: false, message: expect.stringMatching(/^[^\n]*$/) });
    expect(parsePrincipal(text, base)).toMatchObject({ message: expect.stringContaining(message) });
  });

  it('says when a principal needs a token nobody recorded', () => {
    const p = parsePrincipal('low', null);
    expect(!p.ok && p.message).toMatch(/no token is known here/);
  });
});
