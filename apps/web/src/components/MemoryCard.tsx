'use client';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { MEMORY_CONDITION_NAMES, type MemoryCondition } from '@objscope/core';
import { useTRPC } from '../lib/trpc';
import { useSession } from '../lib/session';
import { useUi } from '../store/ui';
import { formatStatus } from '../lib/format';
import { Signal } from './PropertiesPane';
import { useSourceInfo } from '../hooks/useSourceInfo';
import { Time } from './Time';

const KIND_TEXT: Record<MemoryCondition['kind'], string> = {
  'dynamic-link': 'dynamic link → Event',
  event: 'plain Event',
  absent: 'absent',
};

const WATCH_MS = 2000;

export function MemoryCard() {
  const trpc = useTRPC();
  const { mode } = useSession();
  const info = useSourceInfo().data;
  const isLive = mode === 'agent' && (info?.kind === 'live' || info?.kind === 'wine');
  const navigate = useUi((s) => s.navigate);
  const q = useQuery(trpc.memory.conditions.queryOptions());
  const [live, setLive] = useState<{ at: number; items: MemoryCondition[] } | null>(null);
  const sub = useSubscription(
    trpc.memory.watch.subscriptionOptions(
      { intervalMs: WATCH_MS },
      { enabled: isLive, onData: (items) => setLive({ at: Date.now(), items }) },
    ),
  );
  const items = live?.items ?? q.data ?? [];
  const byName = new Map(items.map((c) => [c.name, c]));

  return (
    <section className="max-w-4xl rounded-lg border border-[var(--color-line)] bg-[var(--color-panel)]" data-testid="memory-card">
      <header className="flex items-center gap-3 border-b border-[var(--color-line)] px-4 py-2">
        <h2 className="whitespace-nowrap text-base font-semibold">Memory conditions</h2>
        <span className="text-[var(--color-dim)]">\KernelObjects — the kernel signals these events under memory pressure</span>
        <span className="flex-1" />
        {isLive ? (
          <span data-testid="memory-live" data-status={sub.status} className="flex items-center gap-1 text-[12px]">
            <span className={`inline-block h-2 w-2 rounded-full ${sub.status === 'pending' ? 'bg-[var(--color-good)]' : sub.status === 'error' ? 'bg-[var(--color-bad)]' : 'bg-[var(--color-dim)]'}`} />
            {sub.status === 'pending' ? 'live' : sub.status === 'error' ? 'live updates interrupted' : 'connecting'}
            {live && <span className="text-[var(--color-dim)]"> · last change <Time iso={new Date(live.at).toISOString()} /></span>}
          </span>
        ) : (
          <span className="text-[12px] text-[var(--color-dim)]">as captured in the snapshot</span>
        )}
      </header>
      {q.isError && !live && (
        <p className="px-4 py-2 text-[var(--color-bad)]" role="alert">
          {q.error.message}
        </p>
      )}
      <table className="w-full border-collapse">
        <thead>
          <tr className="text-left text-[var(--color-dim)]">
            <th className="px-4 py-1 font-normal">Condition</th>
            <th className="px-2 py-1 font-normal">Implemented as</th>
            <th className="px-2 py-1 font-normal">State</th>
            <th className="px-2 py-1 font-normal" />
          </tr>
        </thead>
        <tbody>
          {MEMORY_CONDITION_NAMES.map((name) => {
            const c = byName.get(name);
            return (
              <tr key={name} className="border-t border-[var(--color-line)]" data-testid="memory-condition" data-name={name} data-kind={c?.kind ?? 'unknown'} data-signaled={c?.signaled ?? 'null'}>
                <td className="px-4 py-1 font-mono text-[12px]">{name}</td>
                <td className={`px-2 ${c?.kind === 'absent' ? 'text-[var(--color-dim)]' : ''}`}>{c ? KIND_TEXT[c.kind] : q.isPending ? '…' : 'unknown'}</td>
                <td className="px-2">
                  {c?.error ? <span className="text-[var(--color-bad)]">{formatStatus(c.error)}</span> : c && c.kind !== 'absent' ? <Signal on={c.signaled} /> : <span className="text-[var(--color-dim)]">—</span>}
                </td>
                <td className="px-2 text-right">
                  {c && c.kind !== 'absent' && (
                    <button type="button" className="text-[var(--color-accent)] hover:underline" onClick={() => navigate('\\KernelObjects', name)}>
                      show
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
