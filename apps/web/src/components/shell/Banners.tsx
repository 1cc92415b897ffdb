'use client';
import { useSession } from '../../lib/session';
import { useSourceInfo } from '../../hooks/useSourceInfo';
import { humanLabel } from '../../lib/format';
import { Notices } from '../Notices';

export function Banners({ disconnected }: { disconnected: boolean }) {
  const session = useSession();
  const info = useSourceInfo().data;
  return (
    <div data-testid="banners">
      {disconnected && (
        <div role="alert" data-testid="banner-disconnected" className="border-b border-[var(--color-bad)] bg-[var(--color-bad-bg)] px-3 py-1.5 text-[var(--color-bad)]">
          Agent disconnected — reconnecting automatically… (what is on screen may be out of date)
        </div>
      )}
      {session.mode === 'local' ? (
        <div data-testid="banner-snapshot" className="border-b border-[var(--color-line)] bg-[var(--color-warn-bg)] px-3 py-1 text-[var(--color-warn)]">
          Viewing a snapshot in the browser, read-only: {session.label === null ? '' : humanLabel(session.label)}
        </div>
      ) : info?.kind === 'share' || info?.kind === 'snapshot' ? (
        // Share mode and --snapshot say what they are as loudly as the sample does: a snapshot,
        // read-only, from another time and maybe another machine.
        <div data-testid="banner-share" className="border-b border-[var(--color-line)] bg-[var(--color-warn-bg)] px-3 py-1 text-[var(--color-warn)]">
          {info.kind === 'share' ? 'Shared snapshot, read-only' : 'Snapshot, read-only'}: {humanLabel(info.label)}
        </div>
      ) : info?.kind === 'sample' ? (
        // The agent fell back to its bundled sample: say so loudly, nobody should mistake it
        // for this machine's namespace.
        <div data-testid="banner-sample" className="border-b border-[var(--color-line)] bg-[var(--color-warn-bg)] px-3 py-1 text-[var(--color-warn)]">
          Sample data, not this machine: {humanLabel(info.label)}
        </div>
      ) : null}
      <Notices />
    </div>
  );
}
