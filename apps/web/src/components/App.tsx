'use client';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TRPCProvider, createAgentClient, createLocalClient, type ObjscopeClient } from '../lib/trpc';
import { boot, decodeBytes } from '../lib/boot';
import { fileRejectedMessage } from '../lib/format';
import { forgetOpened, keepOpened, keptOpened } from '../lib/reopen';
import { SessionContext, type Session } from '../lib/session';
import type { Snapshot } from '@objscope/core';
import { useUi } from '../store/ui';
import { Shell } from './Shell';

interface Active {
  id: number;
  mode: 'agent' | 'local';
  label: string | null;
  client: ObjscopeClient;
  queryClient: QueryClient;
}

function makeQueryClient(mode: 'agent' | 'local'): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A snapshot never changes; live data is kept fresh by the watch subscription and
        // explicit refresh instead of refetching on every focus.
        staleTime: mode === 'local' ? Infinity : 5_000,
        refetchOnWindowFocus: false,
        // One retry for a dropped connection; a refused input or a snapshot will not change.
        retry: (n, err) => mode === 'agent' && n < 1 && !(err as { data?: { code?: string } | null }).data?.code,
      },
    },
  });
}

let nextId = 0;

export default function App() {
  const [active, setActive] = useState<Active | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [fatalDownload, setFatalDownload] = useState<string | null>(null);
  const [agentPresent, setAgentPresent] = useState(false);
  const notify = useUi((s) => s.notify);
  const theme = useUi((s) => s.theme);

  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);

  useEffect(() => {
    const onPop = () => useUi.getState().syncFromLocation();
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const startAgent = useCallback(() => {
    setActive({ id: ++nextId, mode: 'agent', label: null, client: createAgentClient(), queryClient: makeQueryClient('agent') });
  }, []);

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
        setActive({ id: ++nextId, mode: 'local', label, client, queryClient: makeQueryClient('local') });
        useUi.getState().navigate(path, sel, { replace: true });
        useUi.getState().notify('info', `Reopened ${kept.name} after the reload (this tab keeps it until you go back to the agent).`);
        return;
      }
      if (b.kind === 'agent') {
        startAgent();
      } else if (b.kind === 'local') {
        const client = await createLocalClient(b.snapshot, { kind: b.sourceKind, label: b.label });
        if (!cancelled) setActive({ id: ++nextId, mode: 'local', label: b.label, client, queryClient: makeQueryClient('local') });
      } else {
        setFatal(b.message);
        setFatalDownload(b.download ?? null);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [startAgent]);

  const showSnapshot = useCallback(async (snapshot: Snapshot, label: string, at?: { path: string; sel: string | null }) => {
    const client = await createLocalClient(snapshot, { kind: 'snapshot', label });
    setFatal(null);
    setActive({ id: ++nextId, mode: 'local', label, client, queryClient: makeQueryClient('local') });
    useUi.getState().navigate(at?.path ?? '\\', at?.sel ?? null, { replace: false });
  }, []);

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

  const session: Session = useMemo(
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

  if (!active) {
    return (
      <SessionContext.Provider value={session}>
        <BootScreen fatal={fatal} download={fatalDownload} onFile={openSnapshotFile} />
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={active.queryClient}>
        <TRPCProvider trpcClient={active.client} queryClient={active.queryClient}>
          <Shell key={active.id} />
        </TRPCProvider>
      </QueryClientProvider>
    </SessionContext.Provider>
  );
}

function BootScreen({ fatal, download, onFile }: { fatal: string | null; download: string | null; onFile: (f: File) => Promise<void> }) {
  if (!fatal) {
    return (
      <div className="p-6 text-[var(--color-dim)]" data-testid="app-loading">
        Connecting…
      </div>
    );
  }
  return (
    <div
      className="p-6 max-w-2xl"
      data-testid="boot-failed"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        e.preventDefault();
        const f = e.dataTransfer.files[0];
        if (f) void onFile(f);
      }}
    >
      <div role="alert" data-testid="banner-rejected" className="rounded border border-[var(--color-bad)] bg-[var(--color-bad-bg)] p-3 text-[var(--color-bad)] whitespace-pre-wrap break-words">
        {fatal}
      </div>
      <div className="mt-4 flex flex-wrap gap-3">
        {download && (
          // A top-level navigation (a download), not a fetch: no policy of this page is loosened,
          // and the page never reads what comes back. Only http(s) URLs get here.
          <a href={download} target="_blank" rel="noopener noreferrer" className="inline-block rounded border border-[var(--color-line)] px-3 py-1.5" data-testid="boot-download">
            Download the snapshot file
          </a>
        )}
        <label className="inline-block cursor-pointer rounded border border-[var(--color-line)] px-3 py-1.5">
          Open a snapshot file instead…
          <input type="file" className="hidden" accept=".gz,.objscope,application/gzip" onChange={(e) => { const f = e.target.files?.[0]; if (f) void onFile(f); }} />
        </label>
        <a href={window.location.pathname} className="inline-block rounded border border-[var(--color-line)] px-3 py-1.5" data-testid="boot-home">
          Open this site without the snapshot link
        </a>
      </div>
    </div>
  );
}
