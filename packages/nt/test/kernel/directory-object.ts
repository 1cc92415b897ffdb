// A model of an object directory as the Windows kernel keeps it, answering
// NtQueryDirectoryObject the way the kernel does. Wine 8 has no bulk mode and never moves
// entries while a listing is read, so the Windows-only paths of directory-loop.ts are specified
// against this model instead of against our own guesses. Every rule below names its source:
//
//  [WRK]  Windows Research Kernel, base/ntos/ob/obdir.c: NtQueryDirectoryObject (statuses,
//         ReturnLength, context, buffer layout), ObpLookupDirectoryEntry (the x64 hash; a found
//         entry moved to the head of its chain), ObpInsertDirectoryEntry (new entry at the head),
//         ObpDeleteDirectoryEntry (unlinks the head, which the lookup before it put there).
//  [PH]   System Informer, phlib/nativeobject.c, PhEnumDirectoryObjects: in bulk mode a
//         MORE_ENTRIES whose first record has no name buffer means "double the buffer (from
//         0x200) and retry"; otherwise it continues from the context.
//  [NCL]  NtCoreLib, NtDirectory.cs, NtDirectory.Query(): restarts the scan on every call and
//         doubles the buffer (from 2048) while the answer is MORE_ENTRIES, so one call returns
//         the whole directory.
//
// Test code only: it is not used by the agent.
import { upcaseNtName } from '@objscope/core';
import type { QueryBuffer } from '../../src/directory-loop';

export const STATUS_SUCCESS = 0;
export const STATUS_MORE_ENTRIES = 0x105;
export const STATUS_NO_MORE_ENTRIES = 0x8000001a;
export const STATUS_NOT_IMPLEMENTED = 0xc0000002;
export const STATUS_ACCESS_DENIED = 0xc0000022;
export const STATUS_BUFFER_TOO_SMALL = 0xc0000023;

/** [WRK] NUMBER_HASH_BUCKETS. */
const HASH_BUCKETS = 37;
/** sizeof(OBJECT_DIRECTORY_INFORMATION) on x64: two UNICODE_STRINGs. */
export const RECORD = 32;

export interface KernelEntry {
  name: string;
  type: string;
}

export interface QueryCall {
  single: boolean;
  restart: boolean;
  /** The context the call started from (0 when restarting). */
  ctx: number;
  length: number;
  status: number;
  returnLength: number;
  /** Entries the kernel stepped over, from chain 0 to where it stopped [WRK: no index, a walk]. */
  walked: number;
  /** The context after the call: where the next call continues (= ctx when it was not written). */
  next: number;
}

/** [WRK] The hash's upcasing of one code unit: below 'a' as is, 'a'-'z' minus 0x20, above 'z' RtlUpcaseUnicodeChar. */
function upcaseUnit(c: number): number {
  return c < 0x61 ? c : c > 0x7a ? upcaseNtName(String.fromCharCode(c)).charCodeAt(0) : c - 0x20;
}

/**
 * [WRK] ObpLookupDirectoryEntry's hash as the x64 kernel computes it (the _AMD64_ path): while
 * four or more code units are left, they are folded as one 64-bit chunk (an all-ASCII chunk is
 * "upcased" by clearing bit 5 of every unit, digits and punctuation included; otherwise unit by
 * unit as below), then the 64-bit sum is folded to 32 bits and the last 0-3 units are added one
 * at a time in 32-bit arithmetic; the bucket is the result modulo 37.
 */
