// Who holds a named object, and what a process holds (#14).
//
// One SystemExtendedHandleInformation snapshot answers both. objscope opens the object itself
// and finds its own handle in that table: the entry gives the object's type index as the table
// numbers it (Wine's type list numbers differently, see parsers/handles.ts) and, where the
// kernel shows them, its address.
// - Address visible (Windows, elevated with SeDebugPrivilege enabled): every entry with that
//   address is a holder. Nothing is duplicated.
// - Address hidden (Wine; not elevated): only entries of the same type index can point at it.
//   Each is duplicated once (access 0: only identity is asked, and #10's rule `wanted &
//   grantedAccess` gives 0), its holder process opened once. File handles are only ever
//   compared with NtCompareObjects (a name query on another process's file handle can hang on
//   a synchronous pipe). Other types get their name queried once and indexed, so the next
//   object of that type is a Map lookup; every match is confirmed with NtCompareObjects where
//   ntdll has it (Wine 8 does), and the path that ran is reported (HoldersReport.method).
// The duplicates and the learned names are kept per handle (pid, value, type, access) while the
// handle stays in the table, for at most CACHE_MS: a value closed and reused for another object
// of the same type and access in between is indistinguishable, so the cache is short-lived.
import type { HeldHandle, HoldersReport, NtResult, ObjectHolder, ProcessHandlesReport, UnexaminedProcess } from '@objscope/core';
import { statusInfo, STATUS } from '@objscope/core';
import { querySystemHandles } from './capabilities';
import { addressOf, closeHandle, handleValue, nt, optionalNtdll, st, type Fn, type Ptr } from './ffi';
import { OPENERS, openByType, openObject } from './handle';
import { queryBasicInfo } from './object';
import { closeWin32Handle, duplicateFrom, openProcess, PROCESS_DUP_HANDLE, PROCESS_QUERY_LIMITED_INFORMATION, queryProcessList, SYNCHRONIZE, hasExited, zapi } from './handles';
import { parseHandleTable } from './parsers/handles';
import type { HandleEntry } from './parsers/handles';
import { candidatesOfType, decodeAccess, entriesOfType, entryAt, findEntry, HandleCache, holdersByAddress, sortHolders, toHolder, findRawEntry } from './parsers/holders';
import { parseObjectTypeInformation } from './parsers/object';
import { readUnicodeStringAt } from './parsers/unicode';
import { fail, ok } from './result';

const ObjectNameInformation = 1;
const ObjectTypeInformation = 2;
/** How long what one scan learned about other processes' handles is trusted. */
const CACHE_MS = 15_000;

/** NtCompareObjects (Windows 10+, Wine 5+), bound lazily (through ffi.ts, like every native
 * function, for its Wine 10 padding); null where ntdll lacks it. */
export function ntCompareObjects(): Fn | null {
  return optionalNtdll('NtCompareObjects');
}

const tooSmall = (s: number) => s === STATUS.INFO_LENGTH_MISMATCH || s === STATUS.BUFFER_TOO_SMALL || s === STATUS.BUFFER_OVERFLOW;

let nameBuffer: Uint8Array | null = null;

/** ObjectNameInformation of a handle: its full NT name ('' for unnamed objects). Never on Files of others. */
export function queryObjectName(h: Ptr): NtResult<string> {
  for (let size = 1024; size <= 1 << 17; size *= 4) {
    if (!nameBuffer || nameBuffer.byteLength < size) nameBuffer = new Uint8Array(size);
    const ret: [number] = [0];
    const s = st(nt().ntdll.NtQueryObject(h, ObjectNameInformation, nameBuffer, nameBuffer.byteLength, ret));
    if (s === 0) {
      const r = readUnicodeStringAt(nameBuffer, 0, addressOf(nameBuffer));
      return r.ok ? ok(r.value) : fail(STATUS.UNSUCCESSFUL, r.message);
    }
    if (!tooSmall(s)) return fail(s, 'NtQueryObject(ObjectNameInformation)');
  }
  return fail(STATUS.INFO_LENGTH_MISMATCH, 'object name longer than 128 KiB');
}

/** The type name of a handle (ObjectTypeInformation; needs no access right, safe on Files). */
function queryTypeName(h: Ptr): NtResult<string> {
  const bytes = new Uint8Array(1024);
  const s = st(nt().ntdll.NtQueryObject(h, ObjectTypeInformation, bytes, bytes.byteLength, [0]));
  if (s !== 0) return fail(s, 'NtQueryObject(ObjectTypeInformation)');
  const p = parseObjectTypeInformation(bytes, addressOf(bytes));
  return p.ok ? ok(p.value.name) : fail(STATUS.UNSUCCESSFUL, p.message);
}

