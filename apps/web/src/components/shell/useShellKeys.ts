'use client';
import { useEffect, useRef } from 'react';
import { joinNtPath, parentNtPath } from '@objscope/core';
import { displayPath } from '../../lib/format';
import { copyText } from '../../lib/clipboard';
import { useUi } from '../../store/ui';
import { useRefreshListing } from '../../hooks/useRefreshListing';

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

function goUp(): void {
  const ui = useUi.getState();
  const from = ui.path;
  ui.navigate(parentNtPath(from), from.slice(from.lastIndexOf('\\') + 1));
}

/** The page-wide keys: Ctrl+F, Ctrl+L, F5, Ctrl+C, Escape and Backspace, as WinObj has them. */
export function useShellKeys(): void {
  const refresh = useRefreshListing();
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUi.getState();
      const mod = e.ctrlKey || e.metaKey;
      const explorer = ui.view === 'explorer';
      if (mod && (e.key === 'f' || e.key === 'F')) {
        e.preventDefault();
        ui.setFindOpen(true);
      } else if (mod && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        if (!explorer) ui.setView('explorer');
        ui.focusPath();
      } else if (e.key === 'F5' && !mod && explorer) {
        // F5 refreshes the listing (WinObj's Refresh), not the page; Ctrl+F5 still reloads.
        e.preventDefault();
        void refreshRef.current();
      } else if (mod && (e.key === 'c' || e.key === 'C') && !e.shiftKey && !e.altKey && explorer && !isEditable(e.target) && !hasTextSelection()) {
        e.preventDefault();
        void copySelectionPath();
      } else if (e.key === 'Escape' && ui.findOpen) {
        ui.setFindOpen(false);
      } else if (e.key === 'Backspace' && !isEditable(e.target) && explorer && ui.path !== '\\') {
        e.preventDefault();
        goUp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
