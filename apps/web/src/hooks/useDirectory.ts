import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { DirEntry } from '@objscope/core';
import { useTRPC } from '../lib/trpc';
import type { SortKey } from '../store/ui';
import { pagesFor } from '../lib/paging';

const PAGE_SIZE = 500;

export interface DirectoryView {
  status: 'loading' | 'ok' | 'failed' | 'error';
  total: number;
  /** The row at an index, or undefined while its page is loading. */
  row: (i: number) => DirEntry | undefined;
  failure: { status: number; name: string; message: string } | null;
  error: Error | null;
  /** The first page belongs to the current path/sort/filter (not a placeholder from before). */
  fresh: boolean;
}

/**
 * A directory listing read in pages: only the pages the viewport touches are fetched, so a
 * 50,000-entry directory costs one 500-entry request to show its first rows.
 */
export function useDirectory(path: string, sort: SortKey, desc: boolean, filter: string, visible: [number, number]): DirectoryView {
  const trpc = useTRPC();
  const base = { path, sort, desc, filter: filter || undefined, limit: PAGE_SIZE };
  const first = useQuery({
    ...trpc.namespace.list.queryOptions({ ...base, offset: 0 }),
    // Re-sorting or filtering keeps the old rows on screen until the new ones arrive; a new
    // directory does not (its old rows would be wrong, not just stale).
    placeholderData: (prev, prevQuery) => (samePath(prevQuery?.queryKey, path) ? prev : undefined),
  });
  const firstData = first.data;
  const total = firstData && firstData.ok ? firstData.total : 0;
  const pages = useMemo(() => (first.isPlaceholderData ? [] : pagesFor(visible, total, PAGE_SIZE)), [visible, total, first.isPlaceholderData]);
  const rest = useQueries({
    queries: pages.map((p) => ({ ...trpc.namespace.list.queryOptions({ ...base, offset: p * PAGE_SIZE }), staleTime: 30_000 })),
  });
  const pageMap = new Map<number, DirEntry[]>();
  if (firstData?.ok) pageMap.set(0, firstData.entries);
  pages.forEach((p, i) => {
    const d = rest[i]?.data;
    if (d?.ok) pageMap.set(p, d.entries);
  });
  const status: DirectoryView['status'] = first.isPending ? 'loading' : first.isError ? 'error' : firstData && !firstData.ok ? 'failed' : 'ok';
  return {
    status,
    total,
    row: (i) => pageMap.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE],
    failure: firstData && !firstData.ok ? firstData : null,
    error: (first.error as Error | null) ?? null,
    fresh: !first.isPlaceholderData && !first.isPending,
  };
}

function samePath(key: unknown, path: string): boolean {
  if (!Array.isArray(key)) return false;
  const meta = key[1] as { input?: { path?: unknown } } | undefined;
  return meta?.input?.path === path;
}