function withRights(h: ObjectHolder, type: string): ObjectHolder {
  return { ...h, rights: decodeAccess(h.access, type) };
}

interface ProcEntry {
  handle: Ptr | null;
  status: number;
}

interface DupEntry {
  /** The table entry it was made from; its attributes refreshed by every sweep that sees the handle again. */
  entry: HandleEntry;
  dup: Ptr | null;
  /** Why the duplicate failed (0 when it worked). */
  status: number;
  /** Full name, learned once for non-File types; undefined until asked, null when it failed. */
  name?: string | null;
}

export interface HolderScanOptions {
  /** Called after the handle table is read and before anything is duplicated (tests make a holder exit there). */
  afterTableRead?: () => void;
  /** Forget what earlier scans learned (a live refresh). */
  fresh?: boolean;
}

export interface HolderScanDiagnostics {
  duplicated: number;
  namesQueried: number;
  compared: number;
  cacheHits: number;
  phases: Record<string, number>;
}

/**
 * The holder search with its cache: one per agent. Not thread-safe (nothing in the NT layer is):
 * every call is synchronous.
 */
export class HolderScanner {
  private procs = new Map<number, ProcEntry>();
  private dups = new HandleCache<DupEntry>(
    (d) => {
      if (d.dup !== null) closeWin32Handle(d.dup);
      if (d.name) this.unindex(d);
    },
    (d, attributes) => {
      if (d.entry.attributes !== attributes) d.entry = { ...d.entry, attributes };
    },
  );
  /**
   * Every cached duplicate by the name it answered: a later lookup of a named object reads its
   * holders here instead of visiting every cached candidate (20,000 under the bench). Arrays,
   * not Sets: most names have one or two handles, and a first scan makes 20,000 of them.
   */
  private byName = new Map<string, DupEntry[]>();
  private bornAt = 0;
  private readonly selfPid = process.pid;
  lastDiagnostics: HolderScanDiagnostics | null = null;

  private learnName(d: DupEntry, name: string | null): void {
    d.name = name;
    if (!name) return;
    const list = this.byName.get(name);
    if (list) list.push(d);
    else this.byName.set(name, [d]);
  }

  private unindex(d: DupEntry): void {
    const list = this.byName.get(d.name!);
    if (!list) return;
    const i = list.indexOf(d);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byName.delete(d.name!);
  }

  /** Closes every cached handle. */
  clear(): void {
    this.dups.clear();
    this.byName.clear();
    for (const p of this.procs.values()) if (p.handle !== null) closeWin32Handle(p.handle);
    this.procs.clear();
    this.bornAt = 0;
  }

