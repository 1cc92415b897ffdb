// Shared by the watch subscriptions: wait for the next poll, but wake at once when the client
// goes away so the generator ends and the source is no longer polled.
import type { ObjectSource } from '@objscope/core';

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when the client goes away; never on its own (no timer, no polling). */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A snapshot (shared, sample or opened) cannot change: watching it needs no polling at all. */
export async function isStatic(source: ObjectSource): Promise<boolean> {
  const kind = (await source.info()).kind;
  return kind !== 'live' && kind !== 'wine';
}

/** One at a time, in arrival order; a waiter whose client leaves gives up its place. */
export class Turns {
  private busy = false;
  private readonly queue: (() => void)[] = [];

  /** The release function once it is this caller's turn; null when the signal fired first. */
  async take(signal: AbortSignal | undefined): Promise<(() => void) | null> {
    if (!this.busy) {
      this.busy = true;
      return this.releaser();
    }
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

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // Hand the turn to the next waiter (busy stays set), or free it. Handed over on a later
      // turn of the event loop: the waiters resume in promise callbacks, which would otherwise
      // run one after another without ever letting a pending request in.
      const next = this.queue.shift();
      if (next) setTimeout(next, 0);
      else this.busy = false;
    };
  }
}

/** Turns for the first event of a snapshot watch (see watch.ts). */
export const firstEventTurns = new Turns();
