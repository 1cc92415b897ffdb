import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { DirectoryChange } from '@objscope/api';
import { useTRPC } from '../lib/trpc';
import { useUi } from '../store/ui';
import { useIsLive } from './useLive';
import { useDetailsInvalidator } from './useObjectDetails';

const WATCH_INTERVAL_MS = 2000;

/**
 * Watches the open directory on a live source and keeps what is on screen current: the
 * listing, and the details of objects that came, went or changed. `onChange` hears about each
 * real change (for highlighting); the subscription's first event is its baseline, not news.
 *
 * Pausing stops the subscription. Resuming starts a new one, whose baseline is the namespace
 * as it is now; everything the page shows from the namespace is then re-read, so what happened
 * during the pause (objects created, deleted, retargeted, events set) is applied, not lost.
 * The baseline also re-reads the listing on first open: an object created between the list
 * request and the watch's first poll would otherwise never appear.
 */
export function useDirectoryWatch(path: string, ready: boolean, onChange: (ev: DirectoryChange) => void): void {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const live = useIsLive();
  const paused = useUi((s) => s.paused);
  const invalidateDetails = useDetailsInvalidator();
  const primed = useRef(false);
  const resumed = useRef(false);
  const wasPaused = useRef(paused);
  useEffect(() => {
    primed.current = false;
  }, [path, paused]);
  useEffect(() => {
    if (wasPaused.current && !paused) resumed.current = true;
    wasPaused.current = paused;
  }, [paused]);
  // The latest callback, without restarting the subscription when it changes.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useSubscription(
    trpc.watch.directory.subscriptionOptions(
      { path, intervalMs: WATCH_INTERVAL_MS },
      {
        enabled: live && !paused && ready,
        onData: (ev) => {
          if (!primed.current) {
            primed.current = true;
            if (resumed.current) {
              resumed.current = false;
              void qc.invalidateQueries({ queryKey: trpc.namespace.pathKey() });
            } else {
              void qc.invalidateQueries({ queryKey: trpc.namespace.list.pathKey() });
            }
            return;
          }
          if (ev.error) {
            // Vanished or now denied: refetch so the list shows that state instead of stale rows.
            void qc.invalidateQueries({ queryKey: trpc.namespace.list.pathKey() });
            return;
          }
          if (ev.added.length + ev.removed.length + ev.changed.length === 0) return;
          invalidateDetails(path, ev);
          void qc.invalidateQueries({ queryKey: trpc.namespace.list.pathKey() });
          onChangeRef.current(ev);
        },
      },
    ),
  );
}
