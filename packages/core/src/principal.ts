// Principals typed by a person (`--as low`, `appcontainer:internetClient`, `S-1-5-32-545@low`)
// turned into the AccessToken the engine evaluates. Browser-safe: the UI parses the same text.
import type { AccessToken } from './access';
import { INTEGRITY_MEDIUM } from './access';

/** Integrity level names as the mandatory label SIDs S-1-16-RID (Microsoft docs, "Well-known SIDs"). */
const INTEGRITY_LEVELS = new Map<string, number>([
  ['untrusted', 0x0000],
  ['low', 0x1000],
  ['medium', 0x2000],
  ['mediumplus', 0x2100],
  ['high', 0x3000],
  ['system', 0x4000],
  ['protected', 0x5000],
]);

/** Integrity RID as a name ("low"), or the hex RID where it has none. */
export function integrityName(rid: number): string {
  for (const [name, value] of INTEGRITY_LEVELS) if (value === rid) return name;
  return `0x${rid.toString(16)}`;
}

/** Capability names and their SIDs S-1-15-3-N (Microsoft docs, "App capability declarations"; winnt.h). */
const CAPABILITIES = new Map<string, string>([
  ['internetclient', 'S-1-15-3-1'],
  ['internetclientserver', 'S-1-15-3-2'],
  ['privatenetworkclientserver', 'S-1-15-3-3'],
  ['pictureslibrary', 'S-1-15-3-4'],
  ['videoslibrary', 'S-1-15-3-5'],
  ['musiclibrary', 'S-1-15-3-6'],
  ['documentslibrary', 'S-1-15-3-7'],
  ['enterpriseauthentication', 'S-1-15-3-8'],
  ['sharedusercertificates', 'S-1-15-3-9'],
  ['removablestorage', 'S-1-15-3-10'],
  ['appointments', 'S-1-15-3-11'],
  ['contacts', 'S-1-15-3-12'],
]);

/**
 * The package SID given to `appcontainer` when none is named: a package no ACE mentions, so what
 * it gets comes from ALL APPLICATION PACKAGES and the capabilities alone.
 */
export const DEFAULT_PACKAGE_SID = 'S-1-15-2-0-0-0-0-0-0-0';

const EVERYONE = 'S-1-1-0';
const ANONYMOUS_LOGON = 'S-1-5-7';
const BUILTIN_USERS = 'S-1-5-32-545';
const RESTRICTED_CODE = 'S-1-5-12';

/** Named principals, for help texts and the UI's picker. */
export const NAMED_PRINCIPALS: readonly { name: string; summary: string; needsToken: boolean }[] = [
  { name: 'current', summary: 'the current user, its real token (live) or the capturing token (snapshot)', needsToken: true },
  { name: 'low', summary: 'the current user at low integrity', needsToken: true },
  { name: 'restricted', summary: 'the current user restricted to itself, Everyone, Users and RESTRICTED', needsToken: true },
  { name: 'appcontainer[:CAP,…]', summary: 'an AppContainer of the current user with those capabilities', needsToken: true },
  { name: 'everyone', summary: 'a token holding nothing but Everyone, at medium', needsToken: false },
  { name: 'anonymous', summary: 'ANONYMOUS LOGON, without Everyone, at untrusted', needsToken: false },
  { name: 'S-1-…,S-1-…[@LEVEL]', summary: 'a user SID then group SIDs, at an integrity level (medium by default)', needsToken: false },
];

// Quoted as JSON so a NUL, a newline or markup in the text shows as what it is, on one line.
const q = (s: string): string => JSON.stringify(s);

export type PrincipalResult = { ok: true; value: AccessToken } | { ok: false; message: string };

const SID_RE = /^S-1-(\d{1,15})((?:-\d{1,10}){0,15})$/;

/** Whether `s` is a SID in string form whose parts fit (authority < 2^48, sub-authorities < 2^32). */
function isSidString(s: string): boolean {
  const m = SID_RE.exec(s);
  if (!m) return false;
  if (Number(m[1]) >= 2 ** 48) return false;
  return m[2]!.split('-').slice(1).every((x) => Number(x) <= 0xffffffff);
}

function plain(label: string, user: string, groups: string[], integrity: number): AccessToken {
  return {
    label,
    user,
    userDenyOnly: false,
    groups: groups.map((sid) => ({ sid, enabled: true, denyOnly: false })),
    integrity,
    mandatoryPolicy: 1,
    privileges: [],
    restrictedSids: null,
    writeRestricted: false,
    appContainer: null,
  };
}

