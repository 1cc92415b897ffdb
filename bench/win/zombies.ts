// The timing half of bench/zombies.mjs, run with the Windows build of Node (under Wine) through
// tools/testing/windows-script.mjs, so that Wine start-up is in no figure. Not shipped: the
// naive baseline below exists only for the bench. Job: `{ runs }`; answer: one JSON document on
// stdout (its fields are what bench/zombies.mjs reads).
//
// Per run, in this process: the real scan (scanZombies), then the naive one over the same kind
// of table: every Process/Thread handle of another process on its own, its owner opened afresh,
// the handle duplicated, everything queried before asking whether it exited, both closed. The
// naive side stops there (no kernel walk, no report): under Wine there is no NtGetNextProcess
// to walk with, and the report is built from what was found, which costs the same either way.
import { enableDebugPrivilege, querySystemHandles } from '../../packages/nt/src/capabilities';
import { handleValue } from '../../packages/nt/src/ffi';
import {
  closeWin32Handle,
  currentProcessId,
  currentThreadId,
  hasExited,
  liveDuplicateApi,
  openProcess,
  openThread,
  PROCESS_QUERY_LIMITED_INFORMATION,
  queryProcessList,
  queryTypeIndexList,
  SYNCHRONIZE,
  THREAD_QUERY_LIMITED_INFORMATION,
  withDuplicateOf,
} from '../../packages/nt/src/handles';
import { handleTypeIndexOf, parseHandleTable, resolveZombieTypeIndices } from '../../packages/nt/src/parsers/handles';
import { queryProcessFacts } from '../../packages/nt/src/process';
import { queryThreadFacts } from '../../packages/nt/src/thread';
import { lastScanDiagnostics, scanZombies } from '../../packages/nt/src/zombies';

const job = JSON.parse(process.argv[2] ?? '{}') as { runs: number };

/** The naive scan; how many zombie processes and threads it saw. */
function naiveScanZombies(): { processes: number; threads: number } {
  const self = currentProcessId();
  const selfProc = openProcess(self, SYNCHRONIZE);
  const selfThread = openThread(currentThreadId(), SYNCHRONIZE);
  try {
    enableDebugPrivilege();
    const table = querySystemHandles();
    if (!table.ok) throw new Error(`cannot read the system handle table: ${table.message}`);
    const types = queryTypeIndexList();
    const indices = resolveZombieTypeIndices(types.ok ? types.value : [], {
      process: selfProc.ok ? handleTypeIndexOf(table.value, self, Number(handleValue(selfProc.value))) : null,
      thread: selfThread.ok ? handleTypeIndexOf(table.value, self, Number(handleValue(selfThread.value))) : null,
    });
    if (!indices) throw new Error('cannot tell which handle type index is Process and which is Thread');
    const parsed = parseHandleTable(table.value, new Set([indices.process, indices.thread]));
    if (!parsed.ok) throw new Error(parsed.message);
    queryProcessList();
    const processes = new Set<number>();
    const threads = new Set<number>();
    for (const e of parsed.value.entries) {
      if (e.pid === self) continue;
      const isProcess = e.typeIndex === indices.process;
      const access = SYNCHRONIZE | (isProcess ? PROCESS_QUERY_LIMITED_INFORMATION : THREAD_QUERY_LIMITED_INFORMATION);
      withDuplicateOf(liveDuplicateApi, e.pid, e.handle, access, (dup) => {
        if (isProcess) {
          const facts = queryProcessFacts(dup);
          if (hasExited(dup)) processes.add(facts.pid);
        } else {
          const facts = queryThreadFacts(dup);
          if (facts && hasExited(dup)) threads.add(facts.tid);
        }
      });
    }
    return { processes: processes.size, threads: threads.size };
  } finally {
    if (selfProc.ok) closeWin32Handle(selfProc.value);
    if (selfThread.ok) closeWin32Handle(selfThread.value);
  }
}

function bench(runs: number): Record<string, unknown> {
  // Warm-up: koffi bound, the drive map built.
  scanZombies();
  naiveScanZombies();
  const scanMs: number[] = [];
  const naiveMs: number[] = [];
  let report: ReturnType<typeof scanZombies> | null = null;
  let naive = { processes: 0, threads: 0 };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    report = scanZombies();
    scanMs.push(performance.now() - t);
    t = performance.now();
    naive = naiveScanZombies();
    naiveMs.push(performance.now() - t);
  }
  const d = lastScanDiagnostics();
  return {
    runs,
    scanMs,
    naiveMs,
    zombieProcesses: report?.summary.zombieProcesses ?? 0,
    zombieThreads: report?.summary.zombieThreads ?? 0,
    naiveZombieProcesses: naive.processes,
    naiveZombieThreads: naive.threads,
    handles: report?.summary.handlesScanned ?? 0,
    candidates: d?.candidates ?? null,
    duplicated: d?.groups ?? null,
    addressesVisible: d?.addressesVisible ?? null,
    typeIndices: d?.typeIndices ?? null,
    lastPhasesMs: d?.phases ?? null,
  };
}

process.stdout.write(`${JSON.stringify(bench(job.runs))}\n`);
