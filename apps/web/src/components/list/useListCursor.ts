'use client';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { DirectoryView } from '../../hooks/useDirectory';

/**
 * The list's keyboard cursor: where it is, how it moves, and how it follows a selection made
 * elsewhere. A move onto a row whose page is still loading selects that row once it arrives.
 */
export function useListCursor(
  path: string,
  sel: string | null,
  select: (name: string) => void,
  dir: DirectoryView,
  v: Virtualizer<HTMLDivElement, Element>,
  scroller: RefObject<HTMLDivElement | null>,
): { cursor: number; setCursor: (i: number) => void; moveTo: (i: number) => void } {
  const [cursor, setCursor] = useState(0);
  const cursorRef = useRef(0);
  const pendingSelect = useRef(false);
  cursorRef.current = cursor;

  // New directory: back to the top left, and the cursor on the selected entry when it is in view.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0, left: 0 });
    setCursor(0);
    pendingSelect.current = false;
  }, [path, scroller]);

  const dirRef = useRef(dir);
  dirRef.current = dir;
  useEffect(() => {
    if (!pendingSelect.current) return;
    const r = dir.row(cursor);
    if (r) {
      pendingSelect.current = false;
      select(r.name);
    }
  });

  // The cursor follows a selection made elsewhere (deep link, "go up", find, go to target),
  // looked up in the pages already loaded; it never runs on the cursor's own moves.
  const firstLoaded = dir.status === 'ok' && dir.row(0) !== undefined;
  useEffect(() => {
    const d = dirRef.current;
    if (sel === null || !firstLoaded || pendingSelect.current) return;
    if (d.row(cursorRef.current)?.name === sel) return;
    for (let i = 0; i < d.total; i++) {
      const r = d.row(i);
      if (r === undefined) break;
      if (r.name === sel) {
        setCursor(i);
        v.scrollToIndex(i, { align: 'auto' });
        return;
      }
    }
  }, [sel, firstLoaded, path, v]);

  const moveTo = (i: number) => {
    if (dir.total === 0) return;
    const c = Math.max(0, Math.min(dir.total - 1, i));
    setCursor(c);
    v.scrollToIndex(c, { align: 'auto' });
    const r = dir.row(c);
    pendingSelect.current = r === undefined;
    if (r) select(r.name);
  };

  return { cursor, setCursor, moveTo };
}
