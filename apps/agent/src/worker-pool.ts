// Runs one job at a time per worker thread, with limits: a memory ceiling (resourceLimits), a
// wall-clock limit, cancellation when the caller's AbortSignal fires (the HTTP client went away)
// and a bounded queue. A job that overruns any of them is stopped by terminating its thread,
// which is the only way to stop synchronous work (JSON.parse of a bomb, a diff of millions of
// entries) without waiting for it. Each job gets a fresh thread: nothing a hostile upload built
// survives it, and the memory goes back with the thread.
//
// Except with `keepAlive` (the holder scans, holders-worker.ts): one thread serves job after job,
// so what it learned (the holder cache, the handles it keeps open) makes the next job cheap. The
// same limits stop it: a job past its time or memory limit, or one that crashes, ends the
// thread and the next job starts a fresh one. A running job whose client goes away is not
// stopped there (that would throw the cache away for every other client): its caller gets
// `cancelled` at once, the thread finishes the job within its time limit, and the slot is
// held until then, so the queue bound still counts it.
//
// The worker protocol (also the scan process's, scan-process.ts): the script posts
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
  /** One long-lived thread for every job (concurrency must be 1); see the top of this file. */
  keepAlive?: boolean;
}

interface Kept {
  worker: Worker;
  /** Resolves once the script said ready; rejects if it died first. */
  ready: Promise<void>;
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

  private kept: Kept | null = null;

  constructor(readonly opts: WorkerPoolOptions) {
    if (opts.keepAlive && opts.concurrency !== 1) throw new Error('a keepAlive pool runs one job at a time (concurrency 1)');
  }

  /** The kept thread's id (keepAlive), null when none is alive: tells a restart apart. */
  get threadId(): number | null {
    return this.kept?.worker.threadId ?? null;
  }

  /** Ends the kept thread (keepAlive); the next job starts another. */
  async close(): Promise<void> {
    const k = this.kept;
    this.kept = null;
    if (k) await k.worker.terminate();
  }

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
          if (this.opts.keepAlive && signal) {
            // The caller stops waiting; the kept thread finishes the job (see the top of the file).
            if (signal.aborted) reject(this.cancelled());
            else signal.addEventListener('abort', () => reject(this.cancelled()), { once: true });
          }
          this.execute<R>(job, this.opts.keepAlive ? { transfer: opts.transfer } : opts).then(resolve, reject).finally(() => {
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

  /** A thread that has said ready: the kept one (keepAlive), or a fresh one. */
  private thread(url: URL): Kept {
    if (this.kept) return this.kept;
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
    const t: Kept = { worker, ready };
    if (this.opts.keepAlive) {
      this.kept = t;
      worker.on('exit', () => {
        if (this.kept === t) this.kept = null;
      });
    }
    return t;
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
      const keep = this.opts.keepAlive === true;
      // Referenced only while a job is owed: an idle kept thread must not keep the process alive.
      worker.ref();
      let settled = false;
      let stopReason: PoolError | null = null;
      const timer = setTimeout(() => {
        const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
        stop(new PoolError('timeout', `${label} took longer than ${limit} and was stopped`));
      }, timeoutMs);
      const onAbort = () => stop(this.cancelled());
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
        if (keep && !err) {
          worker.unref();
        } else {
          // A thread that overran a limit or failed is not trusted with the next job.
          if (this.kept?.worker === worker) this.kept = null;
          void worker.terminate();
        }
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
