import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { joinNtPath, type DirEntry } from '@objscope/core';
import { useTRPC } from '../lib/trpc';
import { useUi } from '../store/ui';
import { useIsLive } from './useLive';

/**
 * How often the selected object's details are re-read on a live source. The directory watch
 * sees names, types and link targets come and go, but not state inside an object (an event
 * set or reset, a semaphore released, a handle count): only re-reading the object does. One
 * open and a few queries every few seconds, for one object, while not paused.
 */
const DETAILS_POLL_MS = 3000;

/** Details of one object; on a live source they follow changes until the user pauses. */
export function useObjectDetails(path: string) {
  const trpc = useTRPC();
  const live = useIsLive();
  const paused = useUi((s) => s.paused);
  return useQuery({
    ...trpc.namespace.details.queryOptions({ path }),
    refetchInterval: live && !paused ? DETAILS_POLL_MS : false,
    // A hidden tab does not need the kernel re-read every few seconds.
    refetchIntervalInBackground: false,
  });
}

/**
 * Re-reads the details of objects the directory watch reported added, removed or changed in
 * `dir` (the selected one, or any cached) now, rather than at the next poll.
 */
export function useDetailsInvalidator(): (dir: string, ev: { added: readonly DirEntry[]; removed: readonly DirEntry[]; changed: readonly DirEntry[] }) => void {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useCallback(
    (dir, ev) => {
      for (const e of [...ev.added, ...ev.removed, ...ev.changed]) {
        void qc.invalidateQueries({ queryKey: trpc.namespace.details.queryKey({ path: joinNtPath(dir, e.name) }) });
      }
    },
    [trpc, qc],
  );
}
