// Shared by the watch subscriptions: wait for the next poll, but wake at once when the client
// goes away so the generator ends and the source is no longer polled.
import type { ObjectSource } from '@objscope/core';
import { AdmissionQueue } from './admission-queue';

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

/** The admission queue for the first event of a snapshot watch (see watch.ts), one at a time. */
export const firstEventQueue = new AdmissionQueue();
