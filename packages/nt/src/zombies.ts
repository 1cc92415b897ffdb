// The zombie scan: exited processes and threads whose objects are still alive because some
// handle (or a kernel reference) keeps them, and who holds them. A zombie no examined handle
// explains is "unattributed", with the reason: usually a holder the scan could not open
// (csrss, services, lsass as PPL, System, antimalware), not the kernel.
//
// Why it is fast: one handle-table snapshot parsed in place, Process/Thread kept by type index
// (no duplicating of every handle to learn its type), one process-list call for every holder's
// name, each holder opened once, and where object addresses are visible one duplicate per
// object instead of one per handle. The pure parts (grouping, parent trust, summary) are
// exported for the unit tests; scanZombies() is the FFI driver.
import type {
  DuplicateFailure,
  HolderError,
  HolderSummary,
  ZombieHolder,
  ZombieProcess,
  ZombieReport,
  ZombieSummary,
  ZombieThread,
} from '@objscope/core';
import { statusInfo, STATUS, toUint32Status } from '@objscope/core';
import { enableDebugPrivilege, querySystemHandles } from './capabilities';
import { ntPathToDosPath } from './dospath';
import { handleValue, optionalNtdll } from './ffi';
import type { Ptr } from './ffi';
import {
  HandleOwners,
  PROCESS_QUERY_LIMITED_INFORMATION,
  SYNCHRONIZE,
  THREAD_QUERY_LIMITED_INFORMATION,
  closeWin32Handle,
  currentProcessId,
  currentThreadId,
  duplicateFrom,
  hasExited,
  openProcess,
  openThread,
  queryProcessList,
  queryTypeIndexList,
} from './handles';
import { handleTypeIndexOf, parseHandleTable, resolveZombieTypeIndices } from './parsers/handles';
import type { HandleEntry, ProcessListEntry, ZombieTypeIndices } from './parsers/handles';
import { ntTimeToIso } from './parsers/time';
import { identifyProcess, imageBaseName, processBasic, queryProcessFacts, ticksToMs } from './process';
import { ntCompareObjects } from './holders';
import { fail } from './result';
import type { ProcessBasic, ProcessFacts } from './process';
import { queryThreadFacts, threadBasic } from './thread';
import type { ThreadBasic, ThreadFacts } from './thread';
import type { NtResult } from '@objscope/core';

/** Rough non-paged memory an exited process keeps (EPROCESS, page tables, handle table...). */
export const ZOMBIE_PROCESS_BYTES = 72 * 1024;
/** Rough memory an exited thread keeps (ETHREAD and pool headers; its stacks are gone). */
export const ZOMBIE_THREAD_BYTES = 4 * 1024;
export const TOP_HOLDERS = 10;
/** Duplicate failures listed in the report (all are counted). */
const MAX_DUPLICATE_FAILURES = 100;

// ---------------------------------------------------------------------------------------------
// Pure parts

export interface HandleGroup {
  /** The shared object address, or null when addresses are hidden (one group per handle). */
  object: bigint | null;
  typeIndex: number;
  entries: HandleEntry[];
}

/**
 * Groups handles that point at the same object. Where the table shows addresses that is one
 * group per object, so a zombie held by 300 handles is duplicated once; where they are 0 (Wine;
 * Windows 11 24H2 and later unless the caller has SeDebugPrivilege enabled, which an elevated
 * token holds but disabled; any version below medium integrity or in an AppContainer,
 * ExIsRestrictedCaller) every handle is its own group and has to be duplicated to learn
 * what it points at.
 */
export function groupHandleEntries(entries: readonly HandleEntry[]): HandleGroup[] {
  const byObject = new Map<bigint, HandleGroup>();
  const out: HandleGroup[] = [];
  for (const e of entries) {
    if (e.object === 0n) {
      out.push({ object: null, typeIndex: e.typeIndex, entries: [e] });
      continue;
    }
    let g = byObject.get(e.object);
    if (!g) {
      g = { object: e.object, typeIndex: e.typeIndex, entries: [] };
      byObject.set(e.object, g);
      out.push(g);
    }
    g.entries.push(e);
  }
  return out;
}

export interface KnownProcess {
  /** FILETIME ticks; 0n when the system does not say. */
  createTime: bigint;
}

/**
 * Whether a recorded parent PID can be believed. PIDs are reused, so the number alone proves
 * nothing: it is trusted only when a process with that PID exists (running, or itself a
 * zombie) and was created before the child. Same rule as Process Explorer's "Non-existent
 * process". null: it exists but creation times are unknown, so it cannot be decided.
 */
export function judgeParent(
  parentPid: number | null,
  childCreateTime: bigint,
  lookup: (pid: number) => KnownProcess | undefined,
): boolean | null {
  if (parentPid === null || parentPid === 0) return false;
  const parent = lookup(parentPid);
  if (!parent) return false;
  if (parent.createTime <= 0n || childCreateTime <= 0n) return null;
  return parent.createTime <= childCreateTime;
}

