import { entryChanged, type DirEntry } from '@objscope/core';
import { z } from 'zod';
import { intervalMs, ntPath } from '../inputs';
import { sleep } from '../poll';
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
export function diffListings(before: ReadonlyMap<string, DirEntry>, after: readonly DirEntry[]) {
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

export const watchRouter = router({
  /** Polls one directory (bypassing the live cache) and pushes what changed. The first event
   * is the full listing as `added`. Ends when the client disconnects. */
  directory: publicProcedure
    .input(z.object({ path: ntPath, intervalMs }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<DirectoryChange> {
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
