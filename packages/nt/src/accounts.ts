// SID to account name, without blocking the agent. LookupAccountSid can wait seconds for a
// domain controller on an unknown domain SID; called on the event loop it stalls every HTTP and
// SSE request meanwhile. So the agent's object details read names from a cache only, and the
// missing ones are looked up on koffi's worker threads (a `.async` call), once per SID (a
// second request joins the lookup in flight), each wait bounded: past the bound the answer is
// "no name yet" and the lookup finishes in the background, filling the cache for next time.
import type { SecurityInfo } from '@objscope/core';
import { nt } from './ffi';

/** What a lookup resolved to: DOMAIN\name, or null when the system does not know the SID. */
type Account = string | null;

/** Longest a request waits for one round of lookups. */
const ACCOUNT_LOOKUP_TIMEOUT_MS = 2_000;
/** Lookups running at once (each holds a libuv worker thread while it waits). */
const MAX_LOOKUPS_IN_FLIGHT = 2;

/**
 * The binary SID for an `S-1-...` string: revision, sub-authority count, the 48-bit authority
 * big-endian, then the sub-authorities as little-endian ULONGs. null when it is not a SID.
 */
export function sidToBytes(sid: string): Uint8Array | null {
  const m = /^S-1-(\d+)((?:-\d+){0,15})$/i.exec(sid);
  if (!m) return null;
  const authority = BigInt(m[1]!);
  if (authority >= 1n << 48n) return null;
  const subs = m[2] ? m[2].slice(1).split('-').map(Number) : [];
  if (subs.some((s) => !Number.isInteger(s) || s > 0xffffffff)) return null;
  const b = new Uint8Array(8 + subs.length * 4);
  const v = new DataView(b.buffer);
  b[0] = 1;
  b[1] = subs.length;
  for (let i = 0; i < 6; i++) b[2 + i] = Number((authority >> BigInt(8 * (5 - i))) & 0xffn);
  subs.forEach((s, i) => v.setUint32(8 + i * 4, s, true));
  return b;
}

export type AsyncLookup = (sid: string, bytes: Uint8Array) => Promise<Account>;

export interface AccountResolver {
  /** The cached name, or undefined when not looked up yet. */
  cached(sid: string): Account | undefined;
  /** The name, waiting at most `timeoutMs` (then null, and the lookup goes on in the background). */
  lookup(sid: string, timeoutMs?: number): Promise<Account>;
  /** A copy of `sec` with every missing account name looked up (bounded as above). */
  fill(sec: SecurityInfo, timeoutMs?: number): Promise<SecurityInfo>;
}

/** The resolver around a lookup function: the live one, or a hand-built one in the tests. */
export function createAccountResolver(lookupFn: AsyncLookup, maxInFlight = MAX_LOOKUPS_IN_FLIGHT): AccountResolver {
  const cache = new Map<string, Account>();
  const inFlight = new Map<string, Promise<Account>>();
  const queue: (() => void)[] = [];
  let running = 0;

  const start = (sid: string, bytes: Uint8Array): Promise<Account> => {
    const p = new Promise<Account>((resolve) => {
      const run = () => {
        running++;
        lookupFn(sid, bytes)
          .catch(() => null)
          .then((name) => {
            cache.set(sid, name);
            inFlight.delete(sid);
            resolve(name);
          })
          .finally(() => {
            running--;
            queue.shift()?.();
          })
          .catch(() => undefined);
      };
      if (running < maxInFlight) run();
      else queue.push(run);
    });
    inFlight.set(sid, p);
    return p;
  };

  const lookup = async (sid: string, timeoutMs = ACCOUNT_LOOKUP_TIMEOUT_MS): Promise<Account> => {
    if (cache.has(sid)) return cache.get(sid)!;
    const bytes = sidToBytes(sid);
    if (!bytes) return null;
    const p = inFlight.get(sid) ?? start(sid, bytes);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Account>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const fill = async (sec: SecurityInfo, timeoutMs = ACCOUNT_LOOKUP_TIMEOUT_MS): Promise<SecurityInfo> => {
    const sids = new Set<string>();
    if (sec.owner && sec.ownerAccount == null) sids.add(sec.owner);
    if (sec.group && sec.groupAccount == null) sids.add(sec.group);
    for (const a of [...(sec.dacl ?? []), ...(sec.sacl ?? [])]) if (a.account === null) sids.add(a.sid);
    const names = new Map<string, Account>();
    await Promise.all([...sids].map(async (sid) => names.set(sid, await lookup(sid, timeoutMs))));
    const name = (sid: string | null, known: Account | undefined): Account => known ?? (sid ? (names.get(sid) ?? null) : null);
    return {
      ...sec,
      ownerAccount: name(sec.owner, sec.ownerAccount),
      groupAccount: name(sec.group, sec.groupAccount),
      dacl: sec.dacl?.map((a) => ({ ...a, account: name(a.sid, a.account) })) ?? null,
      sacl: sec.sacl?.map((a) => ({ ...a, account: name(a.sid, a.account) })) ?? null,
    };
  };

  return { cached: (sid) => cache.get(sid), lookup, fill };
}

/** LookupAccountSidW on a koffi worker thread. */
function liveLookup(_sid: string, bytes: Uint8Array): Promise<Account> {
  return new Promise((resolve) => {
    const name = new Uint16Array(256);
    const domain = new Uint16Array(256);
    const nameLen = new Uint32Array([256]);
    const domainLen = new Uint32Array([256]);
    const use = new Uint32Array(1);
    try {
      // koffi's bound functions carry `.async(...args, callback)`, run on a libuv worker thread.
      const fn = nt().advapi32.LookupAccountSidAsync as unknown as { async: (...args: unknown[]) => void };
      fn.async(null, bytes, name, nameLen, domain, domainLen, use, (err: unknown, okCall: number) => {
        if (err || !okCall) return resolve(null);
        const n = String.fromCharCode(...name.subarray(0, nameLen[0]!));
        const d = String.fromCharCode(...domain.subarray(0, domainLen[0]!));
        resolve(d ? `${d}\\${n}` : n);
      });
    } catch {
      resolve(null);
    }
  });
}

let live: AccountResolver | null = null;

/** The process-wide resolver the agent uses (one cache for every request). */
export function accountResolver(): AccountResolver {
  if (!live) live = createAccountResolver(liveLookup);
  return live;
}
