'use client';
import { useEffect } from 'react';
import { displayPath } from '../lib/format';
import { useUi } from '../store/ui';
import { useSession } from '../lib/session';
import { useAgentHealth } from '../hooks/useSourceInfo';
import { StatusBar } from './StatusBar';
import { Banners } from './shell/Banners';
import { Explorer } from './shell/Explorer';
import { TABS, Toolbar } from './shell/Toolbar';
import { OtherView, Overlays } from './shell/views';
import { useShellKeys } from './shell/useShellKeys';
import { useFileDrop } from './shell/useFileDrop';

/** History entries and tabs read "objscope — \Device" instead of one title for every place. */
function useDocumentTitle(): void {
  const view = useUi((s) => s.view);
  const path = useUi((s) => s.path);
  useEffect(() => {
    document.title = view === 'explorer' ? `objscope — ${displayPath(path)}` : `objscope — ${TABS.find((t) => t.view === view)?.label ?? view}`;
  }, [path, view]);
}

export function Shell() {
  const view = useUi((s) => s.view);
  const { disconnected } = useAgentHealth();
  const session = useSession();
  const drop = useFileDrop();
  useDocumentTitle();
  useShellKeys();

  return (
    <div className="flex h-screen flex-col" data-testid="app" data-mode={session.mode} {...drop.handlers}>
      <Toolbar />
      <Banners disconnected={disconnected} />
      <main className="relative flex min-h-0 flex-1 flex-col">
        {/* Kept mounted in every view: its scroll position and tree survive a trip to another
            view, and the tree's readiness mark means the same thing wherever the page opens. */}
        <div className={view === 'explorer' ? 'flex min-h-0 flex-1 flex-col' : 'hidden'}>
          <Explorer />
        </div>
        <OtherView />
        <Overlays />
        {drop.dragging && (
          <div data-testid="drop-overlay" className="pointer-events-none absolute inset-3 z-40 flex items-center justify-center rounded-lg border-2 border-dashed border-[var(--color-accent)] bg-[var(--color-panel)]/80 text-lg">
            Drop a snapshot file to open it in the browser (read-only)
          </div>
        )}
      </main>
      <StatusBar />
    </div>
  );
}
