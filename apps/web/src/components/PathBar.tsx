'use client';
import { baseNtName, parentNtPath } from '@objscope/core';
import { useRefreshListing } from '../hooks/useRefreshListing';
import { useSourceInfo } from '../hooks/useSourceInfo';
import { useUi } from '../store/ui';
import { useSession } from '../lib/session';
import { usePathEditor } from './pathbar/usePathEditor';
import { Breadcrumbs } from './pathbar/Breadcrumbs';
import { PathInput } from './pathbar/PathInput';
import { LiveToggle, NavButton } from './pathbar/BarButtons';

export function PathBar() {
  const path = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const resetLayout = useUi((s) => s.resetLayout);
  const refresh = useRefreshListing();
  const { mode } = useSession();
  const info = useSourceInfo().data;
  const isLive = mode === 'agent' && (info?.kind === 'live' || info?.kind === 'wine');
  const editor = usePathEditor();

  return (
    <div className="relative flex items-center gap-1 border-b border-[var(--color-line)] bg-[var(--color-panel)] px-2 py-1" data-testid="path-bar">
      <NavButton label="Back" testid="nav-back" onClick={() => window.history.back()}>
        ←
      </NavButton>
      <NavButton label="Forward" testid="nav-forward" onClick={() => window.history.forward()}>
        →
      </NavButton>
      <NavButton label="Up (Backspace)" testid="nav-up" disabled={path === '\\'} onClick={() => navigate(parentNtPath(path), baseNtName(path))}>
        ↑
      </NavButton>
      <div className="relative min-w-0 flex-1">
        {editor.editing ? <PathInput editor={editor} /> : <Breadcrumbs path={path} navigate={navigate} startEditing={editor.startEditing} />}
      </div>
      <NavButton label="Refresh this directory (F5)" testid="refresh" onClick={() => void refresh()}>
        ⟳
      </NavButton>
      <button
        type="button"
        data-testid="reset-layout"
        title="Put the tree, the list's columns and the Properties pane back to their default sizes"
        onClick={resetLayout}
        className="shrink-0 whitespace-nowrap rounded px-2 py-0.5 text-[var(--color-dim)] hover:bg-[var(--color-hover)] hover:text-[var(--color-fg)]"
      >
        Reset layout
      </button>
      {isLive && <LiveToggle />}
    </div>
  );
}
