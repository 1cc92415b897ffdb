'use client';
// The differences, virtualized: one row per added, removed or changed object, in path order or
// as a tree (each row indented under its directory, named by its last component), with the
// actions spelled out ("Open in A"), not as bare letters.
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { baseNtName, parentNtPath, type DiffChange, type DiffEntry, type SnapshotDiff } from '@objscope/core';
import { displayName, displayPath } from '../../lib/format';
import type { CompareSide as Side } from '../../store/compare';
import { TypeIcon } from '../TypeIcon';

const ROW = 24;
const INDENT = 14;
export const CHANGE_STYLE: Record<DiffChange, string> = {
  added: 'text-[var(--color-good)]',
  removed: 'text-[var(--color-bad)]',
  changed: 'text-[var(--color-warn)]',
};

export type DiffOrder = 'path' | 'tree';

/**
 * Path order compares component by component, case-insensitively as the object manager matches
 * names, so a directory's entries follow it directly ("\A\B" before "\A B", which a plain string
 * sort would not do): the same order serves the flat list and the tree.
 */
export function comparePaths(x: string, y: string): number {
  const a = x.split('\\');
  const b = y.split('\\');
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const u = a[i]!.toUpperCase();
    const v = b[i]!.toUpperCase();
    if (u !== v) return u < v ? -1 : 1;
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

function depthOf(path: string): number {
  return path === '\\' ? 0 : path.split('\\').length - 2;
}

function describe(e: DiffEntry): string {
  const one = (x: { type: string; target: string | null }) => (x.target !== null ? `${x.type} → ${displayPath(x.target)}` : x.type);
  if (e.change === 'changed' && e.before && e.after) return `${one(e.before)}  ⇒  ${one(e.after)}`;
  return one((e.after ?? e.before)!);
}

interface Props {
  diff: SnapshotDiff | null;
  entries: DiffEntry[];
  order: DiffOrder;
  a: Side | null;
  b: Side | null;
  onOpen: (e: DiffEntry, which: 'a' | 'b') => void;
}

export function DiffList({ diff, entries, order, a, b, onOpen }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12 });
  // In the tree a row whose directory is not itself a difference shows that directory's path
  // (dimmed) before its name, so a lone \ObjectTypes\Type is not read as a child of the row above.
  const listed = useMemo(() => new Set(entries.map((e) => e.path)), [entries]);
  const where = (side: Side) => (side.fromAgent ? 'the agent’s source' : side.fileName);
  return (
    <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-auto rounded border border-[var(--color-line)] bg-[var(--color-panel)]" data-testid="compare-results" data-order={order}>
      {!diff && <p className="p-3 text-[var(--color-dim)]">Pick or drop two snapshot files; they are read and compared in this page.</p>}
      {diff && entries.length === 0 && <p className="p-3 text-[var(--color-dim)]" data-testid="compare-empty">No differences with these filters.</p>}
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((vi) => {
          const e = entries[vi.index];
          if (!e) return null;
          const t = (e.after ?? e.before)!;
          const p = displayPath(e.path);
          const tree = order === 'tree';
          return (
            <div key={`${e.change}:${e.path}`} data-testid="diff-entry" data-change={e.change} data-path={e.path} className="absolute left-0 right-0 flex items-center gap-2 px-2" style={{ top: vi.start, height: ROW }}>
              <span className={`w-16 shrink-0 ${CHANGE_STYLE[e.change]}`}>{e.change}</span>
              <span className="flex min-w-0 flex-1 items-center gap-1" style={tree ? { paddingLeft: depthOf(e.path) * INDENT } : undefined}>
                <TypeIcon type={t.type} />
                <button
                  type="button"
                  data-testid="diff-open"
                  className="min-w-0 flex-1 truncate text-left font-mono text-[12px] hover:underline"
                  title={`Open ${p} in ${where(e.after ? b! : a!)}`}
                  // The object as it is now where it still exists (after), else as it was.
                  onClick={() => onOpen(e, e.after ? 'b' : 'a')}
                >
                  {tree && e.path !== '\\' ? (
                    <>
                      {!listed.has(parentNtPath(e.path)) && parentNtPath(e.path) !== '\\' && <span className="text-[var(--color-dim)]">{displayPath(parentNtPath(e.path))}{'\\'}</span>}
                      {displayName(baseNtName(e.path)).text}
                    </>
                  ) : (
                    p
                  )}
                </button>
              </span>
              <span className="w-[30%] shrink-0 truncate text-[var(--color-dim)]" title={describe(e)}>
                {describe(e)}
              </span>
              <span className="flex w-[10.5rem] shrink-0 gap-1">
                {e.before && (
                  <button type="button" data-testid="diff-open-a" className="whitespace-nowrap rounded border border-[var(--color-line)] px-1 text-[11px] hover:bg-[var(--color-hover)]" aria-label={`Open in A: ${p} in before (A), ${where(a!)}`} title={`Open in before (A): ${where(a!)}`} onClick={() => onOpen(e, 'a')}>
                    Open in A
                  </button>
                )}
                {e.after && (
                  <button type="button" data-testid="diff-open-b" className="whitespace-nowrap rounded border border-[var(--color-line)] px-1 text-[11px] hover:bg-[var(--color-hover)]" aria-label={`Open in B: ${p} in after (B), ${where(b!)}`} title={`Open in after (B): ${where(b!)}`} onClick={() => onOpen(e, 'b')}>
                    Open in B
                  </button>
                )}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
