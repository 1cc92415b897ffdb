// Who holds a named object, and what a process holds (#14, #19).
//
// One SystemExtendedHandleInformation snapshot answers both. objscope opens the object itself
// and finds its own handle in that table: the entry gives the object's type index as the table
// numbers it (Wine's type list numbers differently, see parsers/handles.ts) and, where the
// kernel shows them, its address.
// - Address visible (Windows, elevated with SeDebugPrivilege enabled): every entry with that
//   address is a holder. Nothing is duplicated.
// - Address hidden (Wine; not elevated; low integrity; AppContainers): only entries of the same
//   type index can point at it. Each is duplicated (access 0: only identity is asked) for as
//   long as one question takes, then closed. File handles are only ever compared with
//   NtCompareObjects (a name query on another process's file handle can hang on a synchronous
//   pipe). Other types get their name queried once; the name is kept as a fact about that
//   handle (pid, value, type index, access, attributes), so the next lookup of any object of
//   the type is a Map lookup, and every match is confirmed with NtCompareObjects on a fresh,
//   short-lived duplicate before it is reported.
// No handle outlives the request that opened it (HandleOwners, handles.ts, shared with the zombie scan): holding a duplicate keeps a
// named object in the namespace, a file's share modes, a pipe's writer open and an exited
// process a zombie (WRK ob/obref.c ObpDeleteNameCheck, ps/psdelete.c). The agent runs these
// scans in a child process (apps/agent/src/scan-child.ts), so one stopped half-way releases
// everything with the process. docs/handles.md says how cached facts can be wrong and for how long.
import type { HeldHandle, HoldersReport, NtResult, ObjectHolder, ProcessHandlesReport, UnexaminedProcess } from '@objscope/core';
import { MEMORY_CONDITION_NAMES, statusInfo, STATUS, toUint32Status } from '@objscope/core';
import { querySystemHandles } from './capabilities';
import { addressOf, closeHandle, handleValue, nt, optionalNtdll, type Fn, type Ptr } from './ffi';
import { OPENERS, openObject } from './open';
import { queryBasicInfo } from './object';
import { processImageName } from './process';
import { duplicateFrom, HandleOwners, hasExited, openProcess, PROCESS_QUERY_LIMITED_INFORMATION, queryProcessList, SYNCHRONIZE } from './handles';
import { entriesOfType, entryAt, findRawEntry, parseHandleTable } from './parsers/handles';
import type { HandleEntry } from './parsers/handles';
import { decodeAccess, HandleCache, sortHolders, toHolder } from './parsers/holders';
import { parseObjectTypeInformation } from './parsers/object';
import { readUnicodeStringAt } from './parsers/unicode';
import { fail, ok } from './result';

const ObjectNameInformation = 1;
const ObjectTypeInformation = 2;
/**
 * How long a learned name is trusted at most, even while its handle stays in every table read
 * (the bound on a stale fact that the handle count cannot catch: docs/handles.md).
 */
const FACTS_MS = 60_000;
/** Holder processes whose image a lookup asks for one by one before it reads the whole process list instead. */
const PER_PROCESS_IMAGES = 8;
/**
 * The memory conditions' paths. On Windows those from index 4 on are dynamic symbolic links that
 * resolve to an Event when opened (MiResolveMemoryEvent), the first four plain Events; either
 * way nobody holds the link itself: the holders are those of the Event it opens to.
 */
const MEMORY_CONDITIONS = new Set(MEMORY_CONDITION_NAMES.map((n) => `\\KERNELOBJECTS\\${n.toUpperCase()}`));

/** Whatever access the DACL grants (the retry when the query right is refused). */
const MAXIMUM_ALLOWED = 0x02000000;

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
    const s = toUint32Status(nt().ntdll.NtQueryObject(h, ObjectNameInformation, nameBuffer, nameBuffer.byteLength, ret));
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
  const s = toUint32Status(nt().ntdll.NtQueryObject(h, ObjectTypeInformation, bytes, bytes.byteLength, [0]));
  if (s !== 0) return fail(s, 'NtQueryObject(ObjectTypeInformation)');
  const p = parseObjectTypeInformation(bytes, addressOf(bytes));
  return p.ok ? ok(p.value.name) : fail(STATUS.UNSUCCESSFUL, p.message);
}

