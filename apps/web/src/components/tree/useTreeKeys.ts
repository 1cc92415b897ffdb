'use client';
import type { RefObject } from 'react';
import { parentNtPath } from '@objscope/core';
import type { TreeRow } from './useTreeRows';

/**
 * The tree's keys, as in Explorer: arrows move and open or close, Home and End jump, the context
 * menu key (or Shift+F10) opens the menu under the current row. The "more" note is never a target.
 */
export function useTreeKeys(
  rows: TreeRow[],
  currentIndex: number,
  scroller: RefObject<HTMLDivElement | null>,
  act: { navigate: (path: string) => void; toggle: (path: string, open?: boolean) => void; menuAt: (path: string, x: number, y: number) => void },
): (e: React.KeyboardEvent) => void {
  return (e) => {
    const row = rows[currentIndex];
    if (!row) return;
    const go = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (r && r.note !== 'more') act.navigate(r.path);
    };
    if (e.key === 'ArrowDown') go(currentIndex + 1);
    else if (e.key === 'ArrowUp') go(currentIndex - 1);
    else if (e.key === 'ArrowRight') {
      if (!row.expanded) act.toggle(row.path, true);
      else go(currentIndex + 1);
    } else if (e.key === 'ArrowLeft') {
      if (row.expanded && row.path !== '\\') act.toggle(row.path, false);
      else act.navigate(parentNtPath(row.path));
    } else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(rows.length - 1);
    else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      const box = scroller.current?.querySelector(`[data-index="${currentIndex}"]`)?.getBoundingClientRect();
      if (box) act.menuAt(row.path, box.left + 24, box.bottom);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
}
