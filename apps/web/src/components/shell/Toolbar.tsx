'use client';
import { useRef, useState, type ReactNode } from 'react';
import { useUi } from '../../store/ui';
import { useSession } from '../../lib/session';
import { useTRPCClient } from '../../lib/trpc';
import type { View } from '../../lib/url';
import { useFleetTab } from '../../hooks/useFleetTab';

export const TABS: { view: View; label: string }[] = [
  { view: 'explorer', label: 'Explorer' },
  { view: 'types', label: 'Object types' },
  { view: 'memory', label: 'Memory conditions' },
  { view: 'zombies', label: 'Zombies' },
  { view: 'compare', label: 'Compare' },
  { view: 'fleet', label: 'Fleet' },
];

/** Downloads the current source as a snapshot file (the agent's export, or the page's own). */
function useSaveSnapshot() {
  const client = useTRPCClient();
  const notify = useUi((s) => s.notify);
  const [saving, setSaving] = useState(false);
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

  return { saving, save };
}

function ViewTabs() {
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const fleet = useFleetTab();
  return (
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
  );
}

export function Toolbar() {
  const setFindOpen = useUi((s) => s.setFindOpen);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const session = useSession();
  const { saving, save } = useSaveSnapshot();
  const fileRef = useRef<HTMLInputElement>(null);

  return (
    <header className="flex items-center gap-1 border-b border-[var(--color-line)] bg-[var(--color-panel)] px-2 py-1.5" data-testid="toolbar">
      <span className="mr-3 font-semibold tracking-tight">objscope</span>
      <ViewTabs />
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

