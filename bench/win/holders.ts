// The timing half of bench/handles.mjs, run with the Windows build of Node (under Wine) through
// tools/testing/windows-script.mjs, so that Wine start-up is in no figure. Not shipped: the
// naive baseline and the per-call timings below exist only for the bench, and the CLI has no
// flag for them. Job: `{ path, second, type, runs }`; answer: one JSON document on stdout
// (its fields are what bench/handles.mjs reads).
//
// Per run, in this process: the first lookup of `path` with a cold cache, the second lookup
// (`second`, right after: the cache answers, one compare confirms), and the naive way (every
// handle of the type: its owner opened afresh, the handle duplicated, its name queried, both
// closed). objscope's own handle count is read after each lookup: it must stay at its baseline.
import type { NtResult, ObjectHolder } from '@objscope/core';
import { STATUS } from '@objscope/core';
import { getProcessHandleCount, querySystemHandles } from '../../packages/nt/src/capabilities';
import { closeHandle, handleValue, nt, type Ptr } from '../../packages/nt/src/ffi';
import { closeWin32Handle, duplicateFrom, liveDuplicateApi, openProcess, PROCESS_DUP_HANDLE, queryProcessList, withDuplicateOf } from '../../packages/nt/src/handles';
import { findHolders, holderScanner, ntCompareObjects, queryObjectName } from '../../packages/nt/src/holders';
import { OPENERS, openByType } from '../../packages/nt/src/open';
import { entriesOfType, findRawEntry, parseHandleTable } from '../../packages/nt/src/parsers/handles';
import { candidatesOfType, findEntry, sortHolders, toHolder } from '../../packages/nt/src/parsers/holders';
import { fail, ok } from '../../packages/nt/src/result';

const job = JSON.parse(process.argv[2] ?? '{}') as { path: string; second: string; type: string; runs: number };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The baseline: what a tool does without a handle to compare with and without a cache. Every
 * handle of the type gets its owner opened, is duplicated, and has its name queried; the name
 * decides. (Not for File objects, whose names are never queried.)
 */
function naiveHolders(path: string, type: string): NtResult<ObjectHolder[]> {
  if (!OPENERS.has(type) || type === 'File') return fail(STATUS.NOT_SUPPORTED, `naive holders do not handle ${type}`);
  const target = openByType(type, path, 0);
  if (!target.ok) return target;
  try {
    const raw = querySystemHandles();
    if (!raw.ok) return raw;
    const parsed = parseHandleTable(raw.value);
    if (!parsed.ok) return fail(STATUS.UNSUCCESSFUL, parsed.message);
    const own = findEntry(parsed.value.entries, process.pid, Number(handleValue(target.value)));
    if (!own) return fail(STATUS.NOT_FOUND, 'own handle missing from the table');
    const myName = queryObjectName(target.value);
    if (!myName.ok) return myName;
    const images = new Map<number, string | null>();
    const list = queryProcessList();
    if (list.ok) for (const p of list.value) images.set(p.pid, p.imageName);
    const out: ObjectHolder[] = [];
    for (const e of candidatesOfType(parsed.value.entries, own.typeIndex, process.pid)) {
      const same = withDuplicateOf(liveDuplicateApi, e.pid, e.handle, 0, (dup) => {
        const n = queryObjectName(dup);
        return n.ok && n.value === myName.value;
      });
      if (same.ok && same.value) out.push(toHolder(e, images.get(e.pid) ?? null));
    }
    return ok(sortHolders(out));
  } finally {
    closeHandle(target.value);
  }
}

