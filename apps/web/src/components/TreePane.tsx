'use client';
import { useEffect, useMemo, useRef } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { joinNtPath, parentNtPath } from '@objscope/core';
import { useUi } from '../store/ui';
import { useTRPC } from '../lib/trpc';
import { displayName, displayPath, formatStatus } from '../lib/format';
import { TypeIcon } from './TypeIcon';

/**
 * The tree reads this many entries of a directory, sorted by type so subdirectories come early
 * (Directory sorts before the Event/Mutant/Section bulk of big directories); a huge directory
 * shows a "more entries" row and the list pages through the rest. Kept small because the tree
 * request shares an HTTP batch with the list's first page.
 */
const TREE_LIMIT = 1000;
const ROW = 22;

interface TreeRow {
  path: string;
  name: string;
  depth: number;
  expanded: boolean;
  state: 'ok' | 'loading' | 'error' | 'unlisted';
  note?: string;
}

export function TreePane() {
  const trpc = useTRPC();
  const expanded = useUi((s) => s.expanded);
  const current = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const toggle = useUi((s) => s.toggleExpanded);
  const paths = useMemo(() => [...expanded], [expanded]);
  const results = useQueries({
    queries: paths.map((p) => trpc.namespace.list.queryOptions({ path: p, offset: 0, limit: TREE_LIMIT, sort: 'type' })),
  });

  const rows = useMemo(() => {
    const byPath = new Map<string, (typeof results)[number]>();
    paths.forEach((p, i) => {
      const r = results[i];
      if (r) byPath.set(p, r);
    });
    const out: TreeRow[] = [];
    const visit = (path: string, name: string, depth: number) => {
      const open = expanded.has(path);
      const r = open ? byPath.get(path) : undefined;
      const data = r?.data;
      let state: TreeRow['state'] = 'unlisted';
      let note: string | undefined;
      if (open) {
        if (!data) state = r?.isError ? 'error' : 'loading';
        else if (!data.ok) {
          state = 'error';
          note = formatStatus(data);
        } else state = 'ok';
        if (r?.isError) note = r.error.message;
      }
      out.push({ path, name, depth, expanded: open, state, note });
      if (open && data?.ok) {
        const dirs = data.entries.filter((e) => e.type === 'Directory');
        dirs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const d of dirs) visit(joinNtPath(path, d.name), d.name, depth + 1);
        if (data.total > data.entries.length) {
          out.push({ path: `${path}\u0000more`, name: `… ${data.total - data.entries.length} more entries (see the list)`, depth: depth + 1, expanded: false, state: 'unlisted', note: 'more' });
        }
      }
    };
    visit('\\', '\\', 0);
    return out;
  }, [paths, results, expanded]);

  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW, overscan: 12 });
  const currentIndex = rows.findIndex((r) => r.path === current);

  useEffect(() => {
    if (currentIndex >= 0) v.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, v]);

  const readyMarked = useRef(false);
  const rootReady = rows.length > 1 || rows[0]?.state === 'ok' || rows[0]?.state === 'error';
  useEffect(() => {
    if (rootReady && !readyMarked.current) {
      readyMarked.current = true;
      performance.mark('objscope:tree-ready');
    }
  }, [rootReady]);

  const onKey = (e: React.KeyboardEvent) => {
    const row = rows[currentIndex];
    if (!row) return;
    const go = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (r && r.note !== 'more') navigate(r.path);
    };
    if (e.key === 'ArrowDown') go(currentIndex + 1);
    else if (e.key === 'ArrowUp') go(currentIndex - 1);
    else if (e.key === 'ArrowRight') {
      if (!row.expanded) toggle(row.path, true);
      else go(currentIndex + 1);
    } else if (e.key === 'ArrowLeft') {
      if (row.expanded && row.path !== '\\') toggle(row.path, false);
      else navigate(parentNtPath(row.path));
    } else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(rows.length - 1);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <nav
      aria-label="Directory tree"
      className="flex w-64 shrink-0 flex-col border-r border-[var(--color-line)] bg-[var(--color-panel)]"
      data-testid="tree"
    >
      <div
        ref={parentRef}
        role="tree"
        tabIndex={0}
        onKeyDown={onKey}
        className="min-h-0 flex-1 overflow-auto py-1"
        data-testid="tree-scroll"
      >
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const r = rows[vi.index];
            if (!r) return null;
            const isMore = r.note === 'more';
            const d = r.path === '\\' ? { text: '\\', full: '\\' } : displayName(r.name, 60);
            return (
              <div
                key={r.path}
                role="treeitem"
                aria-label={r.name}
                aria-level={r.depth + 1}
                aria-expanded={isMore ? undefined : r.expanded}
                aria-selected={r.path === current}
                data-testid="tree-node"
                data-path={r.path}
                data-state={r.state}
                className={`absolute left-0 right-0 flex items-center gap-1 whitespace-nowrap pr-2 ${r.path === current ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'} ${isMore ? 'italic text-[var(--color-dim)]' : 'cursor-pointer'}`}
                style={{ top: vi.start, height: ROW, paddingLeft: 4 + r.depth * 14 }}
                title={r.note && !isMore ? `${displayPath(r.path)} — ${r.note}` : d.full}
                onClick={() => !isMore && navigate(r.path)}
              >
                {isMore ? (
                  <span className="w-4" />
                ) : (
                  <button
                    type="button"
                    tabIndex={-1}
                    aria-label={r.expanded ? 'Collapse' : 'Expand'}
                    className="w-4 shrink-0 text-[10px] text-[var(--color-dim)]"
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(r.path);
                    }}
                  >
                    {r.expanded ? '▼' : '▶'}
                  </button>
                )}
                {!isMore && <TypeIcon type="Directory" size={14} />}
                <span className="overflow-hidden text-ellipsis whitespace-pre">{d.text}</span>
                {r.state === 'loading' && <span className="text-[var(--color-dim)]">…</span>}
                {r.state === 'error' && (
                  <span className="text-[var(--color-bad)]" aria-label="cannot list">
                    ⊘
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </nav>
  );
}