function withRights(h: ObjectHolder, type: string): ObjectHolder {
  return { ...h, rights: decodeAccess(h.access, type) };
}

/** A fact learned about one handle of another process: its object's full name (null: none, or the query failed). */
interface NameFact {
  entry: HandleEntry;
  name: string | null;
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
 * The calls a holder search makes: the live ones (ntdll, kernel32), or a kernel model's in the
 * unit tests (test/kernel/handle-table.ts), which follows the Windows rules Wine cannot show.
 */
export interface HolderApi {
  /** objscope's own pid (handles of it in the table are its own). */
  pid: number;
  querySystemHandles(): NtResult<Uint8Array>;
  queryProcessList(): NtResult<readonly { pid: number; imageName: string | null }[]>;
  /** One process's image file name, asked of the process; null when it cannot be asked. */
  imageName(pid: number): string | null;
  /** Opens the named object itself (NtOpenXxx by type). */
  openObject(type: string, path: string, access: number): NtResult<Ptr>;
  handleValue(h: Ptr): number;
  openProcess(pid: number, access: number): NtResult<Ptr>;
  duplicate(proc: Ptr, handle: number, access: number): NtResult<Ptr>;
  /** The pseudo-handle of objscope's own process. */
  currentProcess(): Ptr;
  close(h: Ptr): void;
  queryName(h: Ptr): NtResult<string>;
  queryTypeName(h: Ptr): NtResult<string>;
  handleCount(h: Ptr): NtResult<number>;
  /** NtCompareObjects, null where ntdll lacks it: 0 when both handles are one object. */
  compare: ((a: Ptr, b: Ptr) => number) | null;
  hasExited(h: Ptr): boolean;
}

const liveApi = (): HolderApi => {
  const compare = ntCompareObjects();
  return {
    pid: process.pid,
    querySystemHandles,
    queryProcessList,
    imageName: processImageName,
    openObject: (type, path, access) => {
      const o = OPENERS.get(type);
      return o ? openObject(o.fn, path, access) : fail(STATUS.NOT_SUPPORTED, `objscope does not open objects of type ${type}`);
    },
    handleValue: (h) => Number(handleValue(h)),
    openProcess,
    duplicate: duplicateFrom,
    currentProcess: () => nt().kernel32.GetCurrentProcess() as Ptr,
    close: (h) => closeHandle(h),
    queryName: queryObjectName,
    queryTypeName,
    handleCount: (h) => {
      const b = queryBasicInfo(h);
      return b.ok ? ok(b.value.handleCount) : b;
    },
    compare: compare ? (a, b) => toUint32Status(compare(a, b)) : null,
    hasExited,
  };
};

/** The table's entries at these byte offsets, each read when the iteration reaches it. */
function* entriesAt(bytes: Uint8Array, offsets: readonly number[]): Generator<HandleEntry> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const off of offsets) yield entryAt(dv, off);
}

/**
 * The holder search with its cache of facts: one per process that scans. The cache holds names,
 * never handles: every duplicate and every process handle a request opens is closed before it
 * returns. Not thread-safe (nothing in the NT layer is): every call is synchronous.
 */
/** One holder lookup: what was asked, objscope's open handle to it, and what the lookup records. */
interface Lookup {
  path: string;
  type: string;
  opts: HolderScanOptions;
  mine: Ptr;
  owners: HandleOwners;
  started: number;
  diag: HolderScanDiagnostics;
}

