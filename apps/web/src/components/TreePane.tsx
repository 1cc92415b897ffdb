'use client';
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useUi } from '../store/ui';
import { useTreeRows } from './tree/useTreeRows';
import { useTreeKeys } from './tree/useTreeKeys';
import { TreeNode, TREE_ROW_HEIGHT, asListed } from './tree/TreeNode';

export function TreePane() {
  const current = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const toggle = useUi((s) => s.toggleExpanded);
  const openMenu = useUi((s) => s.openMenu);
  const snapshotUrl = useUi((s) => s.snapshotUrl);
  const menuAt = (path: string, x: number, y: number) => openMenu({ x, y, ...asListed(path), type: 'Directory', target: null });
  const rows = useTreeRows();

  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: () => TREE_ROW_HEIGHT, overscan: 12 });
  const currentIndex = rows.findIndex((r) => r.path === current);
  const onKey = useTreeKeys(rows, currentIndex, parentRef, { navigate, toggle, menuAt });

  useEffect(() => {
    if (currentIndex >= 0) v.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, v]);
  useTreeReadyMark(rows);

  return (
    <nav aria-label="Directory tree" className="flex min-w-0 flex-1 flex-col bg-[var(--color-panel)]" data-testid="tree">
      <div ref={parentRef} role="tree" tabIndex={0} onKeyDown={onKey} className="min-h-0 flex-1 overflow-auto py-1" data-testid="tree-scroll">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const r = rows[vi.index];
            if (!r) return null;
            return (
              <TreeNode
                key={r.path}
                row={r}
                index={vi.index}
                top={vi.start}
                current={r.path === current}
                snapshotUrl={snapshotUrl}
                navigate={navigate}
                toggle={toggle}
                menuAt={menuAt}
              />
            );
          })}
        </div>
      </div>
    </nav>
  );
}

/** The bench's mark: the first time the root's listing has come back, listed or refused. */
function useTreeReadyMark(rows: { state: string }[]) {
  const readyMarked = useRef(false);
  const rootReady = rows.length > 1 || rows[0]?.state === 'ok' || rows[0]?.state === 'error';
  useEffect(() => {
    if (rootReady && !readyMarked.current) {
      readyMarked.current = true;
      performance.mark('objscope:tree-ready');
    }
  }, [rootReady]);
}