  /**
   * One handle-table snapshot. With `ownHandle`, objscope's own entry is found in place first and
   * only handles of its type index are parsed (and swept from the cache): 20,000 entries become
   * the few hundred that can matter.
   */
  private readTable(
    opts: HolderScanOptions,
    phases: Record<string, number>,
    ownHandle?: number,
    /** By name (not File) with addresses hidden: only the misses are needed, not every entry. */
    lean = false,
  ): NtResult<{ entries: HandleEntry[]; misses: Iterable<HandleEntry>; candidates: number; own: HandleEntry | null; total: number; images: Map<number, string | null> }> {
    if (opts.fresh || Date.now() - this.bornAt > CACHE_MS) {
      this.clear();
      this.bornAt = Date.now();
    }
    let t = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      phases[name] = Math.round((now - t) * 100) / 100;
      t = now;
    };
    const raw = querySystemHandles();
    if (!raw.ok) return raw;
    lap('query');
    let own: HandleEntry | null = null;
    let types: Set<number> | undefined;
    if (ownHandle !== undefined) {
      own = findRawEntry(raw.value, this.selfPid, ownHandle);
      if (!own) return fail(STATUS.NOT_FOUND, 'objscope’s own handle to the object is missing from the handle table');
      types = new Set([own.typeIndex]);
    }
    const unnamed = (d: DupEntry) => d.name === undefined && d.dup !== null;
    let parsed: { total: number; entries: HandleEntry[] };
    if (own && lean && own.object === 0n) {
      // Parse and sweep in one pass over the raw buffer; entries made only for the misses.
      const offsets: number[] = [];
      const swept = this.dups.sweepType(raw.value, own.typeIndex, this.selfPid, offsets, unnamed);
      lap('sweep');
      const images = this.images(phases);
      const bytes = raw.value;
      // Entries made as the search reaches them (it often stops after a few).
      const misses = (function* () {
        for (const off of offsets) yield entryAt(bytes, off);
      })();
      return ok({ entries: [], misses, candidates: swept.candidates, own, total: swept.total, images });
    }
    if (own) {
      parsed = entriesOfType(raw.value, own.typeIndex);
    } else {
      const all = parseHandleTable(raw.value);
      if (!all.ok) return fail(STATUS.UNSUCCESSFUL, all.error);
      parsed = all.value;
    }
    lap('parse');
    const entries = parsed.entries;
    const swept: HandleEntry[] = [];
    // Only what has no name yet needs a visit: the rest is in the name index.
    this.dups.sweep(entries, types, swept, unnamed);
    const misses = swept.filter((e) => e.pid !== this.selfPid);
    if (!types) {
      const pids = new Set(entries.map((e) => e.pid));
      for (const [pid, p] of this.procs) {
        if (pids.has(pid)) continue;
        if (p.handle !== null) closeWin32Handle(p.handle);
        this.procs.delete(pid);
      }
    }
    lap('sweep');
    let candidates = 0;
    for (const e of entries) if (e.pid !== this.selfPid) candidates += 1;
    return ok({ entries, misses, candidates, own, total: parsed.total, images: this.images(phases) });
  }

  /** Image names by pid (one process list query). */
  private images(phases: Record<string, number>): Map<number, string | null> {
    const t = performance.now();
    const images = new Map<number, string | null>();
    const list = queryProcessList();
    if (list.ok) for (const p of list.value) images.set(p.pid, p.imageName);
    phases.processes = Math.round((performance.now() - t) * 100) / 100;
    return images;
  }

  private openHolder(pid: number): ProcEntry {
    let p = this.procs.get(pid);
    if (!p) {
      const r = openProcess(pid, PROCESS_DUP_HANDLE);
      p = r.ok ? { handle: r.value, status: 0 } : { handle: null, status: r.status };
      this.procs.set(pid, p);
    }
    return p;
  }

  /** The cached duplicate of a handle, made on first use (access 0: `wanted & grantedAccess`). */
  private duplicate(e: HandleEntry, proc: Ptr, diag: HolderScanDiagnostics): DupEntry {
    let d = this.dups.get(e);
    if (d) {
      diag.cacheHits += 1;
      return d;
    }
    const wanted = 0;
    const r = duplicateFrom(proc, e.handle, wanted & e.grantedAccess);
    diag.duplicated += 1;
    d = r.ok ? { entry: e, dup: r.value, status: 0 } : { entry: e, dup: null, status: r.status };
    this.dups.set(e, d);
    return d;
  }

  /** Why a holder's handle could not be duplicated: it exited, or the handle is just gone. */
  private exitedSinceTable(pid: number): boolean {
    const r = openProcess(pid, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION);
    if (!r.ok) return true;
    try {
      return hasExited(r.value);
    } finally {
      closeWin32Handle(r.value);
    }
  }

  /** Every process with a handle to the object at `path` (of directory-listing type `type`). */
  holders(path: string, type: string, opts: HolderScanOptions = {}): NtResult<HoldersReport> {
    const started = performance.now();
    const phases: Record<string, number> = {};
    const mark = (name: string, since: number) => {
      phases[name] = Math.round((performance.now() - since) * 100) / 100;
      return performance.now();
    };
    const diag: HolderScanDiagnostics = { duplicated: 0, namesQueried: 0, compared: 0, cacheHits: 0, phases };
    this.lastDiagnostics = diag;
    if (!OPENERS.has(type)) return fail(STATUS.NOT_SUPPORTED, `objscope does not open objects of type ${type}`);
    let target = openByType(type, path, 0);
    if (!target.ok && target.status === STATUS.ACCESS_DENIED) target = openObject(OPENERS.get(type)!.fn, path, 0);
    if (!target.ok) return target;
    const mine = target.value;
    phases.open = Math.round((performance.now() - started) * 100) / 100;
    try {
      let t = performance.now();
      const table = this.readTable(opts, phases, Number(handleValue(mine)), type !== 'File');
      if (!table.ok) return table;
      t = mark('table', t);
      const { entries, images } = table.value;
      const own = table.value.own!;
      const image = (pid: number) => images.get(pid) ?? null;
      const base = { path, type, handlesInTable: table.value.total };
      if (own.object !== 0n) {
        const holders = sortHolders(holdersByAddress(entries, own.object, this.selfPid).map((e) => withRights(toHolder(e, image(e.pid)), type)));
        mark('match', t);
        return ok({ ...base, holders, unexamined: [], method: 'address', candidates: 0, scanMs: Math.round(performance.now() - started) });
      }
      const compare = ntCompareObjects();
      const useNames = type !== 'File';
      let myName: string | null = null;
      if (useNames) {
        const n = queryObjectName(mine);
        if (!n.ok) return n;
        myName = n.value;
      } else if (!compare) {
        return fail(STATUS.PROCEDURE_NOT_FOUND, 'ntdll has no NtCompareObjects, and File names of other processes are never queried');
      }
      const candidates = table.value.candidates;
      // Named types: what earlier scans named is read from the name index (a Map lookup, then
      // one compare per holder); only the handles not named yet are visited. File: every
      // candidate is compared (names of other processes' File handles are never asked).
      const known = useNames ? (this.byName.get(myName!) ?? []).filter((d) => d.dup !== null) : [];
      // Misses never include objscope's own handles (the sweeps skip or filter them).
      const visit = useNames ? table.value.misses : candidatesOfType(entries, own.typeIndex, this.selfPid);
      // The object's handle count bounds the search: once every handle but objscope's own (its
      // handle and its cached duplicates) is found, no other candidate can be one (File
      // objects: compare-only, no early stop).
      let others: number | null = null;
      if (useNames) {
        const basic = queryBasicInfo(mine);
        const ours = 1 + known.length;
        if (basic.ok && basic.value.handleCount > ours) others = basic.value.handleCount - ours;
      }
      // The window a test widens: the table and the count are read, nothing is duplicated yet.
      opts.afterTableRead?.();
      const holders: ObjectHolder[] = [];
      const unexamined = new Map<number, UnexaminedProcess>();
      const skip = (pid: number, status: number) => {
        if (!unexamined.has(pid)) unexamined.set(pid, { pid, status, name: image(pid) ?? '' });
      };
      let examined = 0;
      for (const d of known) {
        examined += 1;
        diag.cacheHits += 1;
        // The name proposes, NtCompareObjects decides (a name reused by a newer object fails it).
        if (compare) {
          diag.compared += 1;
          if (st(compare(mine, d.dup)) !== 0) continue;
        }
        holders.push(withRights(toHolder(d.entry, image(d.entry.pid)), type));
      }
      for (const e of visit) {
        if (others !== null && holders.length >= others) break;
        examined += 1;
        if (unexamined.has(e.pid)) continue;
        const proc = this.openHolder(e.pid);
        if (proc.handle === null) {
          skip(e.pid, proc.status);
          continue;
        }
        const d = this.duplicate(e, proc.handle, diag);
        if (d.dup === null) {
          // Closed since the table was read (not a holder any more), or its process exited.
          if (this.exitedSinceTable(e.pid)) skip(e.pid, STATUS.PROCESS_IS_TERMINATING);
          continue;
        }
        let same: boolean;
        if (useNames) {
          if (d.name === undefined) {
            const n = queryObjectName(d.dup);
            diag.namesQueried += 1;
            this.learnName(d, n.ok ? n.value : null);
          }
          same = d.name !== null && d.name === myName;
          if (same && compare) {
            diag.compared += 1;
            same = st(compare(mine, d.dup)) === 0;
          }
        } else {
          diag.compared += 1;
          const s = st(compare!(mine, d.dup));
          same = s === 0;
          if (s !== 0 && s !== STATUS.NOT_SAME_OBJECT) continue;
        }
        if (same) holders.push(withRights(toHolder(e, image(e.pid)), type));
      }
      mark('match', t);
      phases.total = Math.round((performance.now() - started) * 100) / 100;
      return ok({
        ...base,
        holders: sortHolders(holders),
        unexamined: [...unexamined.values()].sort((a, b) => a.pid - b.pid),
        method: useNames ? (compare ? 'name-index' : 'name') : 'compare',
        candidates,
        scanMs: Math.round(performance.now() - started),
        examined,
        reused: diag.cacheHits,
      });
    } finally {
      closeHandle(mine);
    }
  }

  /** The named objects process `pid` holds handles to: type, full name, handle, access. */
  processHandles(pid: number, opts: HolderScanOptions = {}): NtResult<ProcessHandlesReport> {
    const started = performance.now();
    const diag: HolderScanDiagnostics = { duplicated: 0, namesQueried: 0, compared: 0, cacheHits: 0, phases: {} };
    this.lastDiagnostics = diag;
    const table = this.readTable(opts, diag.phases);
    if (!table.ok) return table;
    const mineOnly = table.value.entries.filter((e) => e.pid === pid);
    const image = table.value.images.get(pid) ?? null;
    const report = (handles: ProcessHandlesReport['handles'], fileHandlesSkipped: number): NtResult<ProcessHandlesReport> =>
      ok({ pid, image, handles, handlesInTable: mineOnly.length, fileHandlesSkipped, scanMs: Math.round(performance.now() - started) });
    if (mineOnly.length === 0 && !table.value.images.has(pid)) return report({ ok: false, error: statusInfo(STATUS.INVALID_CID) }, 0);
    const self = pid === this.selfPid;
    const proc = self ? { handle: zapi().k32.GetCurrentProcess() as Ptr, status: 0 } : this.openHolder(pid);
    if (proc.handle === null) return report({ ok: false, error: statusInfo(proc.status) }, 0);
    const typeNames = new Map<number, string | null>();
    const held: HeldHandle[] = [];
    let files = 0;
    for (const e of mineOnly) {
      const d = this.duplicate(e, proc.handle, diag);
      if (d.dup === null) continue;
      let type = typeNames.get(e.typeIndex);
      if (type === undefined) {
        const r = queryTypeName(d.dup);
        type = r.ok ? r.value : null;
        typeNames.set(e.typeIndex, type);
      }
      if (type === null) continue;
      if (type === 'File') {
        files += 1;
        continue;
      }
      if (d.name === undefined) {
        const n = queryObjectName(d.dup);
        diag.namesQueried += 1;
        this.learnName(d, n.ok ? n.value : null);
      }
      if (!d.name) continue;
      held.push({ handle: e.handle, type, name: d.name, access: e.grantedAccess, attributes: e.attributes, rights: decodeAccess(e.grantedAccess, type) });
    }
    if (self) {
      // Our own duplicates would otherwise sit in the cache listed as handles we hold.
      for (const e of mineOnly) this.dups.delete(e);
    }
    held.sort((a, b) => a.handle - b.handle);
    return report({ ok: true, value: held }, files);
  }
}

