// The access engine's answers as people ask them: "what can these principals do to this
// object, and why", "which objects does this principal get these rights to", and "which objects
// are weakly secured". Browser-safe: the CLI, the API and the UI share them.
import type { AccessCheckResult, AccessPass, AccessReason, AccessToken, GenericMapping } from './access';
import { accessCheck } from './access';
import type { ObjectTypeInfo, SecurityInfo } from './model';
import { joinNtPath, parseNtPath } from './ntpath';
import { DEFAULT_PACKAGE_SID, parsePrincipal } from './principal';
import { accessRightNames, isKnownRightName, rightByName } from './rights';
import type { Snapshot, SnapshotNode } from './snapshot';

const SYNCHRONIZE = 0x00100000;
const READ_CONTROL = 0x00020000;
const DELETE = 0x00010000;
const WRITE_DAC = 0x00040000;
const WRITE_OWNER = 0x00080000;

/** One reason in the JSON and UI form: the ACE (by index in the DACL) or the rule, and the rights. */
interface AccessDecision {
  /** Index of the deciding ACE in the DACL; null when a rule decided (owner, label, privilege). */
  ace: number | null;
  effect: 'allow' | 'deny';
  pass: AccessPass | null;
  /** What decided, in words: "ACE 2 allows", "owner's implied rights", "integrity label (medium, NO_WRITE_UP)". */
  rule: string;
  mask: number;
  rights: string[];
}

export interface PrincipalAccess {
  principal: string;
  /** The SIDs the principal was evaluated as, for the reader who typed a name. */
  user: string;
  integrity: number;
  granted: number;
  rights: string[];
  decidedBy: AccessDecision[];
}

const PASS_WORDS: Record<AccessPass, string> = { normal: '', restricted: ' (restricted pass)', appcontainer: ' (AppContainer pass)' };
const POLICY_WORDS = ['NO_WRITE_UP', 'NO_READ_UP', 'NO_EXECUTE_UP'];

function decision(r: AccessReason, type: string | null): AccessDecision {
  const rights = accessRightNames(r.mask, type);
  switch (r.kind) {
    case 'ace':
      return { ace: r.index, effect: r.effect, pass: r.pass, rule: `ACE ${r.index} ${r.effect === 'allow' ? 'allows' : 'denies'}${PASS_WORDS[r.pass]}`, mask: r.mask, rights };
    case 'owner':
      return { ace: null, effect: 'allow', pass: r.pass, rule: `owner's implied rights${PASS_WORDS[r.pass]}`, mask: r.mask, rights };
    case 'null-dacl':
      return { ace: null, effect: 'allow', pass: r.pass, rule: `NULL DACL: no protection${PASS_WORDS[r.pass]}`, mask: r.mask, rights };
    case 'privilege':
      return { ace: null, effect: 'allow', pass: null, rule: r.name, mask: r.mask, rights };
    case 'integrity': {
      const policy = POLICY_WORDS.filter((_, i) => r.policy & (1 << i)).join(', ') || 'no policy';
      return { ace: null, effect: 'deny', pass: null, rule: `integrity label S-1-16-${r.objectIntegrity} (${policy}) above the principal's`, mask: r.mask, rights };
    }
    case 'pass-withheld':
      return { ace: null, effect: 'deny', pass: r.pass, rule: `not granted in the ${r.pass === 'restricted' ? 'restricted-SID' : 'AppContainer'} pass`, mask: r.mask, rights };
  }
}

/** The engine's result in the form `objscope access --json` and the UI show. */
export function describeAccess(result: AccessCheckResult, token: AccessToken, type: string | null): PrincipalAccess {
  return {
    principal: token.label,
    user: token.user,
    integrity: token.integrity,
    granted: result.granted,
    rights: accessRightNames(result.granted, type),
    decidedBy: result.reasons.map((r) => decision(r, type)),
  };
}

type RightsKeyword = 'read' | 'write' | 'execute' | 'modify' | 'all';
const KEYWORDS: readonly RightsKeyword[] = ['read', 'write', 'execute', 'modify', 'all'];