export interface SummaryInput {
  processes: readonly ZombieProcess[];
  threads: readonly ZombieThread[];
  holderErrors: HolderError[];
  handlesScanned: number;
  /** Zombies no examined handle explains; null where NtGetNextProcess is missing. */
  heldByKernel: number | null;
  exitedAfterSnapshot?: number;
  duplicateFailures?: DuplicateFailure[];
  /** Listed processes the kernel walk never returned; null where there is no walk. */
  processesNotSeen?: number | null;
  processesListed?: number;
  scanMs: number;
}

/** The kernel walk's view of one exited process no examined handle explained. */
export interface UnexplainedZombie {
  pid: number;
  /** FILETIME ticks; 0n when unknown. */
  exitTime: bigint;
  /** Its object address where the handle table shows addresses, else null. */
  object: bigint | null;
}

export interface AttributionContext {
  /** FILETIME ticks just before the handle table was read. */
  snapshotTime: bigint;
  /** Process handles in the table that could not be examined (holder not opened, duplicate refused). */
  unexamined: readonly HandleEntry[];
  /** Holders that could not be opened at all, with why. */
  unopened: readonly HolderError[];
  holderName: (pid: number) => string | null;
}

export type Attribution =
  | { ignore: true }
  | { ignore: false; reason: string; unexaminedHolders: ZombieHolder[] };

function describeHolders(errors: readonly HolderError[], max = 5): string {
  const shown = errors.slice(0, max).map((e) => `${e.imageName ?? '?'} (${e.pid}, ${e.error.name})`);
  return errors.length > max ? `${shown.join(', ')} and ${errors.length - max} more` : shown.join(', ');
}

/**
 * Why an exited process found by the kernel walk has no examined holder, and who likely holds it.
 * - It exited after the handle table was read: it was running then, so no handle in the table
 *   could show it as a zombie. Ignored (a later scan sees it properly).
 * - Addresses visible: the table's handles with its object address, in processes the scan could
 *   not examine, are its likely holders; none means no handle in the snapshot points at it (a
 *   kernel reference, or a handle opened after the snapshot).
 * - Addresses hidden: the holders that could not be examined are named as the likely reason.
 */
export function attributeUnexplained(z: UnexplainedZombie, ctx: AttributionContext): Attribution {
  if (z.exitTime > 0n && z.exitTime >= ctx.snapshotTime) return { ignore: true };
  const noHandle = 'no handle in the snapshot refers to it: a kernel reference, or a handle opened after the snapshot';
  if (z.object !== null) {
    const holders = ctx.unexamined
      .filter((e) => e.object === z.object)
      .map((e) => ({ pid: e.pid, imageName: ctx.holderName(e.pid), handle: e.handle, grantedAccess: e.grantedAccess }))
      .sort((a, b) => a.pid - b.pid || a.handle - b.handle);
    if (holders.length === 0) return { ignore: false, reason: noHandle, unexaminedHolders: [] };
    const pids = [...new Set(holders.map((h) => h.pid))];
    const names = pids.map((pid) => `${ctx.holderName(pid) ?? '?'} (${pid})`).join(', ');
    return {
      ignore: false,
      reason: `held by ${holders.length === 1 ? 'a handle' : `${holders.length} handles`} in ${names}, which the scan could not examine (matched by object address)`,
      unexaminedHolders: holders,
    };
  }
  if (ctx.unopened.length > 0) {
    return {
      ignore: false,
      reason: `object addresses are hidden and ${ctx.unopened.length === 1 ? '1 process' : `${ctx.unopened.length} processes`} could not be examined: ${describeHolders(ctx.unopened)}`,
      unexaminedHolders: [],
    };
  }
  if (ctx.unexamined.length > 0) {
    return { ignore: false, reason: `object addresses are hidden and ${ctx.unexamined.length} handles could not be duplicated`, unexaminedHolders: [] };
  }
  return { ignore: false, reason: noHandle, unexaminedHolders: [] };
}

/** Holders ranked by how many zombies they keep alive (processes first, then threads). */
export function rankHolders(processes: readonly ZombieProcess[], threads: readonly ZombieThread[]): HolderSummary[] {
  const by = new Map<number, HolderSummary>();
  const bump = (h: ZombieHolder, kind: 'processes' | 'threads', counted: Set<number>) => {
    // One zombie held twice by the same process counts once for that holder.
    if (counted.has(h.pid)) return;
    counted.add(h.pid);
    let s = by.get(h.pid);
    if (!s) {
      s = { pid: h.pid, imageName: h.imageName, processes: 0, threads: 0 };
      by.set(h.pid, s);
    }
    s[kind] += 1;
  };
  for (const p of processes) {
    const counted = new Set<number>();
    for (const h of p.holders) bump(h, 'processes', counted);
  }
  for (const t of threads) {
    const counted = new Set<number>();
    for (const h of t.holders) bump(h, 'threads', counted);
  }
  return [...by.values()].sort(
    (a, b) => b.processes - a.processes || b.threads - a.threads || a.pid - b.pid,
  );
}

