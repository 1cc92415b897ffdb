'use client';
import { useRef, useState, type DragEvent } from 'react';
import { useUi } from '../../store/ui';
import { useSession } from '../../lib/session';

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/**
 * A snapshot file dropped anywhere on the page opens it; the compare view takes its own drops
 * (two files), so it is left alone there. Returns whether a drag is over the page, and the
 * handlers for the page's outer box.
 */
export function useFileDrop() {
  const [dragging, setDragging] = useState(false);
  const session = useSession();
  // Enter and leave fire for every child crossed: only the outermost pair counts.
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e) || useUi.getState().view === 'compare') return;
      depth.current++;
      setDragging(true);
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDragOver: (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      const f = e.dataTransfer.files[0];
      if (f && useUi.getState().view !== 'compare') void session.openSnapshotFile(f);
    },
  };
  return { dragging, handlers };
}
