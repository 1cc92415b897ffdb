'use client';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { joinNtPath, parentNtPath } from '@objscope/core';
import { displayPath } from '../lib/format';
import { useUi } from '../store/ui';
import { useSession } from '../lib/session';
import { useAgentHealth, useSourceInfo } from '../hooks/useSourceInfo';
import { useTRPCClient } from '../lib/trpc';
import type { View } from '../lib/url';
import { PathBar } from './PathBar';
import { TreePane } from './TreePane';
import { ListPane } from './ListPane';
import { PropertiesPane } from './PropertiesPane';
import { StatusBar } from './StatusBar';
import { Splitter } from './Splitter';
import { Notices } from './Notices';
import { ObjectMenu } from './ObjectMenu';
import { useRefreshListing } from '../hooks/useRefreshListing';
import { copyText } from '../lib/clipboard';
import { humanLabel } from '../lib/format';
import { LIMITS, defaultPropsWidth, defaultTreeWidth } from '../lib/prefs';
import { useFleetTab } from '../hooks/useFleetTab';

// The views a page does not open with are fetched when first shown: the cold page loads only
// the explorer (issue 22: each added view had made the first paint slower).
const FindPanel = lazy(() => import('./FindPanel').then((m) => ({ default: m.FindPanel })));
const TypesView = lazy(() => import('./TypesView').then((m) => ({ default: m.TypesView })));
const MemoryCard = lazy(() => import('./MemoryCard').then((m) => ({ default: m.MemoryCard })));
const CompareView = lazy(() => import('./CompareView').then((m) => ({ default: m.CompareView })));
const ZombiePanel = lazy(() => import('./zombies/ZombiePanel').then((m) => ({ default: m.ZombiePanel })));
const FleetView = lazy(() => import('./fleet/FleetView').then((m) => ({ default: m.FleetView })));
const PropertiesDialog = lazy(() => import('./PropertiesDialog').then((m) => ({ default: m.PropertiesDialog })));

function ViewLoading() {
  return (
    <p className="p-4 text-[var(--color-dim)]" role="status" data-testid="view-loading">
      Loading this view…
    </p>
  );
}

const TABS: { view: View; label: string }[] = [
  { view: 'explorer', label: 'Explorer' },
  { view: 'types', label: 'Object types' },
  { view: 'memory', label: 'Memory conditions' },
  { view: 'zombies', label: 'Zombies' },
  { view: 'compare', label: 'Compare' },
  { view: 'fleet', label: 'Fleet' },
];