export function summarizeZombies(input: SummaryInput): ZombieSummary {
  const pids = new Set(input.processes.map((p) => p.pid));
  return {
    zombieProcesses: input.processes.length,
    zombieThreads: input.threads.length,
    pidsHeld: pids.size,
    estimatedBytes: input.processes.length * ZOMBIE_PROCESS_BYTES + input.threads.length * ZOMBIE_THREAD_BYTES,
    topHolders: rankHolders(input.processes, input.threads).slice(0, TOP_HOLDERS),
    holderErrors: input.holderErrors,
    handlesScanned: input.handlesScanned,
    heldByKernel: input.heldByKernel,
    unattributed: input.heldByKernel,
    exitedAfterSnapshot: input.exitedAfterSnapshot ?? 0,
    duplicateFailures: (input.duplicateFailures ?? []).slice(0, MAX_DUPLICATE_FAILURES),
    duplicateFailureCount: input.duplicateFailures?.length ?? 0,
    processesNotSeen: input.processesNotSeen ?? null,
    processesListed: input.processesListed ?? 0,
    scanMs: input.scanMs,
  };
}

// ---------------------------------------------------------------------------------------------
// The live scan

export interface ScanOptions {
  /** NT image path to DOS path (`\Device\HarddiskVolume3\x.exe` to `C:\x.exe`); null when unmapped. */
  toDosPath?: (ntPath: string) => string | null;
  /** objscope's other processes (the agent, when this is its scan process): their handles are left out like this one's. */
  alsoSelf?: readonly number[];
}

/** Thrown only when the scan cannot start at all (no handle table); everything else is per item. */
export class ZombieScanError extends Error {}

function holderSortKey(a: ZombieHolder, b: ZombieHolder): number {
  return a.pid - b.pid || a.handle - b.handle;
}

/** The calls examining one handle makes; the live ones, or hand-built ones in the unit tests. */
export interface ExamineApi {
  openProcess(pid: number, access: number): NtResult<Ptr>;
  duplicate(holder: Ptr, handle: number, access: number): NtResult<Ptr>;
  processBasic(h: Ptr): NtResult<ProcessBasic>;
  threadBasic(h: Ptr): NtResult<ThreadBasic>;
  hasExited(h: Ptr): boolean;
  processFacts(h: Ptr, basic: ProcessBasic): ProcessFacts;
  threadFacts(h: Ptr, basic: ThreadBasic): ThreadFacts | null;
  close(h: Ptr): void;
}

/** The kernel walk's calls (after the handles are examined); live, or a kernel model in the tests. */
interface WalkApi {
  /** NtGetNextProcess; null where ntdll lacks it (Wine 8 and 10). */
  nextProcess: ((current: Ptr | null, access: number) => NtResult<Ptr>) | null;
  /** NtCompareObjects: whether two handles are one object; null where ntdll lacks it. */
  compare: ((a: Ptr, b: Ptr) => boolean) | null;
  /** A process handle's pid and creation time (FILETIME ticks, 0n when unreadable). */
  identify(h: Ptr): { pid: number; createTime: bigint };
  /** SystemProcessInformation, read again once the walk is over; null when it fails. */
  processList(): ProcessListEntry[] | null;
  /** The object addresses of these handles of this process (a fresh handle-table read). */
  ownObjects(handles: readonly Ptr[], processType: number): Map<number, bigint>;
}

export type ScanApi = ExamineApi & WalkApi;

function liveNextProcess(): WalkApi['nextProcess'] {
  const next = optionalNtdll('NtGetNextProcess');
  if (!next) return null;
  return (current, access) => {
    const out: Ptr[] = [null];
    const status = toUint32Status(next(current, access, 0, 0, out) as number);
    return status === 0 && out[0] != null ? { ok: true, status: 0, value: out[0] } : fail(status === 0 ? STATUS.NO_MORE_ENTRIES : status, 'NtGetNextProcess');
  };
}

function liveCompare(): WalkApi['compare'] {
  const f = ntCompareObjects();
  return f ? (a, b) => toUint32Status(f(a, b) as number) === 0 : null;
}

function liveOwnObjects(_handles: readonly Ptr[], processType: number): Map<number, bigint> {
  const self = currentProcessId();
  const objects = new Map<number, bigint>();
  const table = querySystemHandles();
  const parsed = table.ok ? parseHandleTable(table.value, new Set([processType])) : null;
  if (parsed?.ok) for (const e of parsed.value.entries) if (e.pid === self && e.object !== 0n) objects.set(e.handle, e.object);
  return objects;
}

function liveApi(): ScanApi {
  return {
    openProcess,
    duplicate: duplicateFrom,
    processBasic,
    threadBasic,
    hasExited,
    processFacts: queryProcessFacts,
    threadFacts: queryThreadFacts,
    close: closeWin32Handle,
    nextProcess: liveNextProcess(),
    compare: liveCompare(),
    identify: identifyProcess,
    processList: () => ((r) => (r.ok ? r.value : null))(queryProcessList()),
    ownObjects: liveOwnObjects,
  };
}

