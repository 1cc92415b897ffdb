'use client';
// The Zombies view: exited processes and threads that handles keep alive, and who holds them.
// Live sources rescan on the zombies.watch subscription (pausable); snapshots show the report
// they were captured with. Every name is rendered as text (NameText escapes control chars).
// The data comes from useZombieReport, what the user picked from useZombieView; each part of
// the page is its own component in this folder.
import { ProcessHandles } from '../handles/HandlesSection';
import { HolderList } from './HolderList';
import { useZombieReport } from './useZombieReport';
import { useZombieView } from './useZombieView';
import { ZombieDetail } from './ZombieDetail';
import { ZombieHeader } from './ZombieHeader';
import { ZombieSummary } from './ZombieSummary';
import { ZombieTable } from './ZombieTable';
import { ZombieToolbar } from './ZombieToolbar';

export function ZombiePanel() {
  const z = useZombieReport();
  const { report, scan } = z;
  const v = useZombieView(report);
  return (
    <div className="flex h-full min-h-[480px] flex-col gap-3" data-testid="zombie-panel">
      <ZombieHeader live={z} report={report} rows={v.rows} tab={v.tab} />

      {scan.isPending && !z.hasLive && <p className="text-[var(--color-dim)]">Scanning handles…</p>}
      {scan.isError && !z.hasLive && (
        <p className="text-[var(--color-bad)]" role="alert">
          {scan.error.message}
        </p>
      )}
      {scan.isSuccess && !report && !z.hasLive && (
        <p className="text-[var(--color-dim)]" data-testid="zombies-none">
          This source has no zombie data (a snapshot captured without a zombie scan).
        </p>
      )}

      {report && (
        <>
          <ZombieSummary report={report} added={z.added} />
          <ZombieToolbar report={report} v={v} />
          {v.holderPid !== null && (
            // #14: the holder's own handle list, the same one Properties opens for a holder.
            <details className="text-[12px]" data-testid="zombie-holder-handles">
              <summary className="cursor-pointer">What pid {v.holderPid} holds</summary>
              <ProcessHandles pid={v.holderPid} />
            </details>
          )}
          <div className="flex min-h-0 flex-1 gap-3">
            {v.view === 'by-zombie' ? (
              <ZombieTable rows={v.rows} total={v.all.length} tab={v.tab} sort={v.sort} onSort={v.setSort} selected={v.selected} onSelect={v.setSelected} />
            ) : (
              <HolderList groups={v.holders} tab={v.tab} onPick={v.pickHolder} />
            )}
            {v.view === 'by-zombie' && v.current && <ZombieDetail row={v.current} onClose={() => v.setSelected(null)} />}
          </div>
        </>
      )}
    </div>
  );
}
