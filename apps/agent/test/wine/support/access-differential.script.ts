// The access-check engine against the kernel's NtAccessCheck (Wine's server under Wine, the real
// kernel on Windows) on thousands of random security descriptors set on a real object, for real
// tokens: our impersonation copy and NtFilterToken copies with a group, or the user, made
// deny-only. Test support, not shipped: ../access.test.ts bundles this file (windows-script.ts)
// and runs it with the Windows build of Node, job `{ "cases": N, "seed": S }` as the argument;
// it answers one JSON report on stdout.
import type { AccessToken, AceInfo, GenericMapping, SecurityInfo } from '@objscope/core';
import { accessCheck, mapGeneric, MAXIMUM_ALLOWED } from '@objscope/core';
import { seededRandom as rng } from '@objscope/core/testing';
import * as nt from '@objscope/nt';

// Windows' Event mapping: the fallback where the type table does not say.
const EVENT_MAPPING: GenericMapping = { read: 0x00020001, write: 0x00020002, execute: 0x00100000, all: 0x001f0003 };

type Parts = { owner: string; group: string; dacl: Pick<AceInfo, 'type' | 'flags' | 'mask' | 'sid'>[] | null };

/**
 * A random descriptor: NULL (10%) and empty (10%) DACLs, else 1 to 8 allow and deny ACEs in any
 * order (so non-canonical DACLs are common), some inherit-only or inherited, masks of specific,
 * standard and generic rights. No label and no OWNER RIGHTS: Wine implements neither (the unit
 * tests specify those against the documented Windows rules).
 */
function randomDescriptor(r: () => number, sids: readonly string[], mapping: GenericMapping): Parts {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const owner = pick(sids);
  const group = pick(sids);
  const u = r();
  if (u < 0.1) return { owner, group, dacl: null };
  if (u < 0.2) return { owner, group, dacl: [] };
  const bits = [0, 1, 2, 3, 15].map((b) => 1 << b).concat([0x10000, 0x20000, 0x40000, 0x80000, 0x100000]).filter((b) => b & (mapping.all | 0x001f0000));
  const generic = [0x80000000, 0x40000000, 0x20000000, 0x10000000];
  const dacl: NonNullable<Parts['dacl']> = [];
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    let mask = 0;
    for (const b of bits) if (r() < 0.35) mask |= b;
    if (r() < 0.2) mask |= pick(generic);
    const flags: string[] = [];
    const f = r();
    if (f < 0.12) flags.push('OBJECT_INHERIT', 'INHERIT_ONLY');
    else if (f < 0.2) flags.push('INHERITED');
    dacl.push({ type: r() < 0.6 ? 'ACCESS_ALLOWED' : 'ACCESS_DENIED', flags, mask: mask >>> 0, sid: pick(sids) });
  }
  return { owner, group, dacl };
}

/**
 * Wine's access check as its server implements it (server/token.c, token_access_check), with
 * the three places where it departs from Windows as switches:
 * - the owner: Wine grants STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE; Windows grants READ_CONTROL
 *   and WRITE_DAC only (MS-DTYP 2.5.3.2; WRK se/accessck.c).
 * - MAXIMUM_ALLOWED: Wine lets every matching deny ACE deny its rights wherever it stands;
 *   Windows lets the first ACE to decide a right win (WRK SepMaximumAccessCheck: "only deny
 *   access types ... that have not already been granted").
 * - deny-only groups: Wine never matches them; Windows matches them against deny ACEs.
 * A fake of Wine, named as such. It classifies a disagreement: explained when real Wine matches
 * this model with Wine's rules AND the engine matches it with the Windows rules, i.e. the two
 * differ on exactly those documented points. Anything else is unexplained.
 */
function wineModel(sd: SecurityInfo, m: GenericMapping, t: AccessToken, desired: number, rules: 'wine' | 'windows'): number {
  const maximum = (desired & MAXIMUM_ALLOWED) !== 0;
  if (sd.dacl === null) return maximum ? m.all >>> 0 : desired;
  // token_sid_present: the user always; a group only when enabled, so a deny-only group (which
  // NtFilterToken leaves disabled) matches nothing. Windows matches deny-only SIDs against deny
  // ACEs (Microsoft docs, TOKEN_GROUPS: SE_GROUP_USE_FOR_DENY_ONLY "checks for access-denied ACEs
  // that apply to the SID").
  const present = (sid: string, deny: boolean): boolean =>
    sid === t.user ||
    t.groups.some((g) => g.sid === sid && (rules === 'wine' ? g.enabled && (deny || !g.denyOnly) : deny ? g.enabled || g.denyOnly : g.enabled && !g.denyOnly));
  let current = 0;
  let denied = 0;
  if (sd.owner && present(sd.owner, false)) {
    current |= rules === 'wine' ? 0x001f0000 : 0x00060000;
    if (!maximum && (current & desired) === desired) return desired;
  }
  for (const a of sd.dacl) {
    if (a.flags.includes('INHERIT_ONLY')) continue;
    const access = mapGeneric(a.mask, m);
    if (a.type === 'ACCESS_DENIED' && present(a.sid, true)) {
      if (maximum && rules === 'wine') denied |= access;
      else {
        denied |= access & ~current;
        if (!maximum && desired & access) break;
      }
    } else if (a.type === 'ACCESS_ALLOWED' && present(a.sid, false)) {
      if (maximum && rules === 'wine') current |= access;
      else current |= access & ~denied;
    }
  }
  if (maximum) return (current & ~denied) >>> 0;
  return (current & desired) === desired ? desired : 0;
}

