'use client';
import { useEffect, useState, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDirectory, type DirectoryView } from '../../hooks/useDirectory';
import type { SortKey } from '../../store/ui';
import { HEADER_HEIGHT } from './ListHeader';
import { ROW_HEIGHT } from './ListRow';

/**
 * The window of the listing on screen: the virtualized rows, and the pages of the directory
 * they need (the query follows the rows in view). Marks `objscope:rows-ready` once the first
 * rows of a listing are drawn, for the benches.
 */
export function useListWindow(path: string, sort: { key: SortKey; desc: boolean }, filter: string, scroller: RefObject<HTMLDivElement | null>) {
  const [range, setRange] = useState<[number, number]>([0, 60]);
  const dir: DirectoryView = useDirectory(path, sort.key, sort.desc, filter, range);
  const v = useVirtualizer({
    count: dir.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    // The sticky header sits above the rows inside the same scroller: rows start below it, and a
    // row scrolled to the top must land under it, not behind it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
  }, [first, last]);

  const rowsShown = dir.status === 'ok' && dir.fresh && (dir.total === 0 || dir.row(0) !== undefined);
  useEffect(() => {
    if (rowsShown) performance.mark('objscope:rows-ready', { detail: { path, total: dir.total } });
  }, [rowsShown, path, dir.total]);
  return { dir, v, items };
}