export function bucketOf(name: string): number {
  let i = 0;
  let h = 0;
  if (name.length >= 4) {
    let chunkHash = 0n;
    for (; name.length - i >= 4; i += 4) {
      const u = [name.charCodeAt(i), name.charCodeAt(i + 1), name.charCodeAt(i + 2), name.charCodeAt(i + 3)];
      const ascii = u.every((c) => (c & 0xff80) === 0);
      const up = ascii ? u.map((c) => c & ~0x20) : u.map(upcaseUnit);
      const chunk = BigInt(up[0]!) | (BigInt(up[1]!) << 16n) | (BigInt(up[2]!) << 32n) | (BigInt(up[3]!) << 48n);
      chunkHash = BigInt.asUintN(64, chunkHash + (chunkHash << 1n) + (chunkHash >> 1n));
      chunkHash = BigInt.asUintN(64, chunkHash + chunk);
    }
    h = Number(BigInt.asUintN(32, chunkHash + (chunkHash >> 32n)));
  }
  for (; i < name.length; i++) {
    h = (h + (h << 1) + (h >>> 1)) >>> 0;
    h = (h + upcaseUnit(name.charCodeAt(i))) >>> 0;
  }
  return h % HASH_BUCKETS;
}

/** UTF-16 bytes the kernel writes for an entry: record + name + NUL + type + NUL [WRK]. */
export function entryBytes(e: KernelEntry): number {
  return RECORD + e.name.length * 2 + 2 + e.type.length * 2 + 2;
}

export interface KernelDirectoryOptions {
  /** false: answer bulk mode with STATUS_NOT_IMPLEMENTED, as Wine 8 does. */
  bulk?: boolean;
  /** Called after every query: other processes creating, opening and deleting names meanwhile. */
  between?: (dir: KernelDirectory, call: QueryCall) => void;
  /** Refuse queries with this status once the context reaches this ordinal (a fault injection). */
  failAt?: { ctx: number; status: number };
}

export class KernelDirectory {
  /** Hash chains, head first (index 0 is the head). */
  private readonly chains: KernelEntry[][] = Array.from({ length: HASH_BUCKETS }, () => []);
  private flat: KernelEntry[] | null = null;
  /** Which names exist (an index for the model's speed; the kernel walks the chain). */
  private readonly present = new Set<string>();
  readonly calls: QueryCall[] = [];

  constructor(entries: Iterable<KernelEntry> = [], private readonly opts: KernelDirectoryOptions = {}) {
    for (const e of entries) this.insert(e.name, e.type);
  }

  /** Entries in the order NtQueryDirectoryObject visits them: chain 0 head to tail, then 1, ... [WRK] */
  ordinal(): KernelEntry[] {
    if (!this.flat) this.flat = this.chains.flat();
    return this.flat;
  }

  get size(): number {
    return this.ordinal().length;
  }

  names(): string[] {
    return this.ordinal().map((e) => e.name);
  }

  /**
   * Looking a name up (any open or create by name) moves the entry found to the head of its
   * chain [WRK ObpLookupDirectoryEntry], which shifts the ordinals of the entries before it.
   * (The kernel moves it when it can turn its shared directory lock into an exclusive one, which
   * it usually can; the model always moves it.) The kernel compares case-insensitively for
   * OBJ_CASE_INSENSITIVE; names here are exact.
   */
  lookup(name: string): KernelEntry | undefined {
    if (!this.present.has(name)) return undefined;
    const chain = this.chains[bucketOf(name)]!;
    const i = chain.findIndex((e) => e.name === name);
    if (i < 0) return undefined;
    const [e] = chain.splice(i, 1);
    chain.unshift(e!);
    this.flat = null;
    return e;
  }

  /** A new name goes to the head of its chain [WRK ObpInsertDirectoryEntry]; false on a collision. */
  insert(name: string, type: string): boolean {
    if (this.lookup(name)) return false;
    this.chains[bucketOf(name)]!.unshift({ name, type });
    this.present.add(name);
    this.flat = null;
    return true;
  }

  /** Lookup then unlink from the chain head [WRK ObpDeleteDirectoryEntry]. */
  delete(name: string): boolean {
    if (!this.lookup(name)) return false;
    this.chains[bucketOf(name)]!.shift();
    this.present.delete(name);
    this.flat = null;
    return true;
  }

