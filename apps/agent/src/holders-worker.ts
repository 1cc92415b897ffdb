// The agent's scans that open handles into other processes (handles.holders, handles.process,
// zombies), off the request thread and out of the agent's process. A scan is thousands of
// synchronous ntdll calls under Wine (up to seconds with 20,000 handles in the table); on the
// event loop it would stall every other HTTP request and SSE stream. So scans run in one
// long-lived child process (dist/holders-worker.mjs, scan-process.ts says why a process): the
// scanner's facts live there, so the second lookup is cheap, and no handle it opens outlives
// its job. The limits are the snapshot jobs' (snapshot-jobs.ts): a time limit and a memory ceiling per
// job (past either, the process is ended, which closes every handle it had, and the next scan
// starts a fresh one, cold), and a bounded queue beyond which callers are told busy.
import type { HoldersReport, NtResult, ProcessHandlesReport, ZombieReport } from '@objscope/core';
import { formatStatus, statusName, STATUS } from '@objscope/core';
import { LOCAL_JOB_LIMITS, type JobLimits } from './snapshot-jobs';
import { ScanProcess } from './scan-process';
import { PoolError, type PoolFailure } from './worker-pool';

export type HoldersJob = { kind: 'holders'; path: string; type: string } | { kind: 'process'; pid: number } | { kind: 'zombies' };

export type HoldersWorkerRequest = HoldersJob & { id: number };

export type HoldersWorkerReply =
  | { id: number; kind: 'holders'; result: NtResult<HoldersReport> }
  | { id: number; kind: 'process'; result: NtResult<ProcessHandlesReport> }
  /** null: no handle table at all (ZombieScanError), which callers see as "no zombie data". */
  | { id: number; kind: 'zombies'; report: ZombieReport | null }
  | { id: number; kind: 'failed'; message: string };

/** The worker bundle's file name; build.mjs writes it next to the agent bundle. */
const HOLDERS_WORKER_FILE = 'holders-worker.mjs';

/**
 * Test hook (apps/agent/test/wine/api-handles.test.ts): a directory. After a holder scan has read
 * the handle table, the scan process writes DIR/table-read and waits (at most a minute) for
 * DIR/continue, so a test knows for certain that a scan is running while it asks for something else.
 */
export const HOLDERS_PAUSE_ENV = 'OBJSCOPE_TEST_HOLDERS_PAUSE';

/** The snapshot jobs' local limits, one job at a time (the process holds the facts). */
export const HOLDER_LIMITS: JobLimits = { ...LOCAL_JOB_LIMITS, concurrency: 1 };

/**
 * OBJSCOPE_SCAN_TIMEOUT_MS: the scans' time limit in milliseconds, where 120 s is wrong (a slow
 * machine; a test that needs a scan stopped). A value that is not a whole number from 100 to
 * 3,600,000 is refused with a note on stderr, and the default applies.
 */
const SCAN_TIMEOUT_ENV = 'OBJSCOPE_SCAN_TIMEOUT_MS';

function configuredLimits(env: NodeJS.ProcessEnv = process.env): JobLimits {
  const text = env[SCAN_TIMEOUT_ENV];
  if (text === undefined || text === '') return HOLDER_LIMITS;
  const ms = Number(text);
  if (/^\d+$/.test(text) && ms >= 100 && ms <= 3_600_000) return { ...HOLDER_LIMITS, timeoutMs: ms };
  process.stderr.write(`objscope: ${SCAN_TIMEOUT_ENV}=${JSON.stringify(text.slice(0, 40))} is not a time limit from 100 to 3600000 ms; using ${HOLDER_LIMITS.timeoutMs} ms\n`);
  return HOLDER_LIMITS;
}

/** Not NT statuses the scan met, but the agent's limits: each with the status that says it best. */
const FAILURE_STATUS: Record<PoolFailure, number> = {
  busy: STATUS.INSUFFICIENT_RESOURCES,
  timeout: STATUS.IO_TIMEOUT,
  cancelled: STATUS.CANCELLED,
  memory: STATUS.NO_MEMORY,
  crashed: STATUS.INTERNAL_ERROR,
};

function failure(status: number, message: string): NtResult<never> {
  return { ok: false, status, name: statusName(status), message: `${message} (${formatStatus(status)})` };
}

export interface HolderWorkOptions {
  limits?: JobLimits;
  /** The scan process's script; by default the bundle beside this module (dist/holders-worker.mjs). */
  workerUrl?: URL;
}

export class HolderWork {
  readonly scans: ScanProcess;
  /** The zombie scan running now, shared by every caller that arrives meanwhile. */
  private zombieScan: Promise<ZombieReport | null> | null = null;

  constructor(opts: HolderWorkOptions = {}) {
    const limits = opts.limits ?? configuredLimits();
    this.scans = new ScanProcess({
      url: opts.workerUrl ?? new URL(`./${HOLDERS_WORKER_FILE}`, import.meta.url),
      label: 'holder scan',
      maxQueued: limits.maxQueued,
      timeoutMs: limits.timeoutMs,
      memoryMb: limits.memoryMb,
    });
  }

  holders(path: string, type: string, signal?: AbortSignal): Promise<NtResult<HoldersReport>> {
    return this.ask<HoldersReport>({ kind: 'holders', path, type }, signal);
  }

  processHandles(pid: number, signal?: AbortSignal): Promise<NtResult<ProcessHandlesReport>> {
    return this.ask<ProcessHandlesReport>({ kind: 'process', pid }, signal);
  }

  /**
   * A fresh zombie scan, or the one already running. Nothing is kept after it settles, so a
   * call made after a scan finished (say after closing handles) always sees the current state.
   * Throws when the scan fails (the API reports it), null when there is no handle table at all.
   */
  zombies(): Promise<ZombieReport | null> {
    this.zombieScan ??= this.scans
      .run<HoldersWorkerReply>({ kind: 'zombies' })
      .then((r) => {
        if (r.kind === 'zombies') return r.report;
        throw new Error(`zombie scan failed: ${r.kind === 'failed' ? r.message : r.kind}`);
      })
      .finally(() => {
        this.zombieScan = null;
      });
    return this.zombieScan;
  }

  close(): Promise<void> {
    return this.scans.close();
  }

  private async ask<T>(job: HoldersJob, signal: AbortSignal | undefined): Promise<NtResult<T>> {
    try {
      const r = await this.scans.run<HoldersWorkerReply>(job, signal ? { signal } : {});
      if (r.kind === 'failed') return failure(FAILURE_STATUS.crashed, `holder scan failed: ${r.message}`);
      if (r.kind === 'zombies') return failure(FAILURE_STATUS.crashed, 'holder scan answered with a zombie report');
      return r.result as NtResult<T>;
    } catch (e) {
      if (e instanceof PoolError) return failure(FAILURE_STATUS[e.reason], e.message);
      return failure(FAILURE_STATUS.crashed, e instanceof Error ? e.message : String(e));
    }
  }
}