interface ScanState {
  api: ExamineApi;
  /**
   * Process handles granting only SYNCHRONIZE whose process has exited: the handle cannot say
   * which process it is (every query needs a query right, and asking DuplicateHandle for more
   * than the source grants runs an access check, [WRK-dup] in the tests), so the kernel walk
   * identifies it with NtCompareObjects against its own handle to each exited process.
   */
  syncPending: HandleEntry[];
  /** Listed processes the kernel walk never returned; null without a walk. */
  processesNotSeen: number | null;
  processesListed: number;
  processList: Map<number, ProcessListEntry>;
  /** Every holder opened once (PROCESS_DUP_HANDLE) for the whole scan; a refusal goes to holderErrors. */
  owners: HandleOwners;
  holderErrors: HolderError[];
  duplicateFailures: DuplicateFailure[];
  /** Process handles that could not be examined (for address attribution). */
  unexamined: HandleEntry[];
  /** Kernel-walk zombies: why no holder is known. */
  unattributed: Map<number, { reason: string; unexaminedHolders: ZombieHolder[] }>;
  exitedAfterSnapshot: number;
  zombieProcs: Map<number, { facts: ProcessFacts; holders: ZombieHolder[]; object: bigint | null }>;
  zombieThreads: Map<number, { facts: ThreadFacts; holders: ZombieHolder[]; object: bigint | null }>;
}

function holderName(state: ScanState, pid: number): string | null {
  return state.processList.get(pid)?.imageName ?? null;
}

function toHolder(state: ScanState, e: HandleEntry): ZombieHolder {
  return { pid: e.pid, imageName: holderName(state, e.pid), handle: e.handle, grantedAccess: e.grantedAccess };
}


/**
 * Whether a process or thread has exited: its object is signaled (WaitForSingleObject(h, 0)).
 * Not ExitStatus: the kernel sets it as the last thread starts exiting, before the object is
 * signaled and before ExitTime is set (WRK ps/psdelete.c PspExitThread), so a process still
 * running its exit (unloading DLLs, flushing) already reports a status other than
 * STATUS_PENDING; and STATUS_PENDING (259) is also a legal exit code of one that has exited.
 * The kernel model (test/kernel/process-exit.ts) states the order.
 */
function exitedFrom(api: ExamineApi, h: Ptr): boolean {
  return api.hasExited(h);
}

function failed(state: ScanState, e: HandleEntry, step: DuplicateFailure['step'], status: number, isProcess: boolean): void {
  state.duplicateFailures.push({ pid: e.pid, imageName: holderName(state, e.pid), handle: e.handle, step, error: statusInfo(status) });
  if (isProcess) state.unexamined.push(e);
}


/**
 * Duplicates one handle of `group` (trying the next holder's when one fails) and records a
 * zombie when the object has exited. The duplicate asks only for rights the source handle has
 * (`wanted & grantedAccess`): asking for more makes DuplicateHandle run an access check against
 * the object, which fails for other users' processes. A zombie is recorded only once the basic
 * information query succeeded on the duplicate, because a handle value can be closed and reused
 * for another object between the table snapshot and the duplicate. Every duplicate is closed.
 */
function examineGroup(state: ScanState, group: HandleGroup, types: ZombieTypeIndices): void {
  const isProcess = group.typeIndex === types.process;
  const wanted = SYNCHRONIZE | (isProcess ? PROCESS_QUERY_LIMITED_INFORMATION : THREAD_QUERY_LIMITED_INFORMATION);
  const syncOnly: HandleEntry[] = [];
  for (const e of group.entries) {
    if (!state.owners.owner(e.pid).ok) {
      if (isProcess) state.unexamined.push(e);
      continue;
    }
    const access = wanted & e.grantedAccess;
    if (isProcess && access === SYNCHRONIZE) {
      // Enough to wait on, so enough to tell a running process (not a zombie: done) from an
      // exited one, which the kernel walk then names.
      const exited = exitedBehind(state, e);
      if (exited === false) return;
      if (exited) syncOnly.push(e);
      continue;
    }
    if ((access & ~SYNCHRONIZE) === 0) {
      // The handle grants no query right: nothing it could tell us (and asking for more is refused).
      failed(state, e, 'access', STATUS.ACCESS_DENIED, isProcess);
      continue;
    }
    // 'done': the group is answered (a zombie recorded, or the object is still running);
    // 'next': this handle could not say, try the group's next one.
    const r = state.owners.withDuplicate(e.pid, e.handle, access, (dup): 'done' | 'next' => (isProcess ? recordProcess(state, group, e, dup) : recordThread(state, group, e, dup)));
    if (!r.ok) {
      failed(state, e, 'DuplicateHandle', r.status, isProcess);
      continue;
    }
    if (r.value === 'done') return;
  }
  state.syncPending.push(...syncOnly);
}

/** A duplicated Process handle of `group`: its zombie recorded when the process has exited. */
function recordProcess(state: ScanState, group: HandleGroup, e: HandleEntry, dup: Ptr): 'done' | 'next' {
  const api = state.api;
  const r = api.processBasic(dup);
  if (!r.ok) {
    failed(state, e, 'ProcessBasicInformation', r.status, true);
    return 'next';
  }
  const basic = r.value;
  if (!exitedFrom(api, dup)) return 'done';
  // Another handle to a zombie already examined (addresses hidden): only the holder is new.
  let z = state.zombieProcs.get(basic.pid);
  if (!z) {
    const facts = api.processFacts(dup, basic);
    z = { facts, holders: [], object: group.object };
    state.zombieProcs.set(facts.pid, z);
  }
  for (const g of group.entries) z.holders.push(toHolder(state, g));
  return 'done';
}

