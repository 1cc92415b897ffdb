// The snapshot jobs: the API's heavy procedures (snapshot.diff, snapshot.export, access.find, access.weak) run here, off the request thread:
// each job in a fresh worker thread under a memory ceiling, a time limit and a bounded queue,
// stopped when its client goes away (worker-pool.ts). An export of a snapshot source is computed
// once and then served from memory: the snapshot cannot change.
import { availableParallelism } from 'node:os';
import type { AccessJob, AccessOutcome, DiffJob, DiffOutcome, ExportOutcome, JobFailure, JobRunner } from '@objscope/api';
import { encodeSnapshotJson, type ObjectSource } from '@objscope/core';
import { PoolError, WorkerPool, type PoolFailure } from './worker-pool';

export type SnapshotJobRequest =
  | { id: number; kind: 'diff'; job: DiffJob }
  /** A snapshot file (gzip or JSON text) to decode and re-encode as the export. */
  | { id: number; kind: 'export'; bytes: Uint8Array }
  /** A snapshot (gzip or JSON text) and the access question to ask of it. */
  | { id: number; kind: 'access'; bytes: Uint8Array; job: AccessJob };

export type SnapshotJobReply =
  | { id: number; kind: 'diff'; outcome: DiffOutcome }
  | { id: number; kind: 'export'; outcome: ExportOutcome }
  | { id: number; kind: 'access'; outcome: AccessOutcome }
  | { id: number; kind: 'failed'; outcome: JobFailure };

export const SNAPSHOT_JOBS_FILE = 'snapshot-jobs.mjs';

export interface JobLimits {
  /** Jobs at once (each on its own thread). */
  concurrency: number;
  /** Jobs waiting beyond those; more are refused as busy. */
  maxQueued: number;
  timeoutMs: number;
  /** V8 old-generation ceiling per job thread, MiB. */
  memoryMb: number;
}

/** Loopback: the user's own machine and files; big diffs are legitimate. */
export const LOCAL_JOB_LIMITS: JobLimits = {
  concurrency: Math.max(1, Math.min(2, availableParallelism() - 1)),
  maxQueued: 4,
  timeoutMs: 120_000,
  memoryMb: 1024,
};

/** Share mode: the clients are other machines; one job at a time in a smaller heap. */
export const SHARE_JOB_LIMITS: JobLimits = {
  concurrency: 1,
  maxQueued: 4,
  timeoutMs: 60_000,
  memoryMb: 384,
};

const CODES: Record<PoolFailure, JobFailure['code']> = {
  busy: 'TOO_MANY_REQUESTS',
  timeout: 'TIMEOUT',
  cancelled: 'CLIENT_CLOSED_REQUEST',
  memory: 'PAYLOAD_TOO_LARGE',
  crashed: 'INTERNAL_SERVER_ERROR',
};

function failure(e: unknown): JobFailure {
  if (e instanceof PoolError) return { ok: false, code: CODES[e.reason], message: e.message };
  return { ok: false, code: 'INTERNAL_SERVER_ERROR', message: e instanceof Error ? e.message : String(e) };
}

export interface SnapshotJobsOptions {
  source: ObjectSource;
  /** The snapshot file the source was read from, when there is one: exports start from it. */
  snapshotFile?: Uint8Array | null;
  limits: JobLimits;
  /** The worker script; by default the bundle beside this module (dist/snapshot-jobs.mjs). */
  workerUrl?: URL | (() => URL);
}

export class SnapshotJobs implements JobRunner {
  readonly pool: WorkerPool;
  private readonly source: ObjectSource;
  private readonly file: Uint8Array | null;
  private exported: Promise<ExportOutcome> | null = null;
  /** Exports actually computed (a cached one counts once), for tests. */
  exportsComputed = 0;

  constructor(opts: SnapshotJobsOptions) {
    this.source = opts.source;
    this.file = opts.snapshotFile ?? null;
    this.pool = new WorkerPool({
      url: opts.workerUrl ?? new URL(`./${SNAPSHOT_JOBS_FILE}`, import.meta.url),
      label: 'snapshot job',
      concurrency: opts.limits.concurrency,
      maxQueued: opts.limits.maxQueued,
      timeoutMs: opts.limits.timeoutMs,
      resourceLimits: { maxOldGenerationSizeMb: opts.limits.memoryMb, maxYoungGenerationSizeMb: 32 },
    });
  }

  async diff(job: DiffJob, signal?: AbortSignal): Promise<DiffOutcome> {
    try {
      const r = await this.pool.run<SnapshotJobReply>({ kind: 'diff', job }, { signal });
      return r.outcome as DiffOutcome;
    } catch (e) {
      return failure(e);
    }
  }

  async exportSnapshot(signal?: AbortSignal): Promise<ExportOutcome> {
    const kind = (await this.source.info()).kind;
    if (kind === 'live' || kind === 'wine') return this.computeExport(signal);
    // Computed once for everyone, so one client leaving does not cancel it for the others.
    this.exported ??= this.computeExport(undefined).then((r) => {
      if (!r.ok) this.exported = null;
      return r;
    });
    return this.exported;
  }

  /**
   * Find's access filter and the weak-security view: namespace-wide engine runs, in a worker
   * under the same limits as a diff. The worker gets the snapshot file behind the source, or
   * (live) a fresh capture's JSON text, every handle of it closed before the job starts.
   */
  async access(job: AccessJob, signal?: AbortSignal): Promise<AccessOutcome> {
    try {
      const bytes = this.file ?? new TextEncoder().encode(encodeSnapshotJson(await this.source.snapshot(undefined, signal)));
      const r = await this.pool.run<SnapshotJobReply>({ kind: 'access', bytes, job }, { signal });
      return r.outcome as AccessOutcome;
    } catch (e) {
      return failure(e);
    }
  }

  private async computeExport(signal: AbortSignal | undefined): Promise<ExportOutcome> {
    this.exportsComputed++;
    try {
      let bytes = this.file;
      if (!bytes) {
        // No file behind the source (live, or built in memory): its JSON text, made here,
        // is what the worker compresses. Linear and allocation-light next to the gzip.
        const snap = await this.source.snapshot(undefined, signal);
        bytes = new TextEncoder().encode(encodeSnapshotJson(snap));
      }
      const r = await this.pool.run<SnapshotJobReply>({ kind: 'export', bytes }, { signal });
      return r.outcome as ExportOutcome;
    } catch (e) {
      return failure(e);
    }
  }
}