function parseIntegrity(text: string): number | null {
  const named = INTEGRITY_LEVELS.get(text.toLowerCase());
  if (named !== undefined) return named;
  const m = /^S-1-16-(\d{1,5})$/i.exec(text) ?? /^(\d{1,5})$/.exec(text);
  if (m) return Number(m[1]);
  const hex = /^0x([0-9a-f]{1,4})$/i.exec(text);
  return hex ? Number.parseInt(hex[1]!, 16) : null;
}

/**
 * A principal from its text. `base` is the token `current` and the derived principals start
 * from (the live token, or the one a snapshot recorded); null where none is known.
 */
export function parsePrincipal(text: string, base: AccessToken | null): PrincipalResult {
  const spec = text.trim();
  const lower = spec.toLowerCase();
  const needBase = (): PrincipalResult | null =>
    base ? null : { ok: false, message: `principal ${q(spec)} derives from the current user, but no token is known here (a snapshot without a recorded token): name SIDs instead` };

  if (lower === 'current' || lower === 'me') return needBase() ?? { ok: true, value: { ...base!, label: 'current' } };
  if (lower === 'low') {
    // The low-integrity copy a browser sandbox or Protected Mode makes: same SIDs, label lowered
    // (SetTokenInformation(TokenIntegrityLevel)), privileges above the low set removed.
    return needBase() ?? { ok: true, value: { ...base!, label: 'low', integrity: 0x1000, privileges: base!.privileges.filter((p) => p === 'SeChangeNotifyPrivilege') } };
  }
  if (lower === 'restricted') {
    return (
      needBase() ?? {
        ok: true,
        value: { ...base!, label: 'restricted', restrictedSids: [base!.user, EVERYONE, BUILTIN_USERS, RESTRICTED_CODE], privileges: base!.privileges.filter((p) => p === 'SeChangeNotifyPrivilege') },
      }
    );
  }
  if (lower === 'appcontainer' || lower.startsWith('appcontainer:')) {
    const missing = needBase();
    if (missing) return missing;
    const capabilities: string[] = [];
    const list = spec.slice('appcontainer'.length + 1);
    for (const raw of list ? list.split(',') : []) {
      const cap = raw.trim();
      const sid = CAPABILITIES.get(cap.toLowerCase()) ?? (/^S-1-15-3-/i.test(cap) && isSidString(cap.toUpperCase()) ? cap.toUpperCase() : null);
      if (!sid) return { ok: false, message: `unknown capability ${q(cap)} in principal ${q(spec)} (known: ${[...CAPABILITIES.keys()].join(', ')}, or a SID S-1-15-3-…)` };
      capabilities.push(sid);
    }
    // A lowbox token is always low integrity (NtCreateLowBoxToken lowers it), keeps the user's
    // SIDs for the first pass, and holds no privileges beyond the low set.
    return {
      ok: true,
      value: {
        ...base!,
        label: spec,
        integrity: 0x1000,
        privileges: base!.privileges.filter((p) => p === 'SeChangeNotifyPrivilege'),
        appContainer: { packageSid: DEFAULT_PACKAGE_SID, capabilities },
      },
    };
  }
  if (lower === 'everyone') return { ok: true, value: plain('everyone', EVERYONE, [], INTEGRITY_MEDIUM) };
  // Anonymous gets Everyone only with the "Let Everyone permissions apply to anonymous users"
  // policy, off by default (Microsoft docs, Network access policy settings).
  if (lower === 'anonymous') return { ok: true, value: plain('anonymous', ANONYMOUS_LOGON, [], 0) };

  if (/^s-1-/i.test(spec)) {
    const at = spec.lastIndexOf('@');
    const sidsText = at === -1 ? spec : spec.slice(0, at);
    let integrity = INTEGRITY_MEDIUM;
    if (at !== -1) {
      const level = parseIntegrity(spec.slice(at + 1));
      if (level === null) return { ok: false, message: `unknown integrity level ${q(spec.slice(at + 1))} in principal ${q(spec)} (known: ${[...INTEGRITY_LEVELS.keys()].join(', ')}, or S-1-16-N)` };
      integrity = level;
    }
    const sids = sidsText.split(',').map((s) => s.trim().toUpperCase());
    for (const sid of sids) if (!isSidString(sid)) return { ok: false, message: `malformed SID ${q(sid)} in principal ${q(spec)}` };
    return { ok: true, value: plain(spec, sids[0]!, sids.slice(1), integrity) };
  }
  return {
    ok: false,
    message: `unknown principal ${q(spec)} (known: current, low, restricted, appcontainer[:CAP,…], everyone, anonymous, or SIDs S-1-…,S-1-…[@LEVEL])`,
  };
}