/**
 * Every process's named handles (the snapshot's `holders` section): one reverse listing per
 * process in the table, objscope's own left out. The scanner's cache is shared between them.
 */
export function recordAllProcessHandles(): NtResult<ProcessHandlesReport[]> {
  const scanner = holderScanner();
  const raw = querySystemHandles();
  if (!raw.ok) return raw;
  const parsed = parseHandleTable(raw.value);
  if (!parsed.ok) return fail(STATUS.UNSUCCESSFUL, parsed.error);
  const pids = [...new Set(parsed.value.entries.map((e) => e.pid))].filter((p) => p !== process.pid).sort((a, b) => a - b);
  const out: ProcessHandlesReport[] = [];
  for (const pid of pids) {
    const r = scanner.processHandles(pid);
    if (r.ok) out.push(r.value);
  }
  return ok(out);
}

let shared: HolderScanner | null = null;

/** The agent's scanner (its cache is what makes the second lookup cheap). */
export function holderScanner(): HolderScanner {
  shared ??= new HolderScanner();
  return shared;
}

export function findHolders(path: string, type: string, opts?: HolderScanOptions): NtResult<HoldersReport> {
  return holderScanner().holders(path, type, opts);
}

export function processHandles(pid: number, opts?: HolderScanOptions): NtResult<ProcessHandlesReport> {
  return holderScanner().processHandles(pid, opts);
}

