// The by-zombie list: one virtualized row per zombie process or thread, sortable by column.
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { displayName } from '../../lib/format';
import { NameText } from '../NameText';
import { plural, type ZombieRow, type ZombieSortKey, type ZombieTab } from './model';
import { exitCodeText, NON_EXISTENT_PARENT, nonExistentParentWhy, ROW } from './shared';
import { Time } from '../Time';

const COLS: { key: ZombieSortKey; label: (tab: ZombieTab) => string; cls: string }[] = [
  { key: 'id', label: (t) => (t === 'processes' ? 'PID' : 'TID'), cls: 'text-right' },
  { key: 'image', label: () => 'Image', cls: 'text-left' },
  { key: 'exitCode', label: () => 'Exit code', cls: 'text-right' },
  { key: 'exitTime', label: () => 'Exited', cls: 'text-left' },
  { key: 'owner', label: (t) => (t === 'processes' ? 'Parent' : 'Process'), cls: 'text-right' },
  { key: 'holders', label: () => 'Held by', cls: 'text-left' },
];
const GRID = 'grid grid-cols-[4.5rem_minmax(6rem,1fr)_5.5rem_11.5rem_9.5rem_minmax(8rem,1.4fr)] gap-x-3 items-center';

type Sort = { key: ZombieSortKey; desc: boolean };

export function ZombieTable(props: {
  rows: ZombieRow[];
  /** Zombies of this tab before filtering (tells "none here" from "none match"). */
  total: number;
  tab: ZombieTab;
  sort: Sort;
  onSort: (s: Sort) => void;
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  const { rows, total, tab, sort, onSort, selected, onSelect } = props;
  const { parentRef, v } = useZombieRows(rows.length, tab);
  return (
    // The six columns need about 49rem; beside an open detail at 1024 px the table has less, so
    // it scrolls sideways (header and rows together) rather than cut off Parent and Held by.
    <div className="flex min-w-0 flex-1 flex-col overflow-x-auto rounded border border-[var(--color-line)]" data-testid="zombie-table" role="grid" aria-label={tab === 'processes' ? 'Zombie processes' : 'Zombie threads'}>
      <div className="flex min-h-0 min-w-[49rem] flex-1 flex-col">
        <ZombieHeader tab={tab} sort={sort} onSort={onSort} />
        <div ref={parentRef} className="min-h-[160px] flex-1 overflow-y-auto overflow-x-hidden" role={rows.length === 0 ? undefined : 'rowgroup'}>
          {rows.length === 0 ? (
            <ZombiesEmpty total={total} tab={tab} />
          ) : (
            <div style={{ height: v.getTotalSize(), position: 'relative' }}>
              {v.getVirtualItems().map((vi) => {
                const r = rows[vi.index]!;
                return <ZombieTableRow key={r.id} r={r} top={vi.start} selected={selected === r.id} onSelect={onSelect} />;
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** The virtualizer over the rows; a tab switch starts the list at its top again. */
function useZombieRows(count: number, tab: ZombieTab) {
  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count, getScrollElement: () => parentRef.current, estimateSize: () => ROW, overscan: 15 });
  useEffect(() => {
    parentRef.current?.scrollTo({ top: 0 });
  }, [tab]);
  return { parentRef, v };
}

/** Sorting a new column starts ascending, except "Held by", where the most held come first. */
function ZombieHeader({ tab, sort, onSort }: { tab: ZombieTab; sort: Sort; onSort: (s: Sort) => void }) {
  return (
    <div className={`${GRID} border-b border-[var(--color-line)] px-2 py-1 font-medium`} role="row">
      {COLS.map((c) => (
        <button
          key={c.key}
          type="button"
          role="columnheader"
          data-testid={`zombie-sort-${c.key}`}
          aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
          className={c.cls}
          onClick={() => onSort(sort.key === c.key ? { key: c.key, desc: !sort.desc } : { key: c.key, desc: c.key === 'holders' })}
        >
          {c.label(tab)} {sort.key === c.key ? (sort.desc ? '▼' : '▲') : ''}
        </button>
      ))}
    </div>
  );
}

function ZombiesEmpty({ total, tab }: { total: number; tab: ZombieTab }) {
  return (
    <p className="p-3 text-[var(--color-dim)]" data-testid="zombies-empty">
      {total > 0
        ? `None of the ${plural(total, tab === 'processes' ? 'zombie process' : 'zombie thread')} matches the filter.`
        : tab === 'processes'
          ? 'No zombie processes here: every exited process has been released.'
          : 'No zombie threads here.'}
    </p>
  );
}

function ZombieTableRow({ r, top, selected, onSelect }: { r: ZombieRow; top: number; selected: boolean; onSelect: (id: number) => void }) {
  return (
    <div
      role="row"
      tabIndex={0}
      aria-selected={selected}
      data-testid="zombie-row"
      data-id={r.id}
      className={`${GRID} absolute left-0 right-0 cursor-pointer px-2 ${selected ? 'bg-[var(--color-selected,var(--color-hover))]' : 'hover:bg-[var(--color-hover)]'}`}
      style={{ top, height: ROW }}
      onClick={() => onSelect(r.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect(r.id);
      }}
    >
      <span role="gridcell" className="text-right tabular-nums">{r.id}</span>
      <span role="gridcell" className="min-w-0 truncate">
        <NameText name={r.image || '?'} max={40} className="truncate" />
      </span>
      <span role="gridcell" className="text-right tabular-nums">{exitCodeText(r.exitCode)}</span>
      <span role="gridcell" className="truncate text-[12px]"><Time iso={r.exitTime} /></span>
      <OwnerCell r={r} />
      <HeldByCell r={r} />
    </div>
  );
}

/** A parent id whose process is gone (or was reused) is shown as such, not as a live pid. */
function OwnerCell({ r }: { r: ZombieRow }) {
  return (
    <span
      role="gridcell"
      data-testid="zombie-owner"
      data-trusted={String(r.ownerTrusted)}
      className={`truncate text-right tabular-nums ${r.ownerTrusted === false ? 'text-[var(--color-dim)]' : ''}`}
      title={r.ownerTrusted === false && r.owner !== null ? nonExistentParentWhy(r.owner) : undefined}
    >
      {r.ownerTrusted === false && r.owner !== null ? NON_EXISTENT_PARENT : (r.owner ?? '—')}
    </span>
  );
}

function HeldByCell({ r }: { r: ZombieRow }) {
  const first = r.holders[0];
  return (
    <span role="gridcell" className="truncate">
      {r.heldByKernel ? (
        <span className="text-[var(--color-dim)]">unattributed</span>
      ) : first ? (
        <>
          {displayName(first.imageName ?? '?', 40).text} ({first.pid}){r.holders.length > 1 ? ` +${r.holders.length - 1}` : ''}
        </>
      ) : (
        '—'
      )}
    </span>
  );
}
