'use client';
import { useQuery } from '@tanstack/react-query';
import type { SourceInfo } from '@objscope/core';
import { useUi } from '../store/ui';
import { useTRPC } from '../lib/trpc';
import { useSourceInfo } from '../hooks/useSourceInfo';
import { formatCount, formatTime } from '../lib/format';
import { capabilityWarnings } from '../lib/capabilities';

const KIND_LABEL: Record<SourceInfo['kind'], string> = {
  live: 'Live',
  wine: 'Live (Wine)',
  snapshot: 'Snapshot',
  sample: 'Sample snapshot',
  share: 'Shared snapshot',
};

export function StatusBar() {
  const { data: info, isError } = useSourceInfo();
  const trpc = useTRPC();
  const path = useUi((s) => s.path);
  const sel = useUi((s) => s.sel);
  const view = useUi((s) => s.view);
  const filter = useUi((s) => s.filter);
  const sort = useUi((s) => s.sort);
  // Same key as the list's first page, so this reads the cache rather than fetching again.
  const list = useQuery({
    ...trpc.namespace.list.queryOptions({ path, sort: sort.key, desc: sort.desc, filter: filter || undefined, limit: 500, offset: 0 }),
    enabled: view === 'explorer',
  });
  const warnings = info ? capabilityWarnings(info) : [];
  const total = list.data?.ok ? list.data.total : null;
  return (
    <footer className="flex items-center gap-3 overflow-hidden whitespace-nowrap border-t border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-0.5 text-[12px]" data-testid="status-bar">
      {info ? (
        <>
          <span data-testid="status-source" data-kind={info.kind} className="font-medium">
            {KIND_LABEL[info.kind]}
          </span>
          <span className="truncate text-[var(--color-dim)]" title={info.label}>
            {info.label}
          </span>
          {info.host && <span data-testid="status-host">host {info.host}</span>}
          {info.osVersion && <span className="text-[var(--color-dim)]">{info.osVersion}</span>}
          {info.capturedAt && <span data-testid="status-captured">captured {formatTime(info.capturedAt)}</span>}
        </>
      ) : (
        <span className="text-[var(--color-dim)]">{isError ? 'source unavailable' : 'connecting…'}</span>
      )}
      <span className="flex-1" />
      {view === 'explorer' && total !== null && (
        <span data-testid="status-count">
          {formatCount(total)} {filter ? 'matching' : 'objects'}
          {sel !== null ? ' · 1 selected' : ''}
        </span>
      )}
      {warnings.length > 0 && (
        <span data-testid="status-warnings" className="truncate text-[var(--color-warn)]" title={warnings.join('\n')}>
          ⚠ {warnings.join(' · ')}
        </span>
      )}
    </footer>
  );
}