/** `--rights write|modify|RIGHT[,RIGHT]`: keywords match any of their rights, names need all of theirs. */
export interface RightsQuery {
  keywords: RightsKeyword[];
  names: string[];
}

export function parseRightsQuery(text: string): { ok: true; value: RightsQuery } | { ok: false; message: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: `no rights named (use ${KEYWORDS.join(', ')} or right names such as MODIFY_STATE, WRITE_DAC)` };
  const q: RightsQuery = { keywords: [], names: [] };
  for (const p of parts) {
    const k = KEYWORDS.find((x) => x === p.toLowerCase());
    if (k) q.keywords.push(k);
    else if (isKnownRightName(p)) q.names.push(p.toUpperCase());
    else return { ok: false, message: `unknown right ${JSON.stringify(p)} (use ${KEYWORDS.join(', ')} or right names such as MODIFY_STATE, WRITE_DAC, SPECIFIC_0, 0x2)` };
  }
  return { ok: true, value: q };
}

// STANDARD_RIGHTS_READ/WRITE/EXECUTE are all READ_CONTROL and every mapping carries SYNCHRONIZE:
// counting them would make every readable object "writable".
const NOT_WRITE = READ_CONTROL | SYNCHRONIZE;

function keywordMask(k: RightsKeyword, m: GenericMapping): number {
  switch (k) {
    case 'read':
      return m.read & ~NOT_WRITE || m.read;
    case 'write':
      return m.write & ~NOT_WRITE;
    case 'execute':
      return m.execute & ~NOT_WRITE || m.execute;
    case 'modify':
      return (m.write & ~NOT_WRITE) | DELETE | WRITE_DAC | WRITE_OWNER;
    case 'all':
      return m.all;
  }
}

/** Whether `granted` satisfies the query on a type; false when it names a right the type lacks. */
function grantsRights(granted: number, q: RightsQuery, type: string, m: GenericMapping): boolean {
  for (const k of q.keywords) {
    const mask = keywordMask(k, m) >>> 0;
    if (k === 'all' ? (granted & mask) >>> 0 !== mask : (granted & mask) === 0) return false;
  }
  for (const n of q.names) {
    const bits = rightByName(n, type);
    if (bits === null || (granted & bits) >>> 0 !== bits >>> 0) return false;
  }
  return true;
}

interface AccessHit {
  path: string;
  type: string;
  granted: number;
  rights: string[];
}

export interface AccessFindResult {
  hits: AccessHit[];
  /** Objects looked at below `under`. */
  scanned: number;
  /** Objects with no recorded security descriptor or type mapping (devices, denied reads): unknown. */
  unknown: number;
  /** Engine runs: one per distinct (descriptor, type), however many objects share it. */
  evaluations: number;
  truncated: boolean;
}

function mappings(typeInfo: readonly ObjectTypeInfo[]): Map<string, GenericMapping> {
  return new Map(typeInfo.map((t) => [t.name, t.genericMapping]));
}

/**
 * Every object of `snapshot` (below `under`) that `token` gets `rights` to. Descriptors are
 * shared by many objects, so each distinct (descriptor, type) is evaluated once.
 */
export function findAccessible(
  snapshot: Snapshot,
  token: AccessToken,
  rights: RightsQuery,
  opts: { under?: string; limit?: number } = {},
): { ok: true; value: AccessFindResult } | { ok: false; message: string } {
  let start: SnapshotNode = snapshot.root;
  let startPath = '\\';
  if (opts.under !== undefined && opts.under !== '\\') {
    const p = parseNtPath(opts.under);
    if (!p.ok) return { ok: false, message: p.message };
    for (const part of p.components) {
      // Object names compare case-insensitively (OBJ_CASE_INSENSITIVE), an exact match first.
      const child = start.children?.find((c) => c.name === part) ?? start.children?.find((c) => c.name.toUpperCase() === part.toUpperCase());
      if (!child) return { ok: false, message: `${JSON.stringify(opts.under)} is not in this namespace` };
      start = child;
      startPath = joinNtPath(startPath, child.name);
    }
  }
  const map = mappings(snapshot.details?.typeInfo ?? []);
  const cache = new Map<SecurityInfo, Map<string, number>>();
  const limit = opts.limit ?? Infinity;
  const out: AccessFindResult = { hits: [], scanned: 0, unknown: 0, evaluations: 0, truncated: false };
  const visit = (node: SnapshotNode, path: string): void => {
    out.scanned++;
    const sec = node.details?.security;
    const m = map.get(node.type);
    if (!sec?.ok || !m) out.unknown++;
    else {
      let byType = cache.get(sec.value);
      if (!byType) cache.set(sec.value, (byType = new Map()));
      let granted = byType.get(node.type);
      if (granted === undefined) {
        granted = accessCheck(sec.value, m, token).granted;
        byType.set(node.type, granted);
        out.evaluations++;
      }
      if (granted && grantsRights(granted, rights, node.type, m)) {
        if (out.hits.length < limit) out.hits.push({ path, type: node.type, granted, rights: accessRightNames(granted, node.type) });
        else out.truncated = true;
      }
    }
    for (const c of node.children ?? []) visit(c, joinNtPath(path, c.name));
  };
  visit(start, startPath);
  return { ok: true, value: out };
}

