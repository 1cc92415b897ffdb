import { entryChanged, type DirEntry, type ObjectSource } from '@objscope/core';
import { z } from 'zod';
import { intervalMs, ntPath } from '../inputs';
import { firstEventQueue, isStatic, sleep, untilAborted } from '../poll';
import { publicProcedure, router } from '../trpc';

export interface DirectoryChange {
  at: string;
  added: DirEntry[];
  removed: DirEntry[];
  changed: DirEntry[];
  /** Set when the directory could not be listed this time (vanished, access denied); the
   * previous listing is kept, so entries are not reported as removed on a transient failure. */
  error?: { status: number; name: string; message: string } | null;
}

/** Added, removed and changed entries between two listings, matched by exact name. */
function diffListings(before: ReadonlyMap<string, DirEntry>, after: readonly DirEntry[]) {
  const next = new Map<string, DirEntry>();
  for (const e of after) next.set(e.name, e);
  const added: DirEntry[] = [];
  const changed: DirEntry[] = [];
  const removed: DirEntry[] = [];
  for (const [name, e] of next) {
    const old = before.get(name);
    if (!old) added.push(e);
    else if (entryChanged(old, e)) changed.push(e);
  }
  for (const [name, e] of before) if (!next.has(name)) removed.push(e);
  return { next, added, removed, changed };
}

/** Entries per event when a snapshot directory's listing is sent (see watchFixed). */
export const FIXED_EVENT_ENTRIES = 1000;

/**
 * A snapshot cannot change: its listing (or why it cannot be listed), then nothing until the
 * client leaves: no polling at all. The listing goes out as events of FIXED_EVENT_ENTRIES
 * entries (together the full listing as `added`), and every watcher takes turns
 * (firstEventQueue) for each one: serialising 50,000 entries in one go holds the request
 * thread for seconds, so three hundred watchers of a huge directory would otherwise keep
 * everyone else waiting. The page never watches a snapshot; scripts get the same entries.
 * The agent answers these streams itself from bytes made once per path
 * (apps/agent/src/server/fixed-watch.ts); this is the page's local link and the fallback.
 */
async function* watchFixed(source: ObjectSource, path: string, signal: AbortSignal | undefined): AsyncGenerator<DirectoryChange> {
  const r = await source.list(path);
  const at = new Date().toISOString();
  if (!r.ok) {
    yield { at, added: [], removed: [], changed: [], error: { status: r.status, name: r.name, message: r.message } };
  } else {
    for (let i = 0; i === 0 || i < r.value.length; i += FIXED_EVENT_ENTRIES) {
      const release = await firstEventQueue.take(signal);
      if (!release) return;
      try {
        // Resumed once the stream has taken (serialised) the event: only then the next turn.
        yield { at, added: r.value.slice(i, i + FIXED_EVENT_ENTRIES), removed: [], changed: [], error: null };
      } finally {
        release();
      }
    }
  }
  await untilAborted(signal);
}

export const watchRouter = router({
  /** Polls one directory (bypassing the live cache) and pushes what changed. The first event
   * is the full listing as `added`. Ends when the client disconnects. */
  directory: publicProcedure
    .input(z.object({ path: ntPath, intervalMs }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<DirectoryChange> {
      if (await isStatic(ctx.source)) {
        yield* watchFixed(ctx.source, input.path, signal);
        return;
      }
      let state = new Map<string, DirEntry>();
      let first = true;
      let lastError: number | null = null;
      while (!signal?.aborted) {
        ctx.source.refresh(input.path);
        const r = await ctx.source.list(input.path);
        if (signal?.aborted) return;
        if (!r.ok) {
          if (lastError !== r.status || first) {
            lastError = r.status;
            yield {
              at: new Date().toISOString(),
              added: [],
              removed: [],
              changed: [],
              error: { status: r.status, name: r.name, message: r.message },
            };
          }
          first = false;
        } else {
          lastError = null;
          const d = diffListings(state, r.value);
          state = d.next;
          if (first || d.added.length || d.removed.length || d.changed.length) {
            first = false;
            yield { at: new Date().toISOString(), added: d.added, removed: d.removed, changed: d.changed, error: null };
          }
        }
        await sleep(input.intervalMs, signal);
      }
    }),
});