/** A lookup's matching state (address hidden): holders found, processes not examined, and how a candidate is tested. */
interface Match {
  myName: string | null;
  useNames: boolean;
  /** Whether a name match is confirmed with NtCompareObjects (never for Keys, nor without it). */
  confirm: boolean;
  /** Holders still to find before the search stops (the handle count less objscope's own); null: no early stop. */
  others: number | null;
  diag: HolderScanDiagnostics;
  holders: ObjectHolder[];
  found: Set<HandleEntry>;
  unexamined: Map<number, UnexaminedProcess>;
  examined: number;
  skip: (pid: number, status: number) => void;
  /** Duplicates one handle for as long as `use` runs; null when it could not be. */
  withDuplicate: <T>(e: HandleEntry, use: (dup: Ptr) => T) => T | null;
  isMine: (dup: Ptr) => boolean;
  hold: (e: HandleEntry) => void;
  done: () => boolean;
}

/** Records a phase's milliseconds since `since`; returns now, the next phase's start. */
function markPhase(phases: Record<string, number>, name: string, since: number): number {
  phases[name] = Math.round((performance.now() - since) * 100) / 100;
  return performance.now();
}

export class HolderScanner {
  private facts = new HandleCache<NameFact>((f) => this.unindex(f));
  /**
   * Every cached fact by the name it answered: a later lookup of a named object reads its
   * candidate holders here instead of visiting every handle of the type (20,000 under the bench).
   */
  private byName = new Map<string, NameFact[]>();
  /** Type names by the handle table's type index (fixed for the boot; learned from one duplicate each). */
  private typeNames = new Map<number, string | null>();
  private bornAt = 0;
  /** objscope's own processes (this one, and the agent when this is its scan process): never holders, never examined. */
  private readonly selfPids: ReadonlySet<number>;
  lastDiagnostics: HolderScanDiagnostics | null = null;

  private readonly api: HolderApi;

  constructor(opts: { alsoSelf?: readonly number[]; api?: HolderApi } = {}) {
    this.api = opts.api ?? liveApi();
    this.selfPids = new Set([this.api.pid, ...(opts.alsoSelf ?? [])]);
  }

  /** objscope's own process ids, as the reports state them. */
  get objscopePids(): number[] {
    return [...this.selfPids].sort((a, b) => a - b);
  }

  private learn(e: HandleEntry, name: string | null): NameFact {
    const f: NameFact = { entry: e, name };
    this.facts.set(e, f);
    if (name) {
      const list = this.byName.get(name);
      if (list) list.push(f);
      else this.byName.set(name, [f]);
    }
    return f;
  }

  private unindex(f: NameFact): void {
    if (!f.name) return;
    const list = this.byName.get(f.name);
    if (!list) return;
    const i = list.indexOf(f);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byName.delete(f.name);
  }

  /** Forgets every fact (nothing to close: no handle is ever kept). */
  clear(): void {
    this.facts.clear();
    this.byName.clear();
    this.bornAt = 0;
  }

