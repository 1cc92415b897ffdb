// The report the panel shows: the first scan, then, on a live source, the zombies.watch
// subscription's rescans (pausable), with what each one added since the report on screen.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { ZombieReport } from '@objscope/core';
import { useTRPC } from '../../lib/trpc';
import { useSession } from '../../lib/session';
import { useSourceInfo } from '../../hooks/useSourceInfo';

export const WATCH_MS = 5000;

type LiveReport = { report: ZombieReport; added: number[]; removed: number[] };

/** A fresh subscription's first event, with added/removed relative to the report on screen. */
function sinceShown(shown: ZombieReport | null, e: LiveReport): LiveReport {
  if (!shown) return { ...e, added: [], removed: [] };
  const before = new Set(shown.processes.map((p) => p.pid));
  const now = new Set(e.report.processes.map((p) => p.pid));
  return { report: e.report, added: [...now].filter((pid) => !before.has(pid)), removed: [...before].filter((pid) => !now.has(pid)) };
}

export function useZombieReport() {
  const trpc = useTRPC();
  const { mode } = useSession();
  const info = useSourceInfo().data;
  const isLive = mode === 'agent' && (info?.kind === 'live' || info?.kind === 'wine');
  const [paused, setPaused] = useState(false);
  const scan = useQuery({ ...trpc.zombies.scan.queryOptions(), retry: false });
  const [live, setLive] = useState<LiveReport | null>(null);
  // The first event of each subscription lists every zombie as added. On first open that is not
  // news; after a Resume, what is news is the difference from what the page showed when paused.
  const primed = useRef(false);
  useEffect(() => {
    primed.current = false;
  }, [paused]);
  const sub = useSubscription(
    trpc.zombies.watch.subscriptionOptions(
      { intervalMs: WATCH_MS },
      {
        enabled: isLive && !paused,
        onData: (e) => {
          const first = !primed.current;
          primed.current = true;
          setLive((prev) => (first ? sinceShown(prev?.report ?? scan.data ?? null, e) : e));
        },
      },
    ),
  );
  const rescan = () => {
    setLive(null);
    void scan.refetch();
  };
  return {
    report: live?.report ?? scan.data ?? null,
    /** New zombie processes since the last scan; null before any live update. */
    added: live?.added.length ?? null,
    hasLive: live !== null,
    scan,
    subStatus: sub.status,
    isLive,
    paused,
    togglePaused: () => setPaused((p) => !p),
    rescan,
  };
}