/**
 * The baseline the bench compares against: what a tool does without a handle to compare with
 * and without a cache. Every handle of the type gets its process opened, is duplicated, and has
 * its name queried; the name decides. (Not used on File objects.)
 */
export function naiveHolders(path: string, type: string): NtResult<ObjectHolder[]> {
  if (!OPENERS.has(type) || type === 'File') return fail(STATUS.NOT_SUPPORTED, `naive holders do not handle ${type}`);
  const target = openByType(type, path, 0);
  if (!target.ok) return target;
  try {
    const raw = querySystemHandles();
    if (!raw.ok) return raw;
    const parsed = parseHandleTable(raw.value);
    if (!parsed.ok) return fail(STATUS.UNSUCCESSFUL, parsed.error);
    const own = findEntry(parsed.value.entries, process.pid, Number(handleValue(target.value)));
    if (!own) return fail(STATUS.NOT_FOUND, 'own handle missing from the table');
    const myName = queryObjectName(target.value);
    if (!myName.ok) return myName;
    const images = new Map<number, string | null>();
    const list = queryProcessList();
    if (list.ok) for (const p of list.value) images.set(p.pid, p.imageName);
    const out: ObjectHolder[] = [];
    for (const e of candidatesOfType(parsed.value.entries, own.typeIndex, process.pid)) {
      const proc = openProcess(e.pid, PROCESS_DUP_HANDLE);
      if (!proc.ok) continue;
      try {
        const d = duplicateFrom(proc.value, e.handle, 0);
        if (!d.ok) continue;
        try {
          const n = queryObjectName(d.value);
          if (n.ok && n.value === myName.value) out.push(toHolder(e, images.get(e.pid) ?? null));
        } finally {
          closeWin32Handle(d.value);
        }
      } finally {
        closeWin32Handle(proc.value);
      }
    }
    return ok(sortHolders(out));
  } finally {
    closeHandle(target.value);
  }
}

