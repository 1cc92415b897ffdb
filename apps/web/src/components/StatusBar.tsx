'use client';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { SourceInfo } from '@objscope/core';
import { useUi } from '../store/ui';
import { useTRPC } from '../lib/trpc';
import { useSourceInfo } from '../hooks/useSourceInfo';
import { formatCount, humanLabel } from '../lib/format';
import { capabilityWarnings, warningSummary } from '../lib/capabilities';
import { Time } from './Time';

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
    <footer className="relative flex items-center gap-3 whitespace-nowrap border-t border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-0.5 text-[12px]" data-testid="status-bar">
      {/* The source's facts give way (ellipsis) before the counts and the warning line do: the
          bar never widens the page. */}
      <div className="flex min-w-0 flex-1 items-center gap-3 overflow-hidden">
      {info ? (
        <>
          <span data-testid="status-source" data-kind={info.kind} className="font-medium">
            {KIND_LABEL[info.kind]}
          </span>
          {/* A snapshot's label is in the banner above (Shell's Banners); saying it again here only
              pushed host and OS into an ellipsis. Live sources have no banner: their label stays. */}
          {(info.kind === 'live' || info.kind === 'wine') && (
            <span className="truncate text-[var(--color-dim)]" title={humanLabel(info.label)} data-testid="status-label" data-label={info.label}>
              {humanLabel(info.label)}
            </span>
          )}
          {info.host && <span data-testid="status-host" className="shrink-0">host {info.host}</span>}
          {info.osVersion && <span className="shrink-0 text-[var(--color-dim)]" data-testid="status-os">{info.osVersion}</span>}
          {info.capturedAt && <span data-testid="status-captured" className="shrink-0">captured <Time iso={info.capturedAt} /></span>}
        </>
      ) : (
        <span className="text-[var(--color-dim)]">{isError ? 'source unavailable' : 'connecting…'}</span>
      )}
      </div>
      {view === 'explorer' && total !== null && (
        <span data-testid="status-count" className="shrink-0">
          {formatCount(total)} {filter ? 'matching' : 'objects'}
          {sel !== null ? ' · 1 selected' : ''}
        </span>
      )}
      {warnings.length > 0 && <Warnings warnings={warnings} />}
    </footer>
  );
}

/** One concise line; the full list on demand (click, Enter), closed by Escape or a click away. */
function Warnings({ warnings }: { warnings: string[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [open]);
  return (
    <span ref={ref} className="relative min-w-0 max-w-[30vw] shrink-0">
      <button
        type="button"
        data-testid="status-warnings"
        aria-expanded={open}
        aria-controls="status-warning-list"
        title={warnings.join('\n')}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
        className="block max-w-full truncate text-[var(--color-warn)] hover:underline"
      >
        ⚠ {warningSummary(warnings)}
      </button>
      {open && (
        <ul
          id="status-warning-list"
          data-testid="status-warning-list"
          className="absolute bottom-full right-0 z-40 mb-1 w-max max-w-[min(32rem,90vw)] whitespace-normal rounded border border-[var(--color-line)] bg-[var(--color-panel)] p-2 shadow-lg"
        >
          {warnings.map((w) => (
            <li key={w} className="py-0.5 text-[var(--color-fg)]">
              ⚠ {w}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