interface Disagreement {
  token: string;
  desired: number;
  kernel: { accessStatus: number; granted: number };
  engine: { status: number; granted: number };
  owner: string | null;
  dacl: { type: string; flags: string[]; mask: number; sid: string }[] | null;
}

function runDifferential(cases: number, seed: number): unknown {
  const types = nt.queryAllTypes();
  const mapping = (types.ok && types.value.find((t) => t.name === 'Event')?.genericMapping) || EVENT_MAPPING;
  const imp = nt.impersonationToken();
  if (!imp.ok) throw new Error(`impersonation token: ${imp.message}`);
  const handles: unknown[] = [imp.value];
  try {
    const tokens: { handle: unknown; token: AccessToken }[] = [];
    const current = nt.describeToken(imp.value, 'current');
    if (!current.ok) throw new Error(`the token's description: ${current.message}`);
    tokens.push({ handle: imp.value, token: current.value });
    // Deny-only copies: each enabled group in turn (up to three), and the user itself.
    const candidates = current.value.groups.filter((g) => g.enabled && !g.denyOnly && !g.sid.startsWith('S-1-5-5-')).map((g) => g.sid);
    const filters: { label: string; disable: string[] }[] = [
      ...candidates.slice(0, 3).map((sid) => ({ label: `deny-only ${sid}`, disable: [sid] })),
      { label: 'deny-only user', disable: [current.value.user] },
    ];
    const filterStatus: Record<string, string> = {};
    for (const f of filters) {
      const h = nt.filterToken(imp.value, { disable: f.disable });
      filterStatus[f.label] = h.ok ? 'STATUS_SUCCESS' : h.name;
      if (!h.ok) continue;
      handles.push(h.value);
      const d = nt.describeToken(h.value, f.label);
      if (d.ok) tokens.push({ handle: h.value, token: d.value });
    }
    const factories = nt.probeTokenFactories(imp.value);

    const sids = [...new Set([current.value.user, ...current.value.groups.map((g) => g.sid), 'S-1-1-0', 'S-1-5-32-544', 'S-1-5-32-545', 'S-1-5-18', 'S-1-5-11', 'S-1-5-21-9-9-9-500'])];
    const r = rng(seed);
    const bits: number[] = [];
    for (let b = 0; b < 32; b++) if (mapping.all & (1 << b)) bits.push((1 << b) >>> 0);
    const disagreements: Disagreement[] = [];
    let comparisons = 0;
    let disagreementCount = 0;
    const max = { agree: 0, explainedByWineRules: 0, unexplained: 0 };
    const perRight = { agree: 0, explainedByWineRules: 0, unexplained: 0 };
    let objectErrors = 0;
    let firstObjectError: string | null = null;
    for (let i = 0; i < cases; i++) {
      const parts = randomDescriptor(r, sids, mapping);
      const done = nt.withRealObject(nt.encodeSecurityDescriptor(parts), (stored) => {
        const p = nt.parseSecurityDescriptor(stored, 'Event');
        if (!p.ok) throw new Error(`the stored descriptor does not parse: ${p.message}`);
        const sd: SecurityInfo = {
          sddl: null,
          owner: p.value.owner,
          group: p.value.group,
          dacl: p.value.dacl?.map((x) => ({ ...x, account: null })) ?? null,
          sacl: p.value.sacl?.map((x) => ({ ...x, account: null })) ?? null,
        };
        for (const { handle, token } of tokens) {
          for (const desired of [...bits, MAXIMUM_ALLOWED]) {
            const k = nt.kernelAccessCheck(stored, mapping, handle, desired);
            if (!k.ok) throw new Error(k.message);
            const e = accessCheck(sd, mapping, token, desired);
            comparisons++;
            const kernelGranted = k.value.accessStatus === 0 ? k.value.granted : 0;
            const engineGranted = e.status === 0 ? e.granted : 0;
            const tally = desired === MAXIMUM_ALLOWED ? max : perRight;
            if (kernelGranted === engineGranted) {
              tally.agree++;
              continue;
            }
            if (kernelGranted === wineModel(sd, mapping, token, desired, 'wine') && engineGranted === wineModel(sd, mapping, token, desired, 'windows')) {
              tally.explainedByWineRules++;
              continue;
            }
            tally.unexplained++;
            disagreementCount++;
            if (disagreements.length < 20) {
              disagreements.push({
                token: token.label,
                desired,
                kernel: k.value,
                engine: { status: e.status, granted: e.granted },
                owner: sd.owner,
                dacl: sd.dacl?.map((x) => ({ type: x.type, flags: x.flags, mask: x.mask, sid: x.sid })) ?? null,
              });
            }
          }
        }
      });
      if (!done.ok) {
        objectErrors++;
        firstObjectError ??= done.message;
      }
    }
    return {
      cases,
      seed,
      mapping,
      comparisons,
      disagreementCount,
      disagreements,
      perRight,
      maximumAllowed: max,
      objectErrors,
      firstObjectError,
      tokens: tokens.map((t) => ({ label: t.token.label, user: t.token.user, userDenyOnly: t.token.userDenyOnly, denyOnly: t.token.groups.filter((g) => g.denyOnly).map((g) => g.sid), integrity: t.token.integrity })),
      filterStatus,
      factories,
    };
  } finally {
    for (const h of handles) nt.closeToken(h);
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as { cases?: number; seed?: number };
process.stdout.write(JSON.stringify(runDifferential(job.cases ?? 2000, job.seed ?? 24)));
