// The timing runs behind the hidden `handles --bench N [--second PATH2]` and `zombies --bench N`
// (bench/handles.mjs, bench/zombies.mjs): the fast scans against the naive baselines, inside one
// process so Wine start-up never pollutes the figures. Kept apart from the commands, which read
// through the source; only this file and the live source name the NT layer.
import type { HoldersReport, NtResult, ZombieReport } from '@objscope/core';
import { baseNtName, formatStatus, ntNamesEqualIgnoringCase, parentNtPath, statusName, STATUS } from '@objscope/core';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type Nt = typeof import('@objscope/nt');

function typeOf(nt: Nt, path: string): NtResult<string> {
  const parent = nt.listDirectory(parentNtPath(path));
  if (!parent.ok) return parent;
  const name = baseNtName(path);
  const hit = parent.value.find((e) => e.name === name) ?? parent.value.find((e) => ntNamesEqualIgnoringCase(e.name, name));
  if (hit) return { ok: true, status: 0, value: hit.type };
  const s = STATUS.OBJECT_NAME_NOT_FOUND >>> 0;
  return { ok: false, status: s, name: statusName(s), message: `${path}: ${formatStatus(s)}` };
}

/** First lookup (cold cache), second object (warm), and the naive way, N times each. */
export async function benchHolders(path: string, second: string, runs: number): Promise<NtResult<Record<string, unknown>>> {
  const nt = await import('@objscope/nt');
  const type = typeOf(nt, path);
  if (!type.ok) return type;
  const type2 = typeOf(nt, second);
  if (!type2.ok) return type2;
  nt.findHolders(path, type.value, { fresh: true });
  nt.naiveHolders(path, type.value);
  // objscope's own handle count, after the warm-up loaded what stays loaded: every lookup must
  // leave it there (#19: no handle outlives its request).
  const count = () => {
    const c = nt.getProcessHandleCount();
    return c.ok ? c.value : null;
  };
  const handleCountBaseline = count();
  const handleCountsAfter: (number | null)[] = [];
  let secondDiagnostics: unknown = null;
  const secondPhases: Record<string, number>[] = [];
  const firstMs: number[] = [];
  const secondMs: number[] = [];
  const naiveMs: number[] = [];
  let report: HoldersReport | null = null;
  let naiveCount = 0;
  let diagnostics: unknown = null;
  for (let i = 0; i < runs; i++) {
    // A cold cache for the first object; closing the previous run's duplicates is not timed.
    nt.holderScanner().clear();
    let t = performance.now();
    const a = nt.findHolders(path, type.value);
    firstMs.push(performance.now() - t);
    handleCountsAfter.push(count());
    diagnostics = nt.holderScanner().lastDiagnostics;
    if (a.ok) report = a.value;
    t = performance.now();
    nt.findHolders(second, type2.value);
    secondMs.push(performance.now() - t);
    handleCountsAfter.push(count());
    secondDiagnostics = nt.holderScanner().lastDiagnostics;
    secondPhases.push(nt.holderScanner().lastDiagnostics?.phases ?? {});
    t = performance.now();
    const n = nt.naiveHolders(path, type.value);
    naiveMs.push(performance.now() - t);
    if (n.ok) naiveCount = n.value.length;
  }
  // What each per-candidate step costs here, for the bench's lower-bound arithmetic.
  const costs = nt.measureRoundTrips(path, type.value, 5000);
  return {
    ok: true,
    status: 0,
    value: {
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
      firstDiagnostics: diagnostics,
      secondDiagnostics,
      secondPhases,
    },
  };
}

/** N fast zombie scans and N naive ones, after a warm-up that binds koffi and builds the drive map. */
export async function benchZombies(runs: number): Promise<Record<string, unknown>> {
  // NOTE for the lead (#19/#20): knip counts every export of @objscope/nt as used through this
  // `(await import(...))` form, as it did through the commands' before; written as a plain
  // import, 64 nt exports nothing outside nt uses are reported (docs/verification/issue-19.md).
  const nt = (await import('@objscope/nt')) as Nt;
  nt.scanZombies();
  nt.naiveScanZombies();
  const scanMs: number[] = [];
  const naiveMs: number[] = [];
  let report: ZombieReport | null = null;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    report = nt.scanZombies();
    scanMs.push(performance.now() - t);
    t = performance.now();
    nt.naiveScanZombies();
    naiveMs.push(performance.now() - t);
  }
  const d = nt.lastScanDiagnostics();
  return {
    runs,
    scanMs,
    naiveMs,
    zombieProcesses: report?.summary.zombieProcesses ?? 0,
    zombieThreads: report?.summary.zombieThreads ?? 0,
    handles: report?.summary.handlesScanned ?? 0,
    candidates: d?.candidates ?? null,
    duplicated: d?.groups ?? null,
    addressesVisible: d?.addressesVisible ?? null,
    typeIndices: d?.typeIndices ?? null,
    lastPhasesMs: d?.phases ?? null,
  };
}