  /** NtQueryDirectoryObject(handle, buf, length, single, restart, &ctx, &ret). */
  query = (buf: QueryBuffer, single: boolean, restart: boolean, ctxCell: Uint32Array, retCell: Uint32Array): number => {
    const ctx = restart ? 0 : ctxCell[0]!;
    const length = buf.bytes.byteLength;
    const call: QueryCall = { single, restart, ctx, length, status: 0, returnLength: 0, walked: 0, next: ctx };
    const status = this.answer(buf, single, ctx, length, ctxCell, retCell, call);
    call.status = status;
    call.returnLength = retCell[0]!;
    this.calls.push(call);
    if (this.calls.length > 1_000_000) throw new Error('runaway enumeration');
    this.opts.between?.(this, call);
    return status;
  };

  private answer(buf: QueryBuffer, single: boolean, ctx: number, length: number, ctxCell: Uint32Array, retCell: Uint32Array, call: QueryCall): number {
    if (!single && this.opts.bulk === false) return STATUS_NOT_IMPLEMENTED;
    if (this.opts.failAt && ctx >= this.opts.failAt.ctx) return this.opts.failAt.status;
    const all = this.ordinal();
    // [WRK] The terminator's room is counted from the start; status is NO_MORE_ENTRIES until
    // an entry is copied; the entry number counts every entry from chain 0 on every call.
    let total = RECORD;
    let status = STATUS_NO_MORE_ENTRIES;
    let next = ctx;
    call.walked = all.length;
    const found: KernelEntry[] = [];
    for (let i = ctx; i < all.length; i++) {
      const need = entryBytes(all[i]!);
      if (total + need > length) {
        // [WRK] Single-entry mode reports the length really needed and BUFFER_TOO_SMALL (an
        // error: the context is not written back). Bulk mode says MORE_ENTRIES, also when no
        // entry fitted, and the context stays at the entry that did not fit. [PH] relies on it.
        if (single) {
          total += need;
          status = STATUS_BUFFER_TOO_SMALL;
        } else {
          status = STATUS_MORE_ENTRIES;
        }
        next = i;
        call.walked = i + 1;
        break;
      }
      total += need;
      found.push(all[i]!);
      status = STATUS_SUCCESS;
      next = i + 1;
      if (single) {
        call.walked = i + 1;
        break;
      }
    }
    if (status === STATUS_SUCCESS || status === STATUS_MORE_ENTRIES) {
      write(buf, found);
      ctxCell[0] = next;
      call.next = next;
    } else {
      // [WRK] NO_MORE_ENTRIES and BUFFER_TOO_SMALL are not NT_SUCCESS: nothing is filled in and
      // the context is not written, but the zeroed work buffer is still copied out, up to the
      // length needed or the caller's length, whichever is less.
      buf.bytes.fill(0, 0, Math.min(total, length));
    }
    // [WRK] ReturnLength is written in every case: for bulk MORE_ENTRIES it covers only what was
    // returned (so it cannot size the next buffer), for single BUFFER_TOO_SMALL what is needed.
    retCell[0] = total;
    return status;
  }
}

/** Records, a zeroed terminator record, then each name and type NUL-terminated [WRK]. */
function write(buf: QueryBuffer, found: KernelEntry[]): void {
  const v = new DataView(buf.bytes.buffer, buf.bytes.byteOffset, buf.bytes.byteLength);
  let str = (found.length + 1) * RECORD;
  const put = (at: number, s: string) => {
    v.setUint16(at, s.length * 2, true);
    v.setUint16(at + 2, s.length * 2 + 2, true);
    v.setUint32(at + 4, 0, true);
    v.setBigUint64(at + 8, buf.base + BigInt(str), true);
    for (let i = 0; i < s.length; i++) v.setUint16(str + i * 2, s.charCodeAt(i), true);
    v.setUint16(str + s.length * 2, 0, true);
    str += s.length * 2 + 2;
  };
  for (let i = 0; i < found.length; i++) {
    put(i * RECORD, found[i]!.name);
    put(i * RECORD + 16, found[i]!.type);
  }
  buf.bytes.fill(0, found.length * RECORD, (found.length + 1) * RECORD);
}
