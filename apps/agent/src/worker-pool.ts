// Runs one job at a time per worker thread, with limits: a memory ceiling (resourceLimits), a
// wall-clock limit, cancellation when the caller's AbortSignal fires (the HTTP client went away)
// and a bounded queue. A job that overruns any of them is stopped by terminating its thread,
// which is the only way to stop synchronous work (JSON.parse of a bomb, a diff of millions of
// entries) without waiting for it. Each job gets a fresh thread: nothing a hostile upload built
// survives it, and the memory goes back with the thread.
//
// The worker protocol is the zombie worker's (zombie-worker.ts): the script posts
// `{ id: 0, kind: 'ready' }` once loaded, then answers each `{ id, ... }` with one `{ id, ... }`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export type PoolFailure = 'busy' | 'timeout' | 'cancelled' | 'memory' | 'crashed';

/** Why a job did not produce a reply, with a sentence for the client. */
export class PoolError extends Error {
  constructor(
    readonly reason: PoolFailure,
    message: string,
  ) {
    super(message);
  }
}

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

interface Queued {
  start: () => void;
  reject: (e: Error) => void;
}

export class WorkerPool {
  private running = 0;
  private readonly queue: Queued[] = [];
  private nextId = 1;
  /** Threads started, for tests. */
  started = 0;

  constructor(readonly opts: WorkerPoolOptions) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Sends `job` to a fresh worker and resolves with its reply (the message, id included). */
  run<R extends { id: number }>(job: object, opts: { signal?: AbortSignal; transfer?: ArrayBuffer[] } = {}): Promise<R> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(this.cancelled());
    if (this.running >= this.opts.concurrency && this.queue.length >= this.opts.maxQueued) {
      return Promise.reject(
        new PoolError('busy', `the agent is already running ${this.running} ${this.opts.label} job(s) with ${this.queue.length} waiting; try again shortly`),
      );
    }
    return new Promise<R>((resolve, reject) => {
      const entry: Queued = {
        start: () => {
          signal?.removeEventListener('abort', onQueuedAbort);
          this.running++;
          this.execute<R>(job, opts).then(resolve, reject).finally(() => {
            this.running--;
            this.queue.shift()?.start();
          });
        },
        reject,
      };
      const onQueuedAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(this.cancelled());
      };
      if (this.running < this.opts.concurrency) entry.start();
      else {
        signal?.addEventListener('abort', onQueuedAbort, { once: true });
        this.queue.push(entry);
      }
    });
  }

  private cancelled(): PoolError {
    return new PoolError('cancelled', `${this.opts.label} cancelled: the client went away`);
  }

  private execute<R extends { id: number }>(job: object, opts: { signal?: AbortSignal; transfer?: ArrayBuffer[] }): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const { label, timeoutMs } = this.opts;
      let url: URL;
      try {
        url = typeof this.opts.url === 'function' ? this.opts.url() : this.opts.url;
      } catch (e) {
        reject(new PoolError('crashed', `${label} is unavailable: ${e instanceof Error ? e.message : String(e)}`));
        return;
      }
      if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
        reject(new PoolError('crashed', `${label} is unavailable: ${fileURLToPath(url)} is missing (npm run build -w @objscope/agent builds it)`));
        return;
      }
      const id = this.nextId++;
      const worker = new Worker(url, { resourceLimits: this.opts.resourceLimits });
      this.started++;
      let settled = false;
      let stopReason: PoolError | null = null;
      const timer = setTimeout(() => {
        stop(new PoolError('timeout', `${label} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
      }, timeoutMs);
      const onAbort = () => stop(this.cancelled());
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (err: Error | null, value?: R) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        if (err) reject(err);
        else resolve(value!);
      };
      const stop = (why: PoolError) => {
        stopReason ??= why;
        finish(why);
      };
      worker.on('message', (m: { id: number; kind?: string }) => {
        if (m.id === 0 && m.kind === 'ready') {
          worker.postMessage({ ...job, id }, opts.transfer ?? []);
          return;
        }
        if (m.id === id) finish(null, m as R);
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const mb = this.opts.resourceLimits.maxOldGenerationSizeMb;
          finish(new PoolError('memory', `${label} needs more than the ${mb} MiB of memory the agent allows it`));
        } else {
          finish(new PoolError('crashed', `${label} failed: ${e.message.slice(0, 160)}`));
        }
      });
      worker.on('exit', (code) => {
        finish(stopReason ?? new PoolError('crashed', `${label} stopped unexpectedly (exit code ${code})`));
      });
    });
  }
}
