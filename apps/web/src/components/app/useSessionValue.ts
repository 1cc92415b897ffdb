'use client';
import { useCallback, useMemo } from 'react';
import type { Snapshot } from '@objscope/core';
import { createLocalClient } from '../../lib/trpc';
import { decodeBytes } from '../../lib/boot';
import { fileRejectedMessage } from '../../lib/format';
import { forgetOpened, keepOpened } from '../../lib/reopen';
import type { Session } from '../../lib/session';
import { useUi } from '../../store/ui';
import { newActive, type Active } from './active';

/** What the views may do to the page's source: open a snapshot, go back to the agent. */
export function useSessionValue(active: Active | null, agentPresent: boolean, setActive: (a: Active) => void, clearFatal: () => void, startAgent: () => void): Session {
  const notify = useUi((s) => s.notify);

  const showSnapshot = useCallback(
    async (snapshot: Snapshot, label: string, at?: { path: string; sel: string | null }) => {
      const client = await createLocalClient(snapshot, { kind: 'snapshot', label });
      clearFatal();
      setActive(newActive('local', label, client));
      useUi.getState().navigate(at?.path ?? '\\', at?.sel ?? null, { replace: false });
    },
    [clearFatal, setActive],
  );

  // A snapshot known only decoded (a side of Compare) has no file bytes to keep: the page asks
  // before a reload drops it.
  const openSnapshot = useCallback(
    async (snapshot: Snapshot, label: string, at?: { path: string; sel: string | null }) => {
      await showSnapshot(snapshot, label, at);
      await keepOpened(label, null);
    },
    [showSnapshot],
  );

  const openSnapshotFile = useCallback(
    async (file: File) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await decodeBytes(bytes);
      if (!r.ok) {
        // The current view stays as it was: a rejected file changes nothing but this message.
        notify('error', fileRejectedMessage(file.name, r.error));
        return;
      }
      await showSnapshot(r.snapshot, `Snapshot file ${file.name}`);
      void keepOpened(file.name, bytes);
      notify('info', `Opened ${file.name}: ${r.snapshot.meta.objectCount.toLocaleString('en-US')} objects, read-only.`);
    },
    [notify, showSnapshot],
  );

  return useMemo(
    () => ({
      mode: active?.mode ?? 'agent',
      label: active?.label ?? null,
      agentPresent,
      openSnapshotFile,
      openSnapshot,
      backToAgent: () => {
        // What was said about the snapshot no longer applies.
        useUi.getState().clearNotices();
        void forgetOpened();
        startAgent();
        useUi.getState().navigate('\\');
      },
      openAgentAt: (at) => {
        // Already talking to the agent: keep its caches, just go there.
        if (active?.mode !== 'agent') {
          void forgetOpened();
          startAgent();
        }
        useUi.getState().navigate(at.path, at.sel);
      },
    }),
    [active, agentPresent, openSnapshotFile, openSnapshot, startAgent],
  );
}
