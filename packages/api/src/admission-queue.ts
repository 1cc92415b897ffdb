// Taking turns: the one admission queue of the API and the agent. The API serialises a snapshot
// watch's first event with it (watch.ts); the agent admits bulky HTTP requests with it
// (apps/agent server.ts). Both need the same three things: arrival order, a bound on how many
// wait, and a hand-over on a later event-loop turn so that small requests get in between.

export interface AdmissionQueueOptions {
  /** How many may hold a turn at once (default 1). */
  concurrency?: number;
  /** How many may wait; past that, `take` answers null at once and `full` is true (default: no bound). */
  maxWaiting?: number;
  /**
   * Runs the next waiter's start on a later turn of the event loop (default `setTimeout(fn, 0)`,
   * which the browser has too; the agent passes Node's setImmediate). Handing over inside the
   * releasing promise chain would start the next holder before any pending request got in.
   */
  handOver?: (start: () => void) => void;
}

/** Gives the turn back; calling it again does nothing. */
export type Release = () => void;

/** Admission in arrival order; a waiter whose client leaves (its signal fires) gives up its place. */
export class AdmissionQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  private readonly handOver: (start: () => void) => void;
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(opts: AdmissionQueueOptions = {}) {
    this.concurrency = opts.concurrency ?? 1;
    this.maxWaiting = opts.maxWaiting ?? Number.POSITIVE_INFINITY;
    this.handOver = opts.handOver ?? ((start) => void setTimeout(start, 0));
  }

  /** No turn free and as many waiting as allowed: a `take` now would be refused. */
  get full(): boolean {
    return this.running >= this.concurrency && this.queue.length >= this.maxWaiting;
  }

  /** How many wait for a turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** The release function once it is this caller's turn; null when refused (full) or when the signal fired first. */
  async take(signal?: AbortSignal): Promise<Release | null> {
    if (signal?.aborted) return null;
    if (this.running < this.concurrency) {
      this.running++;
      return this.releaser();
    }
    if (this.queue.length >= this.maxWaiting) return null;
    const got = await new Promise<boolean>((resolve) => {
      let settled = false;
      const go = () => {
        signal?.removeEventListener('abort', gone);
        if (settled) {
          // The waiter left after the turn was handed over: pass it on.
          this.releaser()();
          return;
        }
        settled = true;
        resolve(true);
      };
      const gone = () => {
        if (settled) return;
        settled = true;
        const i = this.queue.indexOf(go);
        if (i >= 0) this.queue.splice(i, 1);
        resolve(false);
      };
      signal?.addEventListener('abort', gone, { once: true });
      this.queue.push(go);
    });
    return got ? this.releaser() : null;
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // The turn passes straight to the next waiter (running stays counted), or is freed.
      const next = this.queue.shift();
      if (next) this.handOver(next);
      else this.running--;
    };
  }
}
