'use client';
import type { CSSProperties, ReactNode } from 'react';
import { useUi, type SortKey } from '../../store/ui';
import { LIMITS } from '../../lib/prefs';
import { Splitter } from '../Splitter';

/** The header row's height, px: the rows start below it and the virtualizer scrolls past it. */
export const HEADER_HEIGHT = 28;

/**
 * The column headers. They live inside the list's scroller (sticky at its top) and are as wide as
 * the rows, so a widened column scrolls the list sideways instead of spilling over the next pane.
 */
export function ListHeader({ width }: { width: number }) {
  const sort = useUi((s) => s.sort);
  const setSort = useUi((s) => s.setSort);
  const layout = useUi((s) => s.layout);
  const setLayout = useUi((s) => s.setLayout);
  return (
    <div role="rowgroup" className="sticky top-0 z-20">
      <div
        role="row"
        aria-rowindex={1}
        className="flex border-b border-[var(--color-line)] bg-[var(--color-sunken)] font-medium"
        style={{ height: HEADER_HEIGHT, minWidth: width }}
        data-testid="list-header"
      >
        <HeaderCell k="name" label="Name" sort={sort} onSort={setSort} style={{ width: layout.colName }}>
          <Splitter label="Resize the Name column" testid="split-col-name" value={layout.colName} min={LIMITS.colName.min} max={LIMITS.colName.max} onChange={(v) => setLayout({ colName: v })} className="absolute inset-y-0 -right-1 w-2" />
        </HeaderCell>
        <HeaderCell k="type" label="Type" sort={sort} onSort={setSort} style={{ width: layout.colType }}>
          <Splitter label="Resize the Type column" testid="split-col-type" value={layout.colType} min={LIMITS.colType.min} max={LIMITS.colType.max} onChange={(v) => setLayout({ colType: v })} className="absolute inset-y-0 -right-1 w-2" />
        </HeaderCell>
        <HeaderCell k="target" label="Target / details" sort={sort} onSort={setSort} className="min-w-0 flex-1" />
      </div>
    </div>
  );
}

function HeaderCell(props: {
  k: SortKey;
  label: string;
  sort: { key: SortKey; desc: boolean };
  onSort: (k: SortKey) => void;
  className?: string;
  style?: CSSProperties;
  children?: ReactNode;
}) {
  const active = props.sort.key === props.k;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (props.sort.desc ? 'descending' : 'ascending') : 'none'}
      className={`relative flex shrink-0 ${props.className ?? ''}`}
      style={props.style}
      data-testid={`col-${props.k}`}
    >
      <button
        type="button"
        data-testid={`sort-${props.k}`}
        onClick={() => props.onSort(props.k)}
        className="min-w-0 flex-1 truncate px-2 py-1 text-left hover:bg-[var(--color-hover)]"
      >
        {props.label} {active ? (props.sort.desc ? '▼' : '▲') : ''}
      </button>
      {props.children}
    </div>
  );
}
