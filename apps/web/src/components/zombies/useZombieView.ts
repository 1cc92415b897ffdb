// What the user picked in the panel (tab, by zombie or by holder, filter, holder, sort, selected
// row) and the rows that follow from it.
import { useMemo, useState } from 'react';
import type { ZombieReport } from '@objscope/core';
import { filterRows, holderGroups, rowsFor, sortRows, type ZombieSortKey, type ZombieTab } from './model';

export type View = 'by-zombie' | 'by-holder';

export function useZombieView(report: ZombieReport | null) {
  const [tab, setTab] = useState<ZombieTab>('processes');
  const [view, setView] = useState<View>('by-zombie');
  const [filter, setFilter] = useState('');
  const [holderPid, setHolderPid] = useState<number | null>(null);
  const [sort, setSort] = useState<{ key: ZombieSortKey; desc: boolean }>({ key: 'id', desc: false });
  const [selected, setSelected] = useState<number | null>(null);

  const all = useMemo(() => rowsFor(report, tab), [report, tab]);
  const rows = useMemo(() => sortRows(filterRows(all, filter, holderPid), sort.key, sort.desc), [all, filter, holderPid, sort]);
  const holders = useMemo(() => holderGroups(filterRows(all, filter)), [all, filter]);
  const current = selected === null ? null : (all.find((r) => r.id === selected) ?? null);

  return {
    tab, view, filter, holderPid, sort, selected, all, rows, holders, current,
    setView, setFilter, setHolderPid, setSort, setSelected,
    switchTab: (t: ZombieTab) => {
      setTab(t);
      setSelected(null);
      setHolderPid(null);
    },
    /** From the by-holder list: that holder's zombies, by zombie. */
    pickHolder: (pid: number) => {
      setHolderPid(pid);
      setView('by-zombie');
    },
  };
}