/** A duplicated Thread handle of `group`: its zombie recorded when the thread has exited. */
function recordThread(state: ScanState, group: HandleGroup, e: HandleEntry, dup: Ptr): 'done' | 'next' {
  const api = state.api;
  const r = api.threadBasic(dup);
  if (!r.ok) {
    failed(state, e, 'ThreadBasicInformation', r.status, false);
    return 'next';
  }
  const basic = r.value;
  if (!exitedFrom(api, dup)) return 'done';
  let z = state.zombieThreads.get(basic.tid);
  if (!z) {
    const facts = api.threadFacts(dup, basic);
    if (!facts) return 'done';
    z = { facts, holders: [], object: group.object };
    state.zombieThreads.set(facts.tid, z);
  }
  for (const g of group.entries) z.holders.push(toHolder(state, g));
  return 'done';
}

/** Whether the process behind a SYNCHRONIZE-only handle has exited; null when it cannot be duplicated (recorded). */
function exitedBehind(state: ScanState, e: HandleEntry): boolean | null {
  const r = state.owners.withDuplicate(e.pid, e.handle, SYNCHRONIZE, (dup) => exitedFrom(state.api, dup));
  if (!r.ok) {
    failed(state, e, 'DuplicateHandle', r.status, true);
    return null;
  }
  return r.value;
}

function newState(api: ExamineApi): ScanState {
  const state: ScanState = {
    api,
    syncPending: [],
    processesNotSeen: null,
    processesListed: 0,
    processList: new Map(),
    owners: new HandleOwners(api, { onRefused: (pid, status) => state.holderErrors.push({ pid, imageName: holderName(state, pid), error: statusInfo(status) }) }),
    holderErrors: [],
    duplicateFailures: [],
    unexamined: [],
    unattributed: new Map(),
    exitedAfterSnapshot: 0,
    zombieProcs: new Map(),
    zombieThreads: new Map(),
  };
  return state;
}

export interface Examined {
  processes: Map<number, { facts: ProcessFacts; holders: ZombieHolder[] }>;
  threads: Map<number, { facts: ThreadFacts; holders: ZombieHolder[] }>;
  duplicateFailures: DuplicateFailure[];
  holderErrors: HolderError[];
  unexamined: HandleEntry[];
}

/** The examine phase of the scan over hand-built handle entries and calls (unit tests). */
export function examineEntries(entries: readonly HandleEntry[], types: ZombieTypeIndices, api: ExamineApi): Examined {
  const state = newState(api);
  try {
    for (const g of groupHandleEntries(entries)) examineGroup(state, g, types);
  } finally {
    state.owners.close();
  }
  return {
    processes: state.zombieProcs,
    threads: state.zombieThreads,
    duplicateFailures: state.duplicateFailures,
    holderErrors: state.holderErrors,
    unexamined: state.unexamined,
  };
}

/**
 * The whole scan after the handle-table read, over hand-built entries and a modelled kernel
 * (packages/nt/test/kernel): examine, walk, report. The live scan is this with the live calls.
 */
export function scanEntries(
  entries: readonly HandleEntry[],
  types: ZombieTypeIndices,
  api: ScanApi,
  opts: { snapshotTime: bigint; processList: readonly ProcessListEntry[]; toDosPath: (ntPath: string) => string | null },
): ZombieReport {
  const started = performance.now();
  const state = newState(api);
  for (const p of opts.processList) state.processList.set(p.pid, p);
  let heldByKernel: number | null;
  try {
    for (const g of groupHandleEntries(entries)) examineGroup(state, g, types);
    heldByKernel = walkKernelHeld(state, api, opts.snapshotTime, entries.some((e) => e.object !== 0n), types.process);
  } finally {
    state.owners.close();
  }
  return buildReport(state, { toDosPath: opts.toDosPath }, entries.length, heldByKernel, started);
}

/** An exited process the walk found that no examined handle with a query right explained. */
interface Walked {
  facts: ProcessFacts;
  /** The walk's handle, kept until its object address is read (addresses visible only). */
  handle: Ptr | null;
  /** SYNCHRONIZE-only handles that NtCompareObjects showed to be this process. */
  holders: HandleEntry[];
}

/**
 * Which SYNCHRONIZE-only handles of exited processes are `process` (the walk's own handle):
 * each is duplicated again (SYNCHRONIZE, which its source grants) for one NtCompareObjects and
 * closed. Matched and failed entries leave `pending`.
 */
