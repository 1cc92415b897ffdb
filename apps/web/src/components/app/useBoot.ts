'use client';
import { useEffect } from 'react';
import { createLocalClient } from '../../lib/trpc';
import { boot, decodeBytes } from '../../lib/boot';
import { keptOpened } from '../../lib/reopen';
import { useUi } from '../../store/ui';
import { newActive, type Active } from './active';

interface BootSetters {
  setActive: (a: Active) => void;
  setAgentPresent: (v: boolean) => void;
  setFatal: (message: string, download: string | null) => void;
  startAgent: () => void;
}

/** Decides once what the page talks to: a file kept across a reload, the agent, or a snapshot. */
export function useBoot({ setActive, setAgentPresent, setFatal, startAgent }: BootSetters): void {
  useEffect(() => {
    let cancelled = false;
    void boot(useUi.getState().snapshotUrl).then(async (b) => {
      if (cancelled) return;
      if (b.kind === 'agent') setAgentPresent(true);
      // A reload of a tab that had a snapshot file open comes back to that file, where it was.
      const kept = await keptOpened();
      const decoded = kept ? await decodeBytes(kept.bytes) : null;
      if (cancelled) return;
      if (kept && decoded?.ok) {
        const { path, sel } = useUi.getState();
        const label = `Snapshot file ${kept.name}`;
        const client = await createLocalClient(decoded.snapshot, { kind: 'snapshot', label });
        if (cancelled) return;
        setActive(newActive('local', label, client));
        useUi.getState().navigate(path, sel, { replace: true });
        useUi.getState().notify('info', `Reopened ${kept.name} after the reload (this tab keeps it until you go back to the agent).`);
        return;
      }
      if (b.kind === 'agent') {
        startAgent();
      } else if (b.kind === 'local') {
        const client = await createLocalClient(b.snapshot, { kind: b.sourceKind, label: b.label });
        if (!cancelled) setActive(newActive('local', b.label, client));
      } else {
        setFatal(b.message, b.download ?? null);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [setActive, setAgentPresent, setFatal, startAgent]);
}
