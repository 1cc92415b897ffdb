// The agent's holder scans (handles.holders, handles.process), off the request thread. A scan
// is thousands of synchronous ntdll calls under Wine (a duplicate, a name query and a close per
// candidate handle: up to seconds with 20,000 handles in the table); on the event loop it would
// stall every other HTTP request and SSE stream. So scans run in one long-lived worker thread
// (dist/holders-worker.mjs) of a keepAlive WorkerPool: the scanner's cache (the duplicates, the
// names it learned, the holder processes it opened) lives in that thread, where the scans run,
// so the second lookup is as cheap as in the CLI. The limits are the heavy jobs' (offload.ts):
// a time limit and a memory ceiling per job (past either, the thread is ended and the next
// scan starts a fresh one, cold), and a bounded queue beyond which callers are told busy.
import type { HoldersReport, NtResult, ProcessHandlesReport } from '@objscope/core';
import { formatStatus, statusName, STATUS } from '@objscope/core';
import { LOCAL_HEAVY_LIMITS, type HeavyLimits } from './offload';
import { PoolError, WorkerPool, type PoolFailure } from './worker-pool';

export type HoldersJob = { kind: 'holders'; path: string; type: string } | { kind: 'process'; pid: number };

export type HoldersWorkerRequest = HoldersJob & { id: number };

export type HoldersWorkerReply =
  | { id: number; kind: 'holders'; result: NtResult<HoldersReport> }
  | { id: number; kind: 'process'; result: NtResult<ProcessHandlesReport> }
  | { id: number; kind: 'failed'; message: string };

/** The worker bundle's file name; build.mjs writes it next to the agent bundle. */
const HOLDERS_WORKER_FILE = 'holders-worker.mjs';

/**
 * Test hook (apps/agent/test/wine/api-handles.test.ts): a directory. After a holder scan has read
 * the handle table, the worker writes DIR/table-read and waits (at most a minute) for
 * DIR/continue, so a test knows for certain that a scan is running while it asks for something else.
 */
export const HOLDERS_PAUSE_ENV = 'OBJSCOPE_TEST_HOLDERS_PAUSE';

/** The heavy jobs' local limits, on one thread (it holds the cache). */
export const HOLDER_LIMITS: HeavyLimits = { ...LOCAL_HEAVY_LIMITS, concurrency: 1 };

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
  limits?: HeavyLimits;
  /** The worker script; by default the bundle beside this module (dist/holders-worker.mjs). */
  workerUrl?: URL;
}

export class HolderWork {
  readonly pool: WorkerPool;

  constructor(opts: HolderWorkOptions = {}) {
    const limits = opts.limits ?? HOLDER_LIMITS;
    this.pool = new WorkerPool({
      url: opts.workerUrl ?? new URL(`./${HOLDERS_WORKER_FILE}`, import.meta.url),
      label: 'holder scan',
      concurrency: 1,
      maxQueued: limits.maxQueued,
      timeoutMs: limits.timeoutMs,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32 },
      keepAlive: true,
    });
  }

  holders(path: string, type: string, signal?: AbortSignal): Promise<NtResult<HoldersReport>> {
    return this.ask<HoldersReport>({ kind: 'holders', path, type }, signal);
  }

  processHandles(pid: number, signal?: AbortSignal): Promise<NtResult<ProcessHandlesReport>> {
    return this.ask<ProcessHandlesReport>({ kind: 'process', pid }, signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async ask<T>(job: HoldersJob, signal: AbortSignal | undefined): Promise<NtResult<T>> {
    try {
      const r = await this.pool.run<HoldersWorkerReply>(job, signal ? { signal } : {});
      if (r.kind === 'failed') return failure(FAILURE_STATUS.crashed, `holder scan failed: ${r.message}`);
      return r.result as NtResult<T>;
    } catch (e) {
      if (e instanceof PoolError) return failure(FAILURE_STATUS[e.reason], e.message);
      return failure(FAILURE_STATUS.crashed, e instanceof Error ? e.message : String(e));
    }
  }
}