function takeMatches(state: ScanState, compare: (a: Ptr, b: Ptr) => boolean, process: Ptr, pending: HandleEntry[]): HandleEntry[] {
  const matched: HandleEntry[] = [];
  for (let i = pending.length - 1; i >= 0; i--) {
    const e = pending[i]!;
    const same = state.owners.withDuplicate(e.pid, e.handle, SYNCHRONIZE, (dup) => compare(process, dup));
    if (!same.ok) {
      // Closed since the first duplicate (its process exited, or it closed the handle).
      if (same.step === 'DuplicateHandle') failed(state, e, 'DuplicateHandle', same.status, true);
      pending.splice(i, 1);
      continue;
    }
    if (same.value) {
      matched.push(e);
      pending.splice(i, 1);
    }
  }
  return matched;
}

/** Listed processes (both lists, by pid and creation time) the walk never returned. */
function countNotSeen(lists: readonly (Iterable<ProcessListEntry> | null)[], seen: Map<number, bigint[]>): { listed: number; notSeen: number } {
  const listed = new Map<string, ProcessListEntry>();
  // pid 0 is the Idle process: SystemProcessInformation reports it, but it is not on the
  // active process list that NtGetNextProcess walks, so no walk ever returns it.
  for (const list of lists) for (const p of list ?? []) if (p.pid !== 0) listed.set(`${p.pid}:${p.createTime}`, p);
  let notSeen = 0;
  for (const p of listed.values()) {
    const times = seen.get(p.pid);
    // A creation time that could not be read (0) matches by pid alone.
    const found = times?.some((t) => t === p.createTime || t === 0n || p.createTime === 0n) ?? false;
    if (!found) notSeen += 1;
  }
  return { listed: listed.size, notSeen };
}

/**
 * The kernel walk (NtGetNextProcess, over the kernel's active process list, where a process
 * stays until its object is freed). It does three things:
 * - finds exited processes no examined handle accounts for; each is attributed
 *   (attributeUnexplained), one that exited after the handle table was read is ignored;
 * - names the processes behind SYNCHRONIZE-only handles: NtCompareObjects of each such handle
 *   (a fresh duplicate) against the walk's own handle to each exited process;
 * - counts the processes it could not see: NtGetNextProcess returns only processes the caller
 *   can open with the access asked and skips the rest without a word, so every process in the
 *   process list (read before the table and again after the walk) that the walk did not return
 *   is counted. A process that started during the walk, or ended before it got there, counts
 *   too: the count is never less than the processes skipped.
 * Where addresses are visible the walk's handles to exited processes stay open until a second
 * handle-table read gives their object addresses. Returns null where ntdll has no
 * NtGetNextProcess (Wine), so the report says "unknown" rather than "none".
 */
function walkKernelHeld(state: ScanState, walk: WalkApi, snapshotTime: bigint, addressesVisible: boolean, processType: number): number | null {
  const pending = [...state.syncPending];
  const next = walk.nextProcess;
  if (!next) {
    for (const e of pending) failed(state, e, 'access', STATUS.ACCESS_DENIED, true);
    return null;
  }
  const { found, seen } = walkProcesses(state, walk, next, pending, addressesVisible);
  // Straight after the walk: its kept handles are closed here, before anything else can throw.
  const objects = readObjectsThenClose(state, walk, found, processType);
  const { listed, notSeen } = countNotSeen([state.processList.values(), walk.processList()], seen);
  state.processesListed = listed;
  state.processesNotSeen = notSeen;
  takeByAddress(found, objects, pending);
  for (const e of pending) failed(state, e, 'access', STATUS.ACCESS_DENIED, true);
  return recordWalked(state, found, objects, snapshotTime);
}

/**
 * The NtGetNextProcess loop: every process it returns is recorded as seen; an exited one takes
 * its SYNCHRONIZE-only matches from `pending`, and one not already known is returned with its
 * facts (and, where addresses are visible, the walk's handle to it, still open). Every other
 * handle the walk gets is closed as the walk moves on, or when it stops or throws.
 */
function walkProcesses(
  state: ScanState,
  walk: WalkApi,
  next: NonNullable<WalkApi['nextProcess']>,
  pending: HandleEntry[],
  addressesVisible: boolean,
): { found: Walked[]; seen: Map<number, bigint[]> } {
  const api = state.api;
  const found: Walked[] = [];
  const seen = new Map<number, bigint[]>();
  let current: Ptr | null = null;
  let keep = false;
  let finished = false;
  try {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const r = next(current, SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION);
      if (current !== null && !keep) api.close(current);
      current = null;
      keep = false;
      if (!r.ok) break;
      current = r.value;
      const id = walk.identify(current);
      seen.set(id.pid, [...(seen.get(id.pid) ?? []), id.createTime]);
      if (!api.hasExited(current)) continue;
      const matched = pending.length > 0 && walk.compare ? takeMatches(state, walk.compare, current, pending) : [];
      const known = state.zombieProcs.get(id.pid);
      if (known) {
        for (const e of matched) known.holders.push(toHolder(state, e));
        continue;
      }
      const basic = api.processBasic(current);
      const facts = api.processFacts(current, basic.ok ? basic.value : { pid: id.pid, exitStatus: 0, parentPid: 0 });
      keep = addressesVisible;
      found.push({ facts, handle: keep ? current : null, holders: matched });
    }
    finished = true;
  } finally {
    if (current !== null && !keep) api.close(current);
    // A walk that throws hands nobody its kept handles: close them here, or they would hold
    // those exited processes as zombies for as long as objscope runs.
    if (!finished) for (const f of found) if (f.handle !== null) api.close(f.handle);
  }
  return { found, seen };
}

