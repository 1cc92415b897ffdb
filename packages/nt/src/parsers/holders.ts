// Pure parts of the holder search (packages/nt/src/holders.ts drives them): picking an object's
// handles out of a parsed system handle table, the per-snapshot cache bookkeeping, and access
// masks decoded per type with the same table the ACE decoder uses (parsers/security.ts).
import type { ObjectHolder } from '@objscope/core';
import { compareHolders } from '@objscope/core';
import { E, fitsIn32Bits, handleTableView, HANDLE_ENTRY_SIZE, HANDLE_TABLE_HEADER_SIZE } from './handles';
import type { HandleEntry } from './handles';
export { entriesOfType, entryAt, findRawEntry } from './handles';
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

interface Slot<T> {
  typeIndex: number;
  access: number;
  attributes: number;
  value: T;
  seen: number;
}

/** What identifies a handle to the cache: its value in its process, and what the table says of it. */
export type HandleKey = Pick<HandleEntry, 'pid' | 'handle' | 'typeIndex' | 'grantedAccess' | 'attributes'>;

/**
 * Facts one scan learned per handle (a name, never a handle), kept across handle-table snapshots
 * while the table shows the same handle: same (pid, value) with the same type index, granted
 * access and attributes. Any difference means the value was closed and reused (or its
 * attributes changed), and the fact is dropped. A value closed and reused for another object
 * with the same three between two snapshots cannot be told apart (docs/handles.md, "Cached
 * facts"). Numeric nested maps rather than string keys: a sweep over 20,000 handles must not
 * allocate 20,000 strings.
 */
export class HandleCache<T> {
  private byPid = new Map<number, Map<number, Slot<T>>>();
  /** Slots per type index: a sweep that saw them all has nothing to release and skips the walk. */
  private perType = new Map<number, number>();
  private gen = 0;
  constructor(private readonly release: (value: T) => void) {}

  get size(): number {
    let n = 0;
    for (const m of this.byPid.values()) n += m.size;
    return n;
  }

  get(e: HandleKey): T | undefined {
    const m = this.byPid.get(e.pid);
    const s = m?.get(e.handle);
    if (!s) return undefined;
    if (s.typeIndex === e.typeIndex && s.access === e.grantedAccess && s.attributes === e.attributes) return s.value;
    // The value was closed and reused for something else: what we learned is about another object.
    this.drop(m!, e.handle, s);
    return undefined;
  }

  private count(typeIndex: number, by: number): void {
    const n = (this.perType.get(typeIndex) ?? 0) + by;
    if (n > 0) this.perType.set(typeIndex, n);
    else this.perType.delete(typeIndex);
  }

  private drop(m: Map<number, Slot<T>>, handle: number, s: Slot<T>): void {
    this.release(s.value);
    m.delete(handle);
    this.count(s.typeIndex, -1);
  }

  set(e: HandleKey, value: T): void {
    let m = this.byPid.get(e.pid);
    if (!m) this.byPid.set(e.pid, (m = new Map()));
    const old = m.get(e.handle);
    if (old) this.drop(m, e.handle, old);
    m.set(e.handle, { typeIndex: e.typeIndex, access: e.grantedAccess, attributes: e.attributes, value, seen: this.gen });
    this.count(e.typeIndex, 1);
  }

  delete(e: Pick<HandleEntry, 'pid' | 'handle'>): void {
    const m = this.byPid.get(e.pid);
    const s = m?.get(e.handle);
    if (!s) return;
    this.drop(m!, e.handle, s);
  }

  *values(): IterableIterator<T> {
    for (const m of this.byPid.values()) for (const s of m.values()) yield s.value;
  }

  /**
   * After a table read: forgets (and releases) cached facts of `types` (every type when
   * undefined) that `entries` no longer hold. `entries` must cover those types completely.
   * With `misses`, the entries nothing is cached for are appended to it, in table order (one
   * pass instead of a second lookup per entry). Returns how many were released.
   */
  sweep(entries: readonly HandleEntry[], types?: ReadonlySet<number>, misses?: HandleEntry[]): number {
    const gen = ++this.gen;
    for (const e of entries) {
      const s = this.byPid.get(e.pid)?.get(e.handle);
      if (s && s.typeIndex === e.typeIndex && s.access === e.grantedAccess && s.attributes === e.attributes) s.seen = gen;
      else misses?.push(e);
    }
    return this.releaseUnseen(gen, types);
  }

  /**
   * sweep() for one type straight from the raw SYSTEM_HANDLE_INFORMATION_EX buffer: no entry
   * object is made for a handle the cache already knows (a repeat lookup over 20,000 handles
   * otherwise allocates 20,000 objects). `misses` gets the byte offsets (entryAt reads them) of
   * the entries of `typeIndex` outside `skipPids` that are not cached, in table order: numbers,
   * not objects, since a lookup that stops early reads only a few of 20,000.
   */
  sweepType(bytes: Uint8Array, typeIndex: number, skipPids: ReadonlySet<number>, misses: number[]): { total: number; candidates: number; released: number } {
    const gen = ++this.gen;
    const table = handleTableView(bytes);
    if (!table) return { total: 0, candidates: 0, released: this.releaseUnseen(gen, new Set([typeIndex])) };
    const { dv, total } = table;
    let candidates = 0;
    let seen = 0;
    // The table lists a process's handles together: one pid lookup per run of them.
    let lastPid = -1;
    let slots: Map<number, Slot<T>> | undefined;
    for (let i = 0, off = HANDLE_TABLE_HEADER_SIZE; i < total; i++, off += HANDLE_ENTRY_SIZE) {
      if (dv.getUint16(off + E.typeIndex, true) !== typeIndex) continue;
      if (!fitsIn32Bits(dv, off)) continue;
      const pid = dv.getUint32(off + E.pid, true);
      if (skipPids.has(pid)) continue;
      candidates += 1;
      const handle = dv.getUint32(off + E.handle, true);
      if (pid !== lastPid) {
        lastPid = pid;
        slots = this.byPid.get(pid);
      }
      const s = slots?.get(handle);
      if (s && s.typeIndex === typeIndex && s.access === dv.getUint32(off + E.access, true) && s.attributes === dv.getUint32(off + E.attributes, true)) {
        if (s.seen !== gen) seen += 1;
        s.seen = gen;
        continue;
      }
      misses.push(off);
    }
    // Every cached slot of the type was seen: nothing to release, no walk over the whole cache.
    const released = seen === (this.perType.get(typeIndex) ?? 0) ? 0 : this.releaseUnseen(gen, new Set([typeIndex]));
    return { total, candidates, released };
  }

  /** Releases cached facts of `types` (all when undefined) that the sweep numbered `gen` did not see. */
  private releaseUnseen(gen: number, types?: ReadonlySet<number>): number {
    let released = 0;
    for (const [pid, m] of this.byPid) {
      for (const [h, s] of m) {
        if (s.seen === gen || (types && !types.has(s.typeIndex))) continue;
        this.drop(m, h, s);
        released += 1;
      }
      if (m.size === 0) this.byPid.delete(pid);
    }
    return released;
  }

  clear(): void {
    for (const v of this.values()) this.release(v);
    this.byPid.clear();
    this.perType.clear();
  }
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
