// The panel's title bar: live status with Pause/Resume and Rescan (live sources), or "as
// captured" (snapshots), and the CSV/JSON exports of what is shown.
import type { ZombieReport } from '@objscope/core';
import { download } from '../../lib/export';
import { toCsv, toJson, type ZombieRow, type ZombieTab } from './model';
import { WATCH_MS, type useZombieReport } from './useZombieReport';

type Live = Pick<ReturnType<typeof useZombieReport>, 'isLive' | 'paused' | 'subStatus' | 'togglePaused' | 'rescan'>;

function liveText({ paused, subStatus }: Live): string {
  if (paused) return 'paused';
  if (subStatus === 'pending') return `rescanning every ${WATCH_MS / 1000} s`;
  return subStatus === 'error' ? 'live updates interrupted' : 'connecting';
}

function liveDot({ paused, subStatus }: Live): string {
  if (paused) return 'bg-[var(--color-dim)]';
  if (subStatus === 'pending') return 'bg-[var(--color-good)]';
  return subStatus === 'error' ? 'bg-[var(--color-bad)]' : 'bg-[var(--color-dim)]';
}

export function ZombieHeader({ live, report, rows, tab }: { live: Live; report: ZombieReport | null; rows: ZombieRow[]; tab: ZombieTab }) {
  const exportName = `objscope-zombies-${tab}-${(report?.scannedAt ?? 'report').replace(/[:.]/g, '-')}`;
  const button = 'rounded border border-[var(--color-line)] px-2 py-0.5';
  return (
    <header className="flex flex-wrap items-center gap-3">
      <h2 className="text-base font-semibold">Zombie processes and threads</h2>
      <span className="text-[var(--color-dim)]">exited, but kept alive by a handle someone never closed</span>
      <span className="flex-1" />
      {live.isLive ? (
        <>
          <span data-testid="zombies-live" data-status={live.paused ? 'paused' : live.subStatus} className="flex items-center gap-1 text-[12px]">
            <span className={`inline-block h-2 w-2 rounded-full ${liveDot(live)}`} />
            {liveText(live)}
          </span>
          <button type="button" data-testid="zombies-pause" className={button} onClick={live.togglePaused}>
            {live.paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" data-testid="zombies-rescan" className={button} onClick={live.rescan}>
            Rescan
          </button>
        </>
      ) : (
        <span className="text-[12px] text-[var(--color-dim)]">as captured in the snapshot</span>
      )}
      <button type="button" data-testid="zombies-export-csv" disabled={!report} className={`${button} disabled:opacity-50`} onClick={() => download(`${exportName}.csv`, toCsv(rows, tab), 'text/csv')}>
        CSV
      </button>
      <button type="button" data-testid="zombies-export-json" disabled={!report} className={`${button} disabled:opacity-50`} onClick={() => report && download(`${exportName.replace(`-${tab}`, '')}.json`, toJson(report), 'application/json')}>
        JSON
      </button>
    </header>
  );
}
