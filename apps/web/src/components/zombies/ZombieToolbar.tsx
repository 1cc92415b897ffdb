// Above the lists: processes or threads, by zombie or by holder, the filter, the holder picked
// (with a way back), and how many rows are shown.
import type { ZombieReport } from '@objscope/core';
import { formatCount } from '../../lib/format';
import { plural } from './model';
import type { useZombieView } from './useZombieView';

export function ZombieToolbar({ report, v }: { report: ZombieReport; v: ReturnType<typeof useZombieView> }) {
  const toggle = (on: boolean) => `px-3 py-1 ${on ? 'bg-[var(--color-hover)] font-medium' : ''}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="tablist" className="flex rounded border border-[var(--color-line)]">
        {(['processes', 'threads'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={v.tab === t}
            data-testid={`tab-${t}`}
            className={`px-3 py-1 ${v.tab === t ? 'bg-[var(--color-accent)] text-white' : ''}`}
            onClick={() => v.switchTab(t)}
          >
            {t === 'processes' ? `Processes (${formatCount(report.processes.length)})` : `Threads (${formatCount(report.threads.length)})`}
          </button>
        ))}
      </div>
      <div className="flex rounded border border-[var(--color-line)]">
        <button type="button" data-testid="zombies-by-zombie" aria-pressed={v.view === 'by-zombie'} className={toggle(v.view === 'by-zombie')} onClick={() => v.setView('by-zombie')}>
          By zombie
        </button>
        <button type="button" data-testid="zombies-by-holder" aria-pressed={v.view === 'by-holder'} className={toggle(v.view === 'by-holder')} onClick={() => v.setView('by-holder')}>
          By holder
        </button>
      </div>
      <input
        type="search"
        data-testid="zombie-filter"
        aria-label="Filter zombies"
        placeholder="Filter: image, PID, holder…"
        value={v.filter}
        onChange={(e) => v.setFilter(e.target.value)}
        className="min-w-[16rem] rounded border border-[var(--color-line)] bg-transparent px-2 py-1"
      />
      {v.holderPid !== null && (
        <button type="button" data-testid="zombie-holder-filter" className="rounded bg-[var(--color-hover)] px-2 py-0.5" onClick={() => v.setHolderPid(null)}>
          held by pid {v.holderPid} ✕
        </button>
      )}
      <span className="text-[12px] text-[var(--color-dim)]">
        {v.view === 'by-zombie' ? `${formatCount(v.rows.length)} of ${formatCount(v.all.length)} shown` : plural(v.holders.length, 'holder')}
      </span>
    </div>
  );
}
