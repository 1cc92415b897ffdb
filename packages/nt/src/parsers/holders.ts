// Pure parts of the holder search (packages/nt/src/holders.ts drives them): picking an object's
// handles out of a parsed system handle table, the per-snapshot cache bookkeeping, and access
// masks decoded per type with the same table the ACE decoder uses (parsers/security.ts).
import type { ObjectHolder } from '@objscope/core';
import { compareHolders } from '@objscope/core';
import type { HandleEntry } from './handles';
import { accessRightNames } from './security';

/** The table entry for one handle (pid, handle value), or null when the table does not hold it. */
export function findEntry(entries: readonly HandleEntry[], pid: number, handle: number): HandleEntry | null {
  for (const e of entries) if (e.pid === pid && e.handle === handle) return e;
  return null;
}

/**
 * Every handle to the object at `address` outside `selfPid`. Only meaningful when addresses are
 * visible (non-zero): a hidden address is 0 in every entry and would match them all.
 */
export function holdersByAddress(entries: readonly HandleEntry[], address: bigint, selfPid: number): HandleEntry[] {
  if (address === 0n) throw new Error('holdersByAddress needs a visible (non-zero) object address');
  return entries.filter((e) => e.object === address && e.pid !== selfPid);
}

/** Handles of one type index outside `selfPid`: the only ones that can point at the object. */
export function candidatesOfType(entries: readonly HandleEntry[], typeIndex: number, selfPid: number): HandleEntry[] {
  return entries.filter((e) => e.typeIndex === typeIndex && e.pid !== selfPid);
}

/**
 * Cache key of one handle across table snapshots. A handle value closed and reused between two
 * snapshots for an object of the same type with the same access cannot be told apart from the
 * original; that is why cached identities expire (holders.ts) and every match is re-confirmed.
 */
export function handleKey(e: Pick<HandleEntry, 'pid' | 'handle' | 'typeIndex' | 'grantedAccess'>): string {
  return `${e.pid}:${e.handle}:${e.typeIndex}:${e.grantedAccess}`;
}

/** Keys of `cache` whose handle is no longer in the table (to close and forget). */
export function staleKeys(cacheKeys: Iterable<string>, entries: readonly HandleEntry[]): string[] {
  const live = new Set(entries.map(handleKey));
  const out: string[] = [];
  for (const k of cacheKeys) if (!live.has(k)) out.push(k);
  return out;
}

export function toHolder(e: HandleEntry, image: string | null): ObjectHolder {
  return { pid: e.pid, image, handle: e.handle, access: e.grantedAccess, attributes: e.attributes };
}

export function sortHolders(holders: ObjectHolder[]): ObjectHolder[] {
  return holders.sort(compareHolders);
}

/**
 * A handle's granted access by name, for its object type: the same names the ACE table shows
 * (one decoder, parsers/security.ts), e.g. Mutant 0x1f0001 -> MUTANT_ALL_ACCESS.
 */
export function decodeAccess(mask: number, type: string | null): string[] {
  return accessRightNames(mask, type);
}