/** The object addresses of the walk's kept handles (a second handle-table read); every kept handle is closed here, read or not. */
function readObjectsThenClose(state: ScanState, walk: WalkApi, found: Walked[], processType: number): Map<Ptr, bigint> {
  const objects = new Map<Ptr, bigint>();
  try {
    const kept = found.flatMap((f) => (f.handle === null ? [] : [f.handle]));
    if (kept.length > 0) {
      const own = walk.ownObjects(kept, processType);
      for (const h of kept) {
        const a = own.get(Number(handleValue(h)));
        if (a !== undefined) objects.set(h, a);
      }
    }
  } finally {
    for (const f of found) if (f.handle !== null) state.api.close(f.handle);
  }
  return objects;
}

/** Without NtCompareObjects, addresses (where visible) still name a SYNCHRONIZE-only handle. */
function takeByAddress(found: Walked[], objects: Map<Ptr, bigint>, pending: HandleEntry[]): void {
  for (const f of found) {
    const object = f.handle === null ? undefined : objects.get(f.handle);
    if (object === undefined) continue;
    for (let i = pending.length - 1; i >= 0; i--) {
      if (pending[i]!.object !== object) continue;
      f.holders.push(pending[i]!);
      pending.splice(i, 1);
    }
  }
}

/** Records each walked zombie: held by its matches, else attributed or ignored (exited after the table was read). Returns the unattributed count. */
function recordWalked(state: ScanState, found: Walked[], objects: Map<Ptr, bigint>, snapshotTime: bigint): number {
  let count = 0;
  for (const f of found) {
    const object = f.handle === null ? null : (objects.get(f.handle) ?? null);
    if (f.holders.length > 0) {
      state.zombieProcs.set(f.facts.pid, { facts: f.facts, holders: f.holders.map((e) => toHolder(state, e)), object });
      continue;
    }
    const a = attributeUnexplained(
      { pid: f.facts.pid, exitTime: f.facts.exitTime, object },
      { snapshotTime, unexamined: state.unexamined, unopened: state.holderErrors, holderName: (pid) => holderName(state, pid) },
    );
    if (a.ignore) {
      state.exitedAfterSnapshot += 1;
      continue;
    }
    state.zombieProcs.set(f.facts.pid, { facts: f.facts, holders: [], object });
    state.unattributed.set(f.facts.pid, { reason: a.reason, unexaminedHolders: a.unexaminedHolders });
    count += 1;
  }
  return count;
}

