// The panel's summary: how many zombies, the top holder, the scan's reach (unattributed zombies,
// processes the kernel walk could not see) and the holders that could not be opened.
import type { ZombieReport } from '@objscope/core';
import { unseenSentence } from '@objscope/core';
import { formatBytes, formatCount, formatStatus } from '../../lib/format';
import { NameText } from '../NameText';
import { plural, zombiesHeld } from './model';
import { Time } from '../Time';

export function ZombieSummary({ report, added }: { report: ZombieReport; added: number | null }) {
  const s = report.summary;
  const top = s.topHolders[0];
  const unseen = unseenSentence(s);
  return (
    <section className="rounded-lg border border-[var(--color-line)] bg-[var(--color-panel)] px-4 py-2" data-testid="zombie-summary">
      <p className="text-base">
        <strong>{plural(s.zombieProcesses, 'zombie process')}</strong>, <strong>{plural(s.zombieThreads, 'zombie thread')}</strong>
        <span className="text-[var(--color-dim)]">
          {' '}
          · {formatCount(s.pidsHeld)} PIDs held · about {formatBytes(s.estimatedBytes)} of kernel memory
        </span>
      </p>
      {top && (
        <p data-testid="zombie-top-holder">
          Top holder: <NameText name={top.imageName ?? '?'} max={60} /> (pid {top.pid}) holds {zombiesHeld(top)}
        </p>
      )}
      <p className="text-[12px] text-[var(--color-dim)]">
        {formatCount(s.handlesScanned)} handles scanned in {s.scanMs} ms · <Time iso={report.scannedAt} />
        {added !== null && added > 0 && ` · ${plural(added, 'new zombie process')} since the last scan`}
        {' · '}
        {s.heldByKernel === null
          ? 'unattributed zombies: not checked (NtGetNextProcess is missing here)'
          : `unattributed (no examined handle explains them): ${formatCount(s.heldByKernel)}`}
      </p>
      {unseen && (
        <p className="text-[12px] text-[var(--color-bad)]" data-testid="zombie-unseen">
          The scan {unseen}.
        </p>
      )}
      {s.holderErrors.length > 0 && (
        <details className="mt-1" data-testid="zombie-holder-errors">
          <summary className="cursor-pointer text-[var(--color-bad)]">
            {plural(s.holderErrors.length, 'holder')} could not be opened; their handles were not examined
          </summary>
          <ul className="ml-4 list-disc">
            {s.holderErrors.map((e) => (
              <li key={e.pid}>
                <NameText name={e.imageName ?? '?'} max={60} /> (pid {e.pid}): {formatStatus(e.error)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
