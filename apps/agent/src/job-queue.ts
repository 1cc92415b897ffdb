// The bounded queue in front of the worker threads (worker-pool.ts) and the scan process
// (scan-process.ts): a job starts when a slot is free, one more than `maxQueued` waiting is
// refused as busy, and a caller that goes away while waiting leaves the queue at once.
import { PoolError } from './pool-error';

interface Queued {
  start: () => void;
}

export class JobQueue {
  private running = 0;
  private readonly queue: Queued[] = [];

  constructor(private readonly opts: { label: string; concurrency: number; maxQueued: number }) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  cancelled(): PoolError {
    return new PoolError('cancelled', `${this.opts.label} cancelled: the client went away`);
  }

  /**
   * Runs `execute` in a free slot. A caller whose signal fires while it waits is answered
   * `cancelled` and its job never starts. Once started, `detach` decides: true, the caller is
   * answered `cancelled` at once and the job runs on, holding its slot, to its end (the scan
   * process, which must close what it opened); false, `execute` itself watches the signal.
   */
  submit<R>(signal: AbortSignal | undefined, execute: () => Promise<R>, detach: boolean): Promise<R> {
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
          if (detach && signal) {
            if (signal.aborted) reject(this.cancelled());
            else signal.addEventListener('abort', () => reject(this.cancelled()), { once: true });
          }
          execute()
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.queue.shift()?.start();
            });
        },
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
}