/** Now as FILETIME ticks (100 ns since 1601), the unit of process exit times. */
function fileTimeNow(): bigint {
  return (BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n;
}

/** The live drive map (dospath.ts); null rather than the NT path when no drive matches. */
function liveDosPath(ntPath: string): string | null {
  try {
    const dos = ntPathToDosPath(ntPath);
    return dos === ntPath ? null : dos;
  } catch {
    return null;
  }
}

function hexAddress(a: bigint | null): string | null {
  return a === null || a === 0n ? null : `0x${a.toString(16)}`;
}

function buildReport(
  state: ScanState,
  opts: ScanOptions,
  handlesScanned: number,
  heldByKernel: number | null,
  started: number,
): ZombieReport {
  const lookup = (pid: number): KnownProcess | undefined => {
    const live = state.processList.get(pid);
    if (live) return { createTime: live.createTime };
    const z = state.zombieProcs.get(pid);
    return z ? { createTime: z.facts.createTime } : undefined;
  };
  const processes: ZombieProcess[] = [...state.zombieProcs.values()]
    .map(({ facts, holders, object }) => {
      const imagePath = facts.ntImagePath === null ? null : (opts.toDosPath ?? liveDosPath)(facts.ntImagePath);
      return {
        pid: facts.pid,
        imageName: facts.ntImagePath === null ? '' : imageBaseName(facts.ntImagePath),
        imagePath,
        exitCode: facts.exitCode ?? 0,
        createTime: ntTimeToIso(facts.createTime),
        exitTime: ntTimeToIso(facts.exitTime),
        userTimeMs: ticksToMs(facts.userTime),
        kernelTimeMs: ticksToMs(facts.kernelTime),
        parentPid: facts.parentPid,
        parentExists: judgeParent(facts.parentPid, facts.createTime, lookup),
        objectAddress: hexAddress(object),
        holders: holders.sort(holderSortKey),
        heldByKernel: holders.length === 0,
        unattributed: holders.length === 0,
        unattributedReason: holders.length === 0
          ? (state.unattributed.get(facts.pid)?.reason ?? null)
          : null,
        unexaminedHolders: state.unattributed.get(facts.pid)?.unexaminedHolders ?? [],
      };
    })
    .sort((a, b) => a.pid - b.pid);
  const threads: ZombieThread[] = [...state.zombieThreads.values()]
    .map(({ facts, holders, object }) => ({
      tid: facts.tid,
      pid: facts.pid,
      imageName: state.processList.get(facts.pid)?.imageName
        ?? (state.zombieProcs.get(facts.pid)?.facts.ntImagePath != null
          ? imageBaseName(state.zombieProcs.get(facts.pid)!.facts.ntImagePath!)
          : null),
      exitCode: facts.exitCode ?? 0,
      createTime: ntTimeToIso(facts.createTime),
      exitTime: ntTimeToIso(facts.exitTime),
      objectAddress: hexAddress(object),
      holders: holders.sort(holderSortKey),
    }))
    .sort((a, b) => a.tid - b.tid);
  const holderErrors = [...state.holderErrors].sort((a, b) => a.pid - b.pid);
  const summary = summarizeZombies({
    processes,
    threads,
    holderErrors,
    handlesScanned,
    heldByKernel,
    exitedAfterSnapshot: state.exitedAfterSnapshot,
    duplicateFailures: state.duplicateFailures,
    processesNotSeen: state.processesNotSeen,
    processesListed: state.processesListed,
    scanMs: Math.round((performance.now() - started) * 10) / 10,
  });
  return { processes, threads, summary, scannedAt: new Date().toISOString() };
}

export interface ScanDiagnostics {
  typeIndices: ZombieTypeIndices;
  /** Process/Thread handles in the table. */
  candidates: number;
  /** Duplicates made (one per object where addresses are visible). */
  groups: number;
  addressesVisible: boolean;
  /** Milliseconds per phase: handle table + type indices, process list, duplicating and querying, kernel walk. */
  phases: { table: number; processList: number; examine: number; kernelWalk: number };
}

let lastDiagnostics: ScanDiagnostics | null = null;
/** What the last scan in this process saw (phases and counts, for bench/win/zombies.ts). */
export function lastScanDiagnostics(): ScanDiagnostics | null {
  return lastDiagnostics;
}

/** The scan (see the top of this file). Throws ZombieScanError only when it cannot start. */
export function scanZombies(opts: ScanOptions = {}): ZombieReport {
  const started = performance.now();
  const self = currentProcessId();
  // Calibration handles: a Process and a Thread handle whose type index we read back from the
  // table (Wine's type list and handle table disagree on numbering; see resolveZombieTypeIndices).
  const selfProc = openProcess(self, SYNCHRONIZE);
  const selfThread = openThread(currentThreadId(), SYNCHRONIZE);
  const api = liveApi();
  const state = newState(api);
  const phases = { table: 0, processList: 0, examine: 0, kernelWalk: 0 };
  let mark = started;
  const lap = (k: keyof typeof phases) => {
    const now = performance.now();
    phases[k] = Math.round((now - mark) * 100) / 100;
    mark = now;
  };
  try {
    // Before the first handle query (querySystemHandles does it too; here so the holders below
    // are opened with it): addresses and other users' processes need SeDebugPrivilege enabled.
    enableDebugPrivilege();
    const snapshotTime = fileTimeNow();
    const table = querySystemHandles();
    if (!table.ok) throw new ZombieScanError(`cannot read the system handle table: ${table.message}`);
    const types = queryTypeIndexList();
    const observed = {
      process: selfProc.ok ? handleTypeIndexOf(table.value, self, Number(handleValue(selfProc.value))) : null,
      thread: selfThread.ok ? handleTypeIndexOf(table.value, self, Number(handleValue(selfThread.value))) : null,
    };
    const indices = resolveZombieTypeIndices(types.ok ? types.value : [], observed);
    if (!indices) throw new ZombieScanError('cannot tell which handle type index is Process and which is Thread');
    const parsed = parseHandleTable(table.value, new Set([indices.process, indices.thread]));
    if (!parsed.ok) throw new ZombieScanError(parsed.message);
    // Every handle of objscope itself is left out, not only the calibration pair: objscope is
    // never a zombie's holder (it holds none between requests, and during one only what it is
    // examining).
    const objscope = new Set([self, ...(opts.alsoSelf ?? [])]);
    const candidates = parsed.value.entries.filter((e) => !objscope.has(e.pid));

    lap('table');
    const list = queryProcessList();
    if (list.ok) for (const p of list.value) state.processList.set(p.pid, p);
    lap('processList');

    const grouped = groupHandleEntries(candidates);
    const groups = grouped.length;
    for (const g of grouped) examineGroup(state, g, indices);
    lap('examine');
    const addressesVisible = candidates.some((e) => e.object !== 0n);
    const heldByKernel = walkKernelHeld(state, api, snapshotTime, addressesVisible, indices.process);
    lap('kernelWalk');
    lastDiagnostics = {
      phases,
      typeIndices: indices,
      candidates: candidates.length,
      groups,
      addressesVisible,
    };
    return buildReport(state, opts, parsed.value.total, heldByKernel, started);
  } finally {
    state.owners.close();
    if (selfProc.ok) closeWin32Handle(selfProc.value);
    if (selfThread.ok) closeWin32Handle(selfThread.value);
  }
}
