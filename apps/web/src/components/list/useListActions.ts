'use client';
import type { RefObject } from 'react';
import { joinNtPath, type DirEntry } from '@objscope/core';
import type { DirectoryView } from '../../hooks/useDirectory';
import { useUi } from '../../store/ui';
import { HEADER_HEIGHT } from './ListHeader';
import { ROW_HEIGHT } from './ListRow';

/** What a row does when opened, asked for its menu, or reached by the list's keys. */
export function useListActions(path: string, dir: DirectoryView, cursor: number, moveTo: (i: number) => void, scroller: RefObject<HTMLDivElement | null>) {
  const navigate = useUi((s) => s.navigate);
  const select = useUi((s) => s.select);
  const openProperties = useUi((s) => s.openProperties);
  const openMenu = useUi((s) => s.openMenu);

  // Enter and double-click: a directory opens (as in WinObj), anything else shows its Properties.
  const open = (e: DirEntry) => {
    if (e.type === 'Directory') navigate(joinNtPath(path, e.name));
    else {
      select(e.name);
      openProperties(true);
    }
  };

  const menuAt = (e: DirEntry, x: number, y: number) => openMenu({ x, y, dir: path, name: e.name, type: e.type, target: e.target });

  const onKey = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(((scroller.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const r = dir.row(cursor);
    const el = scroller.current?.querySelector(`[data-index="${cursor}"]`);
    const box = el?.getBoundingClientRect();
    const menu = () => {
      if (!r || !box) return false;
      menuAt(r, box.left + 24, box.bottom);
      return true;
    };
    const handled = listKey(e, { cursor, page, total: dir.total, moveTo, open: () => r && open(r), menu });
    if (handled) e.preventDefault();
  };
  return { open, menuAt, onKey };
}

/** The list's keys (WinObj's, plus the context-menu key); false when the key is not one. */
function listKey(
  e: React.KeyboardEvent,
  k: { cursor: number; page: number; total: number; moveTo: (i: number) => void; open: () => void; menu: () => boolean },
): boolean {
  if (e.key === 'ArrowDown') k.moveTo(k.cursor + 1);
  else if (e.key === 'ArrowUp') k.moveTo(k.cursor - 1);
  else if (e.key === 'PageDown') k.moveTo(k.cursor + k.page);
  else if (e.key === 'PageUp') k.moveTo(k.cursor - k.page);
  else if (e.key === 'Home') k.moveTo(0);
  else if (e.key === 'End') k.moveTo(k.total - 1);
  else if (e.key === 'Enter') k.open();
  // No row under the cursor: the key is left to the browser.
  else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return k.menu();
  else return false;
  return true;
}