const WEAK_BASE: [string, string][] = [
  ['Everyone', 'S-1-1-0'],
  ['Authenticated Users', 'S-1-5-11,S-1-1-0'],
  ['low integrity', 'S-1-5-11,S-1-1-0,S-1-5-32-545,S-1-5-4@low'],
];

/** The stand-in principals the weak-security view asks about (the user SID is nobody's). */
function weakPrincipals(): [string, AccessToken][] {
  const out: [string, AccessToken][] = WEAK_BASE.map(([name, text]) => {
    const p = parsePrincipal(text, null);
    if (!p.ok) throw new Error(p.message);
    return [name, p.value];
  });
  const low = out[2]![1];
  out.push(['ALL APPLICATION PACKAGES', { ...low, label: 'appcontainer', appContainer: { packageSid: DEFAULT_PACKAGE_SID, capabilities: [] } }]);
  return out;
}

type WeakReason = 'NULL DACL' | 'empty DACL' | `write for ${string}`;

/**
 * Why a descriptor is weak: a NULL DACL (no protection), an empty DACL (nobody but the owner and
 * privileged callers), or rights to modify the object for Everyone, Authenticated Users, a
 * low-integrity process or any AppContainer. Empty when none applies.
 */
function weakSecurity(sd: SecurityInfo, type: string, m: GenericMapping, principals = weakPrincipals()): WeakReason[] {
  const out: WeakReason[] = [];
  if (sd.dacl === null) out.push('NULL DACL');
  else if (sd.dacl.length === 0) out.push('empty DACL');
  const modify: RightsQuery = { keywords: ['modify'], names: [] };
  for (const [name, token] of principals) {
    if (grantsRights(accessCheck(sd, m, token).granted, modify, type, m)) out.push(`write for ${name}`);
  }
  return out;
}

export interface WeakHit {
  path: string;
  type: string;
  reasons: WeakReason[];
}

/** Every weakly secured object of a snapshot, each distinct (descriptor, type) judged once. */
export function findWeakSecurity(snapshot: Snapshot, limit = Infinity): { hits: WeakHit[]; scanned: number; truncated: boolean } {
  const map = mappings(snapshot.details?.typeInfo ?? []);
  const principals = weakPrincipals();
  const cache = new Map<SecurityInfo, Map<string, WeakReason[]>>();
  const out = { hits: [] as WeakHit[], scanned: 0, truncated: false };
  const visit = (node: SnapshotNode, path: string): void => {
    out.scanned++;
    const sec = node.details?.security;
    const m = map.get(node.type);
    if (sec?.ok && m) {
      let byType = cache.get(sec.value);
      if (!byType) cache.set(sec.value, (byType = new Map()));
      let reasons = byType.get(node.type);
      if (!reasons) byType.set(node.type, (reasons = weakSecurity(sec.value, node.type, m, principals)));
      if (reasons.length) {
        if (out.hits.length < limit) out.hits.push({ path, type: node.type, reasons });
        else out.truncated = true;
      }
    }
    for (const c of node.children ?? []) visit(c, joinNtPath(path, c.name));
  };
  visit(snapshot.root, '\\');
  return out;
}