/** Microseconds per call of each step a holder search repeats per candidate (the bench's arithmetic). */
export interface RoundTripCosts {
  sample: number;
  /** A koffi call that never reaches wineserver (GetCurrentProcessId): the FFI floor. */
  ffiUs: number;
  openProcessUs: number;
  duplicateUs: number;
  queryNameUs: number;
  compareUs: number;
  closeUs: number;
}

/**
 * Times each per-candidate step over the first `sample` candidates of the object's type, one
 * step at a time (every duplicate, then every name query, ...), so each figure is that call
 * alone. The bench turns them into the lower bound of a lookup that examines every candidate.
 */
export function measureRoundTrips(path: string, type: string, sample: number): NtResult<RoundTripCosts> {
  if (!OPENERS.has(type) || type === 'File') return fail(STATUS.NOT_SUPPORTED, `round trips are measured on named non-File objects, not ${type}`);
  const target = openByType(type, path, 0);
  if (!target.ok) return target;
  try {
    const raw = querySystemHandles();
    if (!raw.ok) return raw;
    const own = findRawEntry(raw.value, process.pid, Number(handleValue(target.value)));
    if (!own) return fail(STATUS.NOT_FOUND, 'own handle missing from the table');
    const cands = candidatesOfType(entriesOfType(raw.value, own.typeIndex).entries, own.typeIndex, process.pid).slice(0, sample);
    const { k32 } = zapi();
    const compare = ntCompareObjects();
    const per = (t0: number, n: number) => Math.round(((performance.now() - t0) * 1000 * 100) / Math.max(1, n)) / 100;
    let t = performance.now();
    for (let i = 0; i < cands.length; i++) k32.GetCurrentProcessId();
    const ffiUs = per(t, cands.length);
    const procs = new Map<number, Ptr>();
    t = performance.now();
    const opened: Ptr[] = [];
    for (const e of cands) {
      const p = openProcess(e.pid, PROCESS_DUP_HANDLE);
      if (p.ok) opened.push(p.value);
    }
    const openProcessUs = per(t, cands.length);
    for (const p of opened) closeWin32Handle(p);
    for (const e of cands) {
      if (procs.has(e.pid)) continue;
      const p = openProcess(e.pid, PROCESS_DUP_HANDLE);
      if (p.ok) procs.set(e.pid, p.value);
    }
    const dups: Ptr[] = [];
    t = performance.now();
    for (const e of cands) {
      const proc = procs.get(e.pid);
      if (!proc) continue;
      const d = duplicateFrom(proc, e.handle, 0);
      if (d.ok) dups.push(d.value);
    }
    const duplicateUs = per(t, cands.length);
    t = performance.now();
    for (const d of dups) queryObjectName(d);
    const queryNameUs = per(t, dups.length);
    t = performance.now();
    if (compare) for (const d of dups) compare(target.value, d);
    const compareUs = compare ? per(t, dups.length) : -1;
    t = performance.now();
    for (const d of dups) closeWin32Handle(d);
    const closeUs = per(t, dups.length);
    for (const p of procs.values()) closeWin32Handle(p);
    return ok({ sample: dups.length, ffiUs, openProcessUs, duplicateUs, queryNameUs, compareUs, closeUs });
  } finally {
    closeHandle(target.value);
  }
}
