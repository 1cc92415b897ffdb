'use client';
import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { compareNames, joinNtPath } from '@objscope/core';
import type { DirEntry } from '@objscope/core';
import type { ListResult } from '@objscope/api';
import { useUi } from '../../store/ui';
import { useTRPC } from '../../lib/trpc';
import { formatStatus } from '../../lib/format';

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

export interface TreeRow {
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

interface Settled {
  data: ListResult | undefined;
  isError: boolean;
  error: { message: string } | null;
}

/** The rows of the tree: every expanded directory's subdirectories, depth first, by name. */
export function useTreeRows(): TreeRow[] {
  const trpc = useTRPC();
  const expanded = useUi((s) => s.expanded);
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

  return useMemo(() => {
    const first = new Map<string, Settled>();
    paths.forEach((p, i) => {
      const r = results[i];
      if (r) first.set(p, r);
    });
    const rest = new Map<string, Settled[]>();
    later.forEach((q, i) => {
      const r = laterResults[i];
      if (!r) return;
      const list = rest.get(q.path);
      if (list) list.push(r);
      else rest.set(q.path, [r]);
    });
    return buildRows(expanded, first, rest);
  }, [paths, results, later, laterResults, expanded]);
}

function buildRows(expanded: ReadonlySet<string>, first: Map<string, Settled>, rest: Map<string, Settled[]>): TreeRow[] {
  const out: TreeRow[] = [];
  const visit = (path: string, name: string, depth: number) => {
    const open = expanded.has(path);
    const r = open ? first.get(path) : undefined;
    const data = r?.data;
    const row: TreeRow = { path, name, depth, expanded: open, ...rowState(open, r) };
    out.push(row);
    if (!open || !data?.ok) return;
    // The tree's query counts subdirectories only, so a total of 0 means a leaf.
    row.leaf = data.total === 0;
    const { dirs, pending, failed } = subdirectories([data, ...(rest.get(path) ?? []).map((p) => p.data)]);
    for (const d of dirs) visit(joinNtPath(path, d.name), d.name, depth + 1);
    const missing = data.total - dirs.length;
    if (missing > 0 && (pending > 0 || failed > 0)) {
      const text = pending > 0 ? `… loading ${missing} more subdirectories` : `… ${missing} subdirectories could not be read`;
      out.push({ path: `${path}\u0000more`, name: text, depth: depth + 1, expanded: false, state: 'unlisted', note: 'more' });
    }
  };
  visit('\\', '\\', 0);
  return out;
}

function rowState(open: boolean, r: Settled | undefined): Pick<TreeRow, 'state' | 'note'> {
  if (!open) return { state: 'unlisted' };
  const data = r?.data;
  const thrown = r?.isError && r.error ? r.error.message : undefined;
  if (!data) return { state: r?.isError ? 'error' : 'loading', note: thrown };
  if (!data.ok) return { state: 'error', note: thrown ?? formatStatus(data) };
  return { state: 'ok', note: thrown };
}

/**
 * A live directory can change between pages; a name seen twice is shown once (row keys are paths
 * and must be unique).
 */
function subdirectories(pages: (ListResult | undefined)[]): { dirs: DirEntry[]; pending: number; failed: number } {
  const seen = new Set<string>();
  const dirs: DirEntry[] = [];
  let pending = 0;
  let failed = 0;
  for (const page of pages) {
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
  return { dirs, pending, failed };
}
