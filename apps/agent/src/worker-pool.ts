// Runs one job at a time per worker thread, with limits: a memory ceiling (resourceLimits), a
// wall-clock limit, cancellation when the caller's AbortSignal fires (the HTTP client went away)
// and a bounded queue. A job that overruns any of them is stopped by terminating its thread,
// which is the only way to stop synchronous work (JSON.parse of a bomb, a diff of millions of
// entries) without waiting for it. Each job gets a fresh thread: nothing a hostile upload built
// survives it, and the memory goes back with the thread.
// The holder and zombie scans do not run here: they open handles into other processes, which a
// terminated thread would leave open, so they run in a child process (scan-process.ts). Both
// share the queue (job-queue.ts).
//
// The worker protocol (also the scan process's, scan-process.ts): the script posts
// `{ id: 0, kind: 'ready' }` once loaded, then answers each `{ id, ... }` with one `{ id, ... }`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { JobQueue } from './job-queue';
import { PoolError } from './pool-error';

export { PoolError, type PoolFailure } from './pool-error';

export interface WorkerPoolOptions {
  /** The worker script (an esbuild bundle beside the agent's), or how to find it when needed. */
  url: URL | (() => URL);
  /** What the jobs are, for messages: "snapshot diff". */
  label: string;
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting for a thread; one more is refused as busy. */
  maxQueued: number;
  timeoutMs: number;
  resourceLimits: ResourceLimits;
}

interface Thread {
  worker: Worker;
  /** Resolves once the script said ready; rejects if it died first. */
  ready: Promise<void>;
}

export class WorkerPool {
  private readonly jobs: JobQueue;
  private nextId = 1;
  /** Threads started, for tests. */
  started = 0;

  constructor(readonly opts: WorkerPoolOptions) {
    this.jobs = new JobQueue(opts);
  }

  get active(): number {
    return this.jobs.active;
  }

  get waiting(): number {
    return this.jobs.waiting;
  }

  /** Sends `job` to a fresh worker and resolves with its reply (the message, id included). */
  run<R extends { id: number }>(job: object, opts: { signal?: AbortSignal; transfer?: ArrayBuffer[] } = {}): Promise<R> {
    return this.jobs.submit(opts.signal, () => this.execute<R>(job, opts), false);
  }

  /** The worker script's URL, or why there is none. */
  private scriptUrl(): URL | PoolError {
    const { label } = this.opts;
    let url: URL;
    try {
      url = typeof this.opts.url === 'function' ? this.opts.url() : this.opts.url;
    } catch (e) {
      return new PoolError('crashed', `${label} is unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
      return new PoolError('crashed', `${label} is unavailable: ${fileURLToPath(url)} is missing (npm run build -w @objscope/agent builds it)`);
    }
    return url;
  }

  /** A fresh thread, and when it has said ready. */
  private thread(url: URL): Thread {
    const worker = new Worker(url, { resourceLimits: this.opts.resourceLimits });
    this.started++;
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { id: number; kind?: string }) => {
        if (m.id !== 0 || m.kind !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number) => reject(new Error(`exit code ${code}`));
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
    // Never an unhandled rejection: each job's own listeners report a thread that died.
    ready.catch(() => undefined);
    return { worker, ready };
  }

  private execute<R extends { id: number }>(job: object, opts: { signal?: AbortSignal; transfer?: ArrayBuffer[] }): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const { label, timeoutMs } = this.opts;
      const url = this.scriptUrl();
      if (url instanceof PoolError) {
        reject(url);
        return;
      }
      const id = this.nextId++;
      const { worker, ready } = this.thread(url);
      let settled = false;
      let stopReason: PoolError | null = null;
      const timer = setTimeout(() => {
        const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
        stop(new PoolError('timeout', `${label} took longer than ${limit} and was stopped`));
      }, timeoutMs);
      const onAbort = () => stop(this.jobs.cancelled());
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const onMessage = (m: { id: number; kind?: string }) => {
        if (m.id === id) finish(null, m as R);
      };
      const onError = (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const mb = this.opts.resourceLimits.maxOldGenerationSizeMb;
          finish(new PoolError('memory', `${label} needs more than the ${mb} MiB of memory the agent allows it`));
        } else {
          finish(new PoolError('crashed', `${label} failed: ${e.message.slice(0, 160)}`));
        }
      };
      const onExit = (code: number) => {
        finish(stopReason ?? new PoolError('crashed', `${label} stopped unexpectedly (exit code ${code})`));
      };
      const finish = (err: Error | null, value?: R) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        void worker.terminate();
        if (err) reject(err);
        else resolve(value!);
      };
      const stop = (why: PoolError) => {
        stopReason ??= why;
        finish(why);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      ready.then(
        () => {
          if (!settled) worker.postMessage({ ...job, id }, opts.transfer ?? []);
        },
        () => undefined,
      );
    });
  }
}