  /**
   * One handle-table snapshot. With `ownHandle`, objscope's own entry is found in place first and
   * only handles of its type index are read (and swept from the cache): 20,000 entries become
   * the few hundred that can matter.
   */
  private readTable(
    opts: HolderScanOptions,
    phases: Record<string, number>,
    ownHandle?: number,
  ): NtResult<{ entries: HandleEntry[]; misses: Iterable<HandleEntry>; candidates: number; own: HandleEntry | null; total: number; images: Map<number, string | null> | null }> {
    if (opts.fresh || Date.now() - this.bornAt > FACTS_MS) {
      this.clear();
      this.bornAt = Date.now();
    }
    let t = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      phases[name] = Math.round((now - t) * 100) / 100;
      t = now;
    };
    const raw = this.api.querySystemHandles();
    if (!raw.ok) return raw;
    lap('query');
    if (ownHandle !== undefined) {
      const own = findRawEntry(raw.value, this.api.pid, ownHandle);
      if (!own) return fail(STATUS.NOT_FOUND, 'objscope’s own handle to the object is missing from the handle table');
      const offsets: number[] = [];
      const swept = this.facts.sweepType(raw.value, own.typeIndex, this.selfPids, offsets);
      lap('sweep');
      // Read one by one as the search visits them: a lookup the handle count stops early visits
      // a few of 19,000 uncached handles, and making them all up front cost the second lookup
      // more than its whole match phase (bench/win/holders.ts, found early).
      const misses = entriesAt(raw.value, offsets);
      const entries = own.object === 0n ? [] : entriesOfType(raw.value, own.typeIndex).entries;
      // Image names are asked per holder process when a holder is found (imageResolver).
      return ok({ entries, misses, candidates: swept.candidates, own, total: swept.total, images: null });
    }
    const all = parseHandleTable(raw.value);
    if (!all.ok) return fail(STATUS.UNSUCCESSFUL, all.message);
    lap('parse');
    const misses: HandleEntry[] = [];
    this.facts.sweep(all.value.entries, undefined, misses);
    lap('sweep');
    let candidates = 0;
    for (const e of all.value.entries) if (!this.selfPids.has(e.pid)) candidates += 1;
    return ok({ entries: all.value.entries, misses, candidates, own: null, total: all.value.total, images: this.images(phases) });
  }

  /** Image names by pid (one process list query). */
  private images(phases: Record<string, number>): Map<number, string | null> {
    const t = performance.now();
    const images = new Map<number, string | null>();
    const list = this.api.queryProcessList();
    if (list.ok) for (const p of list.value) images.set(p.pid, p.imageName);
    phases.processes = Math.round((performance.now() - t) * 100) / 100;
    return images;
  }

  /**
   * Image names of the processes a lookup reports, asked of each process (a few calls) rather
   * than read from the whole process list, which was the second lookup's largest and most
   * load-sensitive phase under Wine (docs/handles.md). After PER_PROCESS_IMAGES processes, or
   * for one that cannot be asked (System, protected processes), the list is read once.
   */
  private imageResolver(phases: Record<string, number>): (pid: number) => string | null {
    const names = new Map<number, string | null>();
    let list: Map<number, string | null> | null = null;
    let asked = 0;
    return (pid) => {
      const known = names.get(pid);
      if (known !== undefined) return known;
      const t = performance.now();
      let name: string | null = null;
      if (list === null && asked < PER_PROCESS_IMAGES) {
        asked += 1;
        name = this.api.imageName(pid);
      }
      if (name === null) {
        list ??= this.images(phases);
        name = list.get(pid) ?? null;
      }
      names.set(pid, name);
      phases.images = Math.round(((phases.images ?? 0) + performance.now() - t) * 100) / 100;
      return name;
    };
  }

  /** Why a holder's handle could not be duplicated: it exited, or the handle is just gone. */
  private exitedSinceTable(pid: number): boolean {
    const r = this.api.openProcess(pid, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION);
    if (!r.ok) return true;
    try {
      return this.api.hasExited(r.value);
    } finally {
      this.api.close(r.value);
    }
  }

  /** Every process with a handle to the object at `path` (of directory-listing type `type`). */
  holders(path: string, type: string, opts: HolderScanOptions = {}): NtResult<HoldersReport> {
    const started = performance.now();
    const phases: Record<string, number> = {};
    const diag: HolderScanDiagnostics = { duplicated: 0, namesQueried: 0, compared: 0, cacheHits: 0, phases };
    this.lastDiagnostics = diag;
    // A memory condition listed as a (dynamic) link: its holders are the Event's it resolves to.
    if (type === 'SymbolicLink' && MEMORY_CONDITIONS.has(path.toUpperCase())) type = 'Event';
    if (!OPENERS.has(type)) return fail(STATUS.NOT_SUPPORTED, `objscope does not open objects of type ${type}`);
    let target = this.api.openObject(type, path, OPENERS.get(type)!.query);
    // SeAccessCheck refuses an empty DesiredAccess when nothing was granted before (WRK
    // se/accessck.c): the retry asks for whatever the DACL grants, as details do.
    if (!target.ok && target.status === STATUS.ACCESS_DENIED) target = this.api.openObject(type, path, MAXIMUM_ALLOWED);
    if (!target.ok) return target;
    const mine = target.value;
    phases.open = Math.round((performance.now() - started) * 100) / 100;
    const owners = new HandleOwners(this.api);
    try {
      return this.holdersOf({ path, type, opts, mine, owners, started, diag });
    } finally {
      owners.close();
      this.api.close(mine);
    }
  }

  /** The search itself, on objscope's open handle `mine`; holders() closes every handle it opens. */
  private holdersOf(l: Lookup): NtResult<HoldersReport> {
    const { path, type, opts, mine, started, diag } = l;
    const phases = diag.phases;
    let t = performance.now();
    const table = this.readTable(opts, phases, this.api.handleValue(mine));
    if (!table.ok) return table;
    t = markPhase(phases, 'table', t);
    const { entries } = table.value;
    const own = table.value.own!;
    const image = this.imageResolver(phases);
    // The object's handle count, on objscope's own open: the report explains it (found, in
    // processes not examined, objscope's one open) where Properties shows it beside the list.
    const count = this.api.handleCount(mine);
    const base = {
      path,
      type,
      handlesInTable: table.value.total,
      objscopePids: this.objscopePids,
      ...(count.ok ? { handleCount: count.value } : {}),
    };
    if (own.object !== 0n) {
      const holders = sortHolders(
        entries.filter((e) => e.object === own.object && !this.selfPids.has(e.pid)).map((e) => withRights(toHolder(e, image(e.pid)), type)),
      );
      markPhase(phases, 'match', t);
      return ok({ ...base, holders, unexamined: [], method: 'address', candidates: 0, scanMs: Math.round(performance.now() - started) });
    }
    const compare = this.api.compare;
    // Keys: every NtOpenKey makes a new Key object (WRK config/cmparse.c CmpDoOpen), so no
    // other handle is ever "the same object" as ours: keys are matched by name alone.
    const byNameOnly = type === 'Key';
    const useNames = type !== 'File';
    let myName: string | null = null;
    if (useNames) {
      const n = this.api.queryName(mine);
      if (!n.ok) return n;
      myName = n.value;
    } else if (!compare) {
      return fail(STATUS.PROCEDURE_NOT_FOUND, 'ntdll has no NtCompareObjects, and File names of other processes are never queried');
    }
    const confirm = !byNameOnly && compare !== null;
    // The object's handle count bounds the search: once every handle but objscope's own is
    // found, no other candidate can be one. (Keys: the count is of this one open; Files:
    // compare-only, no early stop.)
    const others = useNames && !byNameOnly && count.ok ? Math.max(0, count.value - 1) : null;
    // The window a test widens: the table and the count are read, nothing is duplicated yet.
    opts.afterTableRead?.();
    const m = this.newMatch(l, image, { myName, useNames, confirm, others });
    this.matchCached(m);
    this.matchMisses(m, table.value.misses);
    this.matchStale(m, own.typeIndex);
    markPhase(phases, 'match', t);
    phases.total = Math.round((performance.now() - started) * 100) / 100;
    return ok({
      ...base,
      holders: sortHolders(m.holders),
      unexamined: [...m.unexamined.values()].sort((a, b) => a.pid - b.pid),
      method: useNames ? (confirm ? 'name-index' : 'name') : 'compare',
      candidates: table.value.candidates,
      scanMs: Math.round(performance.now() - started),
      examined: m.examined,
      reused: diag.cacheHits,
    });
  }

  /** One lookup's matching state and the ways a candidate handle is tested and recorded. */
  private newMatch(l: Lookup, image: (pid: number) => string | null, how: Pick<Match, 'myName' | 'useNames' | 'confirm' | 'others'>): Match {
    const { type, mine, owners, diag } = l;
    const compare = this.api.compare;
    const m: Match = {
      ...how,
      diag,
      holders: [],
      found: new Set<HandleEntry>(),
      unexamined: new Map<number, UnexaminedProcess>(),
      examined: 0,
      skip: (pid, status) => {
        if (!m.unexamined.has(pid)) m.unexamined.set(pid, { pid, status, name: image(pid) ?? '' });
      },
      // Access 0: only identity is asked; the duplicate lives as long as `use` runs.
      withDuplicate: (e, use) => {
        const owner = owners.owner(e.pid);
        if (!owner.ok) {
          m.skip(e.pid, owner.status);
          return null;
        }
        diag.duplicated += 1;
        const r = owners.withDuplicate(e.pid, e.handle, 0, use);
        if (r.ok) return r.value;
        // Closed since the table was read (not a holder any more), or its process exited.
        if (this.exitedSinceTable(e.pid)) m.skip(e.pid, STATUS.PROCESS_IS_TERMINATING);
        return null;
      },
      isMine: (dup) => {
        diag.compared += 1;
        return compare!(mine, dup) === 0;
      },
      hold: (e) => {
        m.found.add(e);
        m.holders.push(withRights(toHolder(e, image(e.pid)), type));
      },
      done: () => m.others !== null && m.holders.length >= m.others,
    };
    return m;
  }

  /**
   * 1. What earlier scans named: a Map lookup, then a short-lived duplicate per candidate to
   *    confirm it (a name reused by a newer object, or a value reused for another object of
   *    the same type, access and attributes, fails NtCompareObjects).
   */
  private matchCached(m: Match): void {
    if (!m.useNames) return;
    for (const f of [...(this.byName.get(m.myName!) ?? [])]) {
      if (this.selfPids.has(f.entry.pid) || m.unexamined.has(f.entry.pid)) continue;
      m.examined += 1;
      m.diag.cacheHits += 1;
      if (!m.confirm || m.withDuplicate(f.entry, m.isMine)) m.hold(f.entry);
    }
  }
  /**
   * 2. Handles not named yet: duplicate, name (once; the name is kept, the duplicate is not),
   *    confirm. Files: compare every candidate.
   */
  private matchMisses(m: Match, misses: Iterable<HandleEntry>): void {
    // Files are never named, so every candidate of theirs is a miss.
    for (const e of misses) {
      if (m.done()) break;
      if (m.unexamined.has(e.pid)) continue;
      m.examined += 1;
      const same = m.withDuplicate(e, (dup) => {
        if (!m.useNames) return m.isMine(dup);
        const n = this.api.queryName(dup);
        m.diag.namesQueried += 1;
        const f = this.learn(e, n.ok ? n.value : null);
        return f.name !== null && f.name === m.myName && (!m.confirm || m.isMine(dup));
      });
      if (same) m.hold(e);
    }
  }

  /**
   * 3. The count says holders are still missing: a cached name can be stale (a handle value
   *    closed and reused for this object with the same type, access and attributes between
   *    two table reads, docs/handles.md). Every other cached handle of the type is compared.
   */
  private matchStale(m: Match, typeIndex: number): void {
    if (!(m.useNames && m.confirm && m.others !== null && !m.done())) return;
    const stale = [...this.facts.values()].filter(
      (f) => f.entry.typeIndex === typeIndex && f.name !== m.myName && !m.found.has(f.entry) && !this.selfPids.has(f.entry.pid) && !m.unexamined.has(f.entry.pid),
    );
    for (const f of stale) {
      if (m.done()) break;
      m.examined += 1;
      if (m.withDuplicate(f.entry, m.isMine)) {
        this.facts.delete(f.entry);
        m.hold(this.learn(f.entry, m.myName).entry);
      }
    }
  }

  /** The type name of a type index, learned once from one duplicate of a handle of that type. */
  private learnTypeName(typeIndex: number, dup: Ptr): string | null {
    const r = this.api.queryTypeName(dup);
    if (!r.ok) return null;
    this.typeNames.set(typeIndex, r.value);
    return r.value;
  }

  /** The named objects process `pid` holds handles to: type, full name, handle, access. */
  processHandles(pid: number, opts: HolderScanOptions = {}): NtResult<ProcessHandlesReport> {
    const started = performance.now();
    const diag: HolderScanDiagnostics = { duplicated: 0, namesQueried: 0, compared: 0, cacheHits: 0, phases: {} };
    this.lastDiagnostics = diag;
    const table = this.readTable(opts, diag.phases);
    if (!table.ok) return table;
    const mineOnly = table.value.entries.filter((e) => e.pid === pid);
    const images = table.value.images ?? new Map<number, string | null>();
    const image = images.get(pid) ?? null;
    const report = (handles: ProcessHandlesReport['handles'], fileHandlesSkipped: number): NtResult<ProcessHandlesReport> =>
      ok({ pid, image, handles, handlesInTable: mineOnly.length, fileHandlesSkipped, scanMs: Math.round(performance.now() - started) });
    if (mineOnly.length === 0 && !images.has(pid)) return report({ ok: false, error: statusInfo(STATUS.INVALID_CID) }, 0);
    const self = pid === this.api.pid;
    const owners = new HandleOwners(this.api, self ? { self: { pid, handle: this.api.currentProcess() } } : {});
    try {
      const owner = owners.owner(pid);
      if (!owner.ok) return report({ ok: false, error: statusInfo(owner.status) }, 0);
      const held: HeldHandle[] = [];
      let files = 0;
      for (const e of mineOnly) {
        const cached = self ? undefined : this.facts.get(e);
        // The type comes from the type index: a File handle is never duplicated once the File
        // type index is known (and its name is never asked: that query can hang).
        let type = this.typeNames.get(e.typeIndex) ?? null;
        let name: string | null = null;
        if (type === 'File') {
          files += 1;
          continue;
        }
        if (type !== null && cached) {
          diag.cacheHits += 1;
          name = cached.name;
        } else {
          diag.duplicated += 1;
          const r = owners.withDuplicate(pid, e.handle, 0, (dup) => {
            type ??= this.learnTypeName(e.typeIndex, dup);
            if (type === null || type === 'File') return null;
            if (cached) {
              diag.cacheHits += 1;
              return cached.name;
            }
            const n = this.api.queryName(dup);
            diag.namesQueried += 1;
            const learned = n.ok ? n.value : null;
            // objscope's own handles are facts about this request only.
            if (!self) this.learn(e, learned);
            return learned;
          });
          if (type === 'File') files += 1;
          if (!r.ok || type === null || type === 'File') continue;
          name = r.value;
        }
        if (!name) continue;
        held.push({ handle: e.handle, type, name, access: e.grantedAccess, attributes: e.attributes, rights: decodeAccess(e.grantedAccess, type) });
      }
      held.sort((a, b) => a.handle - b.handle);
      return report({ ok: true, value: held }, files);
    } finally {
      owners.close();
    }
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
  if (!parsed.ok) return fail(STATUS.UNSUCCESSFUL, parsed.message);
  const self = new Set(scanner.objscopePids);
  const pids = [...new Set(parsed.value.entries.map((e) => e.pid))].filter((p) => !self.has(p)).sort((a, b) => a - b);
  const out: ProcessHandlesReport[] = [];
  for (const pid of pids) {
    const r = scanner.processHandles(pid);
    if (r.ok) out.push(r.value);
  }
  return ok(out);
}

let shared: HolderScanner | null = null;

/**
 * This process's scanner (its facts are what make the second lookup cheap). `alsoSelf`, on the
 * first call: other objscope processes (the agent, when this is its scan process).
 */
export function holderScanner(opts: { alsoSelf?: readonly number[] } = {}): HolderScanner {
  shared ??= new HolderScanner(opts);
  return shared;
}

export function findHolders(path: string, type: string, opts?: HolderScanOptions): NtResult<HoldersReport> {
  return holderScanner().holders(path, type, opts);
}

export function processHandles(pid: number, opts?: HolderScanOptions): NtResult<ProcessHandlesReport> {
  return holderScanner().processHandles(pid, opts);
}
