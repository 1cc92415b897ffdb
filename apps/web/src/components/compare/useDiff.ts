'use client';
import { useMemo } from 'react';
import { diffSnapshots, parseNtPath } from '@objscope/core';
import type { CompareSide as Side } from '../../store/compare';
import type { CompareFilterState } from './CompareFilters';
import { comparePaths } from './DiffList';

const DIFF_LIMIT = 100_000;

/**
 * The difference of two loaded sides under the chosen filters, its entries as listed (the
 * changes shown, sorted by path: the tree is the same order, indented), and every type name
 * either side knows, for the type filter.
 */
export function useDiff(a: Side | null, b: Side | null, { under, type, show }: CompareFilterState) {
  const underCheck = under.trim() === '' ? null : parseNtPath(under.trim());
  const diff = useMemo(() => {
    if (!a?.snapshot || !b?.snapshot) return null;
    if (underCheck && !underCheck.ok) return null;
    return diffSnapshots(a.snapshot, b.snapshot, {
      under: underCheck ? under.trim() : undefined,
      types: type ? [type] : undefined,
      limit: DIFF_LIMIT,
    });
  }, [a, b, under, underCheck, type]);
  const entries = useMemo(() => (diff ? diff.entries.filter((e) => show.has(e.change)).sort((x, y) => comparePaths(x.path, y.path)) : []), [diff, show]);
  const typeNames = useMemo(() => {
    const s = new Set<string>();
    for (const side of [a, b]) for (const t of side?.snapshot?.types ?? []) s.add(t.name);
    for (const e of diff?.entries ?? []) {
      if (e.before) s.add(e.before.type);
      if (e.after) s.add(e.after.type);
    }
    return [...s].sort();
  }, [a, b, diff]);
  return { underCheck, diff, entries, typeNames };
}