function isEditable(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

/** Text the user selected on the page: Ctrl+C copies that, as everywhere, not the object's path. */
function hasTextSelection(): boolean {
  const s = window.getSelection();
  return s !== null && !s.isCollapsed && s.toString().length > 0;
}

/** Ctrl+C outside a text field: the selected object's full path (the directory's without one). */
async function copySelectionPath(): Promise<void> {
  const ui = useUi.getState();
  const full = ui.sel === null ? ui.path : joinNtPath(ui.path, ui.sel);
  const ok = await copyText(full);
  ui.notify(ok ? 'info' : 'error', ok ? `Copied the path: ${displayPath(full)}` : 'The browser did not allow copying the path.');
}

export function Shell() {
  const view = useUi((s) => s.view);
  const findOpen = useUi((s) => s.findOpen);
  const { disconnected } = useAgentHealth();
  const [dragging, setDragging] = useState(false);
  const session = useSession();
  const dragDepth = useRef(0);

  const path = useUi((s) => s.path);
  const propsOpen = useUi((s) => s.propsOpen);
  const refresh = useRefreshListing();
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    // History entries and tabs read "objscope — \Device" instead of one title for every place.
    document.title = view === 'explorer' ? `objscope — ${displayPath(path)}` : `objscope — ${TABS.find((t) => t.view === view)?.label ?? view}`;
  }, [path, view]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUi.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && (e.key === 'f' || e.key === 'F')) {
        e.preventDefault();
        ui.setFindOpen(true);
      } else if (mod && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        if (ui.view !== 'explorer') ui.setView('explorer');
        ui.focusPath();
      } else if (e.key === 'F5' && !mod && ui.view === 'explorer') {
        // F5 refreshes the listing (WinObj's Refresh), not the page; Ctrl+F5 still reloads.
        e.preventDefault();
        void refreshRef.current();
      } else if (mod && (e.key === 'c' || e.key === 'C') && !e.shiftKey && !e.altKey && ui.view === 'explorer' && !isEditable(e.target) && !hasTextSelection()) {
        e.preventDefault();
        void copySelectionPath();
      } else if (e.key === 'Escape' && ui.findOpen) {
        ui.setFindOpen(false);
      } else if (e.key === 'Backspace' && !isEditable(e.target) && ui.view === 'explorer' && ui.path !== '\\') {
        e.preventDefault();
        const from = ui.path;
        ui.navigate(parentNtPath(from), from.slice(from.lastIndexOf('\\') + 1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onDrop = (e: React.DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    const f = e.dataTransfer.files[0];
    // The compare view takes its own drops (two files); elsewhere a drop opens the snapshot.
    if (f && useUi.getState().view !== 'compare') void session.openSnapshotFile(f);
  };

  return (
    <div
      className="flex h-screen flex-col"
      data-testid="app"
      data-mode={session.mode}
      onDragEnter={(e) => {
        if (!e.dataTransfer.types.includes('Files') || useUi.getState().view === 'compare') return;
        dragDepth.current++;
        setDragging(true);
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      <Toolbar />
      <Banners disconnected={disconnected} />
      <main className="relative flex min-h-0 flex-1 flex-col">
        {/* Kept mounted in every view: its scroll position and tree survive a trip to another
            view, and the tree's readiness mark means the same thing wherever the page opens. */}
        <div className={view === 'explorer' ? 'flex min-h-0 flex-1 flex-col' : 'hidden'}>
          <Explorer />
        </div>
        <Suspense fallback={<ViewLoading />}>
          {view === 'types' && <TypesView />}
          {view === 'memory' && (
            <div className="min-h-0 flex-1 overflow-auto p-4">
              <MemoryCard />
            </div>
          )}
          {view === 'zombies' && (
            <div className="min-h-0 flex-1 overflow-auto p-4" data-testid="zombies">
              <ZombiePanel />
            </div>
          )}
          {view === 'compare' && <CompareView />}
          {view === 'fleet' && <FleetView />}
        </Suspense>
        <Suspense fallback={null}>
          {findOpen && <FindPanel />}
          {propsOpen && view === 'explorer' && <PropertiesDialog />}
        </Suspense>
        <ObjectMenu />
        {dragging && (
          <div data-testid="drop-overlay" className="pointer-events-none absolute inset-3 z-40 flex items-center justify-center rounded-lg border-2 border-dashed border-[var(--color-accent)] bg-[var(--color-panel)]/80 text-lg">
            Drop a snapshot file to open it in the browser (read-only)
          </div>
        )}
      </main>
      <StatusBar />
    </div>
  );
}

function subscribeResize(cb: () => void) {
  window.addEventListener('resize', cb);
  return () => window.removeEventListener('resize', cb);
}

/** The window's width, for the panes' default sizes. */
function useViewportWidth(): number {
  return useSyncExternalStore(subscribeResize, () => window.innerWidth, () => 1280);
}

/** The list keeps at least this much room whatever the side panes are set to. */
const LIST_MIN = 320;

function Explorer() {
  const layout = useUi((s) => s.layout);
  const setLayout = useUi((s) => s.setLayout);
  const vw = useViewportWidth();
  const props = layout.props ?? defaultPropsWidth(vw);
  const treeMax = Math.max(LIMITS.tree.min, Math.min(LIMITS.tree.max, vw - props - LIST_MIN));
  const tree = Math.min(layout.tree ?? defaultTreeWidth(vw), treeMax);
  const propsMax = Math.max(LIMITS.props.min, Math.min(LIMITS.props.max, vw - tree - LIST_MIN));
  const propsShown = Math.min(props, propsMax);
  return (
    <>
      <PathBar />
      {/* The panes come first in the document and the splitters after them (placed between
          by CSS order), so Tab reaches the tree, the rows and Properties before the resize
          handles. */}
      <div className="flex min-h-0 flex-1">
        <div id="pane-tree" className="order-1 flex shrink-0 overflow-hidden" style={{ width: tree }} data-testid="pane-tree">
          <TreePane />
        </div>
        <div className="order-3 flex min-w-0 flex-1">
          <ListPane />
        </div>
        <div id="pane-props" className="order-5 flex shrink-0 overflow-hidden" style={{ width: propsShown }} data-testid="pane-props">
          <PropertiesPane />
        </div>
        <Splitter
          label="Resize the directory tree"
          testid="split-tree"
          controls="pane-tree"
          value={tree}
          min={LIMITS.tree.min}
          max={treeMax}
          onChange={(v) => setLayout({ tree: v })}
          className="order-2 w-1 -mx-0.5"
        />
        <Splitter
          label="Resize the Properties pane"
          testid="split-props"
          controls="pane-props"
          invert
          value={propsShown}
          min={LIMITS.props.min}
          max={propsMax}
          onChange={(v) => setLayout({ props: v })}
          className="order-4 w-1 -mx-0.5"
        />
      </div>
    </>
  );
}

function Toolbar() {
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const setFindOpen = useUi((s) => s.setFindOpen);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const session = useSession();
  const client = useTRPCClient();
  const notify = useUi((s) => s.notify);
  const [saving, setSaving] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const fleet = useFleetTab();

  const save = async () => {
    setSaving(true);
    try {
      const { fileName, base64 } = await client.snapshot.export.query();
      const bin = atob(base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/gzip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      notify('error', `Saving the snapshot failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <header className="flex items-center gap-1 border-b border-[var(--color-line)] bg-[var(--color-panel)] px-2 py-1.5" data-testid="toolbar">
      <span className="mr-3 font-semibold tracking-tight">objscope</span>
      <nav className="flex gap-0.5" role="tablist" aria-label="Views">
        {TABS.filter((t) => t.view !== 'fleet' || fleet.shown).map((t) => (
          <button
            key={t.view}
            role="tab"
            aria-selected={view === t.view}
            data-testid={`nav-${t.view}`}
            onClick={() => (t.view === 'fleet' ? fleet.go() : setView(t.view))}
            className={`rounded px-2.5 py-1 ${view === t.view ? 'bg-[var(--color-sel)] font-medium' : 'hover:bg-[var(--color-hover)]'}`}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <div className="flex-1" />
      <ToolButton testid="open-find" title="Find objects (Ctrl+F)" onClick={() => setFindOpen(true)}>
        Find
      </ToolButton>
      <ToolButton testid="open-snapshot" title="Open a snapshot file in the browser" onClick={() => fileRef.current?.click()}>
        Open snapshot…
      </ToolButton>
      <input
        ref={fileRef}
        type="file"
        className="hidden"
        data-testid="snapshot-file-input"
        accept=".gz,.objscope,application/gzip"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void session.openSnapshotFile(f);
        }}
      />
      <ToolButton testid="save-snapshot" title="Download the current source as a snapshot file" onClick={() => void save()} disabled={saving}>
        {saving ? 'Saving…' : 'Save snapshot'}
      </ToolButton>
      {session.mode === 'local' && session.agentPresent && (
        <ToolButton testid="back-to-agent" title="Leave the snapshot and talk to the agent again" onClick={session.backToAgent}>
          Back to agent
        </ToolButton>
      )}
      <ToolButton
        testid="theme-toggle"
        title={`Theme: ${theme} (click to change)`}
        onClick={() => setTheme(theme === 'system' ? 'dark' : theme === 'dark' ? 'light' : 'system')}
      >
        {theme === 'system' ? 'Theme: system' : theme === 'dark' ? 'Theme: dark' : 'Theme: light'}
      </ToolButton>
    </header>
  );
}

function ToolButton(props: { children: ReactNode; onClick: () => void; title?: string; testid?: string; disabled?: boolean; active?: boolean }) {
  return (
    <button
      type="button"
      title={props.title}
      data-testid={props.testid}
      disabled={props.disabled}
      aria-pressed={props.active}
      onClick={props.onClick}
      className={`rounded border border-[var(--color-line)] px-2.5 py-1 disabled:opacity-50 ${props.active ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'}`}
    >
      {props.children}
    </button>
  );
}

function Banners({ disconnected }: { disconnected: boolean }) {
  const session = useSession();
  const info = useSourceInfo().data;
  return (
    <div data-testid="banners">
      {disconnected && (
        <div role="alert" data-testid="banner-disconnected" className="border-b border-[var(--color-bad)] bg-[var(--color-bad-bg)] px-3 py-1.5 text-[var(--color-bad)]">
          Agent disconnected — reconnecting automatically… (what is on screen may be out of date)
        </div>
      )}
      {session.mode === 'local' ? (
        <div data-testid="banner-snapshot" className="border-b border-[var(--color-line)] bg-[var(--color-warn-bg)] px-3 py-1 text-[var(--color-warn)]">
          Viewing a snapshot in the browser, read-only: {session.label === null ? '' : humanLabel(session.label)}
        </div>
      ) : info?.kind === 'share' || info?.kind === 'snapshot' ? (
        // Share mode and --snapshot say what they are as loudly as the sample does: a snapshot,
        // read-only, from another time and maybe another machine.
        <div data-testid="banner-share" className="border-b border-[var(--color-line)] bg-[var(--color-warn-bg)] px-3 py-1 text-[var(--color-warn)]">
          {info.kind === 'share' ? 'Shared snapshot, read-only' : 'Snapshot, read-only'}: {humanLabel(info.label)}
        </div>
      ) : info?.kind === 'sample' ? (
        // The agent fell back to its bundled sample: say so loudly, nobody should mistake it
        // for this machine's namespace.
        <div data-testid="banner-sample" className="border-b border-[var(--color-line)] bg-[var(--color-warn-bg)] px-3 py-1 text-[var(--color-warn)]">
          Sample data, not this machine: {humanLabel(info.label)}
        </div>
      ) : null}
      <Notices />
    </div>
  );
}
