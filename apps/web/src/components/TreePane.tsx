'use client';
import { useEffect, useMemo, useRef } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { baseNtName, compareNames, joinNtPath, parentNtPath } from '@objscope/core';
import { useUi } from '../store/ui';
import { useTRPC } from '../lib/trpc';
import { displayName, displayPath, formatStatus } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { objectHref } from '../lib/url';
import { isOpenElsewhere } from './list/ListRow';

/** A directory of the tree as the context menu and links name it: its parent and its name. */
function asListed(path: string): { dir: string; name: string | null } {
  return path === '\\' ? { dir: '\\', name: null } : { dir: parentNtPath(path), name: baseNtName(path) };
}

/**
 * The tree asks only for subdirectories (`types: ['Directory']`, filtered on the server before
 * paging), so every one of them is shown however many other objects share the directory. They
 * come in a few large pages, all fetched as soon as the first page gives the total, rather than
 * lazily as the user scrolls: keyboard navigation (End, arrows), scrolling to the current path and
 * deep links all need the real path of every row, a subdirectory entry is a few dozen bytes, and
 * even a directory with thousands of subdirectories is one or two requests. Smoothness comes from
 * the virtualizer, which renders only the visible rows whatever the count.
 */
const TREE_PAGE = 5000;
const TREE_TYPES = ['Directory'];
const ROW = 22;

interface TreeRow {
  path: string;
  name: string;
  depth: number;
  expanded: boolean;
  state: 'ok' | 'loading' | 'error' | 'unlisted';
  note?: string;
  /** Listed and has no subdirectories: nothing to expand, so no ▶/▼ (as in WinObj). */
  leaf?: boolean;
}

/**
 * Only what the rows read, as a value that stays the same object while no query changes (the
 * query layer deep-merges combined results): without it useQueries hands out a new array on every
 * render, and each scroll frame would rebuild and re-sort thousands of rows.
 */
function settled<R extends { data: unknown; isError: boolean; error: unknown }>(rs: R[]) {
  return rs.map((r) => ({ data: r.data as R['data'], isError: r.isError, error: r.error as R['error'] }));
}

export function TreePane() {
  const trpc = useTRPC();
  const expanded = useUi((s) => s.expanded);
  const current = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const toggle = useUi((s) => s.toggleExpanded);
  const openMenu = useUi((s) => s.openMenu);
  const snapshotUrl = useUi((s) => s.snapshotUrl);
  const menuAt = (path: string, x: number, y: number) => openMenu({ x, y, ...asListed(path), type: 'Directory', target: null });
  const paths = useMemo(() => [...expanded], [expanded]);
  const treeQuery = (path: string, offset: number) =>
    trpc.namespace.list.queryOptions({ path, offset, limit: TREE_PAGE, sort: 'name', types: TREE_TYPES });
  const results = useQueries({ queries: paths.map((p) => treeQuery(p, 0)), combine: settled });
  // The pages after the first, for directories with more than TREE_PAGE subdirectories.
  const later = useMemo(() => {
    const out: { path: string; offset: number }[] = [];
    paths.forEach((p, i) => {
      const d = results[i]?.data;
      if (d?.ok) for (let o = TREE_PAGE; o < d.total; o += TREE_PAGE) out.push({ path: p, offset: o });
    });
    return out;
  }, [paths, results]);
  const laterResults = useQueries({ queries: later.map((q) => treeQuery(q.path, q.offset)), combine: settled });

  const rows = useMemo(() => {
    const byPath = new Map<string, (typeof results)[number]>();
    paths.forEach((p, i) => {
      const r = results[i];
      if (r) byPath.set(p, r);
    });
    const laterByPath = new Map<string, (typeof laterResults)[number][]>();
    later.forEach((q, i) => {
      const r = laterResults[i];
      if (!r) return;
      const list = laterByPath.get(q.path);
      if (list) list.push(r);
      else laterByPath.set(q.path, [r]);
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
        if (r?.isError && r.error) note = r.error.message;
      }
      const row: TreeRow = { path, name, depth, expanded: open, state, note };
      out.push(row);
      if (open && data?.ok) {
        // The tree's query counts subdirectories only, so a total of 0 means a leaf.
        row.leaf = data.total === 0;
        // A live directory can change between pages; a name seen twice is shown once (row keys
        // are paths and must be unique).
        const seen = new Set<string>();
        const dirs = [];
        let pending = 0;
        let failed = 0;
        for (const page of [data, ...(laterByPath.get(path) ?? []).map((r) => r.data)]) {
          if (!page) pending++;
          else if (!page.ok) failed++;
          else
            for (const e of page.entries) {
              if (e.type !== 'Directory' || seen.has(e.name)) continue;
              seen.add(e.name);
              dirs.push(e);
            }
        }
        dirs.sort((a, b) => compareNames(a.name, b.name));
        for (const d of dirs) visit(joinNtPath(path, d.name), d.name, depth + 1);
        const missing = data.total - dirs.length;
        if (missing > 0 && (pending > 0 || failed > 0)) {
          const name = pending > 0 ? `… loading ${missing} more subdirectories` : `… ${missing} subdirectories could not be read`;
          out.push({ path: `${path}\u0000more`, name, depth: depth + 1, expanded: false, state: 'unlisted', note: 'more' });
        }
      }
    };
    visit('\\', '\\', 0);
    return out;
  }, [paths, results, later, laterResults, expanded]);

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
    else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      const box = parentRef.current?.querySelector(`[data-index="${currentIndex}"]`)?.getBoundingClientRect();
      if (box) menuAt(row.path, box.left + 24, box.bottom);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <nav
      aria-label="Directory tree"
      className="flex min-w-0 flex-1 flex-col bg-[var(--color-panel)]"
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
                aria-expanded={isMore || r.leaf ? undefined : r.expanded}
                aria-selected={r.path === current}
                data-testid="tree-node"
                data-path={r.path}
                data-state={r.state}
                className={`absolute left-0 right-0 flex items-center gap-1 whitespace-nowrap pr-2 ${r.path === current ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'} ${isMore ? 'italic text-[var(--color-dim)]' : 'cursor-pointer'}`}
                style={{ top: vi.start, height: ROW, paddingLeft: 4 + r.depth * 14 }}
                title={r.note && !isMore ? `${displayPath(r.path)} — ${r.note}` : d.full}
                data-index={vi.index}
                onClick={() => !isMore && navigate(r.path)}
                onContextMenu={(e) => {
                  if (isMore) return;
                  e.preventDefault();
                  menuAt(r.path, e.clientX, e.clientY);
                }}
              >
                {isMore || r.leaf ? (
                  <span className="w-4 shrink-0" data-testid={r.leaf ? 'tree-leaf' : undefined} />
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
                {isMore ? (
                  <span className="overflow-hidden text-ellipsis whitespace-pre">{d.text}</span>
                ) : (
                  // A real link (middle-click opens the directory in a new tab); out of the Tab
                  // order, the tree takes the keyboard.
                  <a
                    href={objectHref(asListed(r.path).dir, asListed(r.path).name, 'Directory', snapshotUrl)}
                    tabIndex={-1}
                    draggable={false}
                    className="overflow-hidden text-ellipsis whitespace-pre text-inherit no-underline"
                    data-testid="tree-link"
                    onClick={(e) => {
                      if (isOpenElsewhere(e)) e.stopPropagation();
                      else e.preventDefault();
                    }}
                  >
                    {d.text}
                  </a>
                )}
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