/** Microseconds per call of each step a holder search repeats per candidate (the bench's arithmetic). */
interface RoundTripCosts {
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
 * alone. bench/handles.mjs turns them into the lower bound of a lookup that examines every candidate.
 */
function measureRoundTrips(path: string, type: string, sample: number): NtResult<RoundTripCosts> {
  const target = openByType(type, path, 0);
  if (!target.ok) return target;
  try {
    const raw = querySystemHandles();
    if (!raw.ok) return raw;
    const own = findRawEntry(raw.value, process.pid, Number(handleValue(target.value)));
    if (!own) return fail(STATUS.NOT_FOUND, 'own handle missing from the table');
    const cands = candidatesOfType(entriesOfType(raw.value, own.typeIndex).entries, own.typeIndex, process.pid).slice(0, sample);
    const k32 = nt().kernel32;
    const compare = ntCompareObjects();
    const per = (t0: number, n: number) => Math.round(((performance.now() - t0) * 1000 * 100) / Math.max(1, n)) / 100;
    let t = performance.now();
    for (let i = 0; i < cands.length; i++) k32.GetCurrentProcessId();
    const ffiUs = per(t, cands.length);
    const opened: Ptr[] = [];
    t = performance.now();
    for (const e of cands) {
      const p = openProcess(e.pid, PROCESS_DUP_HANDLE);
      if (p.ok) opened.push(p.value);
    }
    const openProcessUs = per(t, cands.length);
    for (const p of opened) closeWin32Handle(p);
    const procs = new Map<number, Ptr>();
    const dups: Ptr[] = [];
    try {
      for (const e of cands) {
        if (procs.has(e.pid)) continue;
        const p = openProcess(e.pid, PROCESS_DUP_HANDLE);
        if (p.ok) procs.set(e.pid, p.value);
      }
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
      const sample = dups.length;
      t = performance.now();
      for (const d of dups.splice(0)) closeWin32Handle(d);
      const closeUs = per(t, sample);
      return ok({ sample, ffiUs, openProcessUs, duplicateUs, queryNameUs, compareUs, closeUs });
    } finally {
      for (const d of dups) closeWin32Handle(d);
      for (const p of procs.values()) closeWin32Handle(p);
    }
  } finally {
    closeHandle(target.value);
  }
}

function bench(): NtResult<Record<string, unknown>> {
  const { path, second, type, runs } = job;
  // Warm-up: koffi bound, the DLLs and the type list loaded (what stays loaded in the agent).
  findHolders(path, type, { fresh: true });
  naiveHolders(path, type);
  // objscope's own handle count once the warm-up loaded what stays loaded: every lookup must
  // leave it there (#19: no handle outlives its request).
  const count = () => {
    const c = getProcessHandleCount();
    return c.ok ? c.value : null;
  };
  const handleCountBaseline = count();
  const handleCountsAfter: (number | null)[] = [];
  const firstMs: number[] = [];
  const secondMs: number[] = [];
  const naiveMs: number[] = [];
  const secondPhases: Record<string, number>[] = [];
  let first: ReturnType<typeof findHolders> | null = null;
  let naiveCount = 0;
  const scanner = holderScanner();
  let firstDiagnostics: unknown = null;
  let secondDiagnostics: unknown = null;
  for (let i = 0; i < runs; i++) {
    // A cold cache for the first object; forgetting is not timed.
    scanner.clear();
    let t = performance.now();
    first = findHolders(path, type);
    firstMs.push(performance.now() - t);
    handleCountsAfter.push(count());
    firstDiagnostics = scanner.lastDiagnostics;
    t = performance.now();
    findHolders(second, type);
    secondMs.push(performance.now() - t);
    handleCountsAfter.push(count());
    secondDiagnostics = scanner.lastDiagnostics;
    secondPhases.push(scanner.lastDiagnostics?.phases ?? {});
    t = performance.now();
    const n = naiveHolders(path, type);
    naiveMs.push(performance.now() - t);
    if (n.ok) naiveCount = n.value.length;
  }
  const costs = measureRoundTrips(path, type, 5000);
  const report = first?.ok ? first.value : null;
  return ok({
    runs,
    handleCountBaseline,
    handleCountsAfter,
    roundTrips: costs.ok ? costs.value : null,
    firstMs,
    secondMs,
    naiveMs,
    medianFirstMs: median(firstMs),
    medianSecondMs: median(secondMs),
    medianNaiveMs: median(naiveMs),
    holders: report?.holders.length ?? null,
    naiveHolders: naiveCount,
    method: report?.method ?? null,
    candidates: report?.candidates ?? null,
    examined: report?.examined ?? null,
    handlesInTable: report?.handlesInTable ?? null,
    firstDiagnostics,
    secondDiagnostics,
    secondPhases,
  });
}

process.stdout.write(`${JSON.stringify(bench())}\n`);
