// The by-holder list: one row per process holding zombies, with a bar for how many; a click
// shows that holder's zombies.
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { displayName } from '../../lib/format';
import { Bar } from '../Bar';
import { holderSentence, plural, type HolderGroup, type ZombieTab } from './model';
import { ROW } from './shared';

export function HolderList({ groups, tab, onPick }: { groups: HolderGroup[]; tab: ZombieTab; onPick: (pid: number) => void }) {
  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: groups.length, getScrollElement: () => parentRef.current, estimateSize: () => ROW + 4, overscan: 10 });
  const max = Math.max(1, ...groups.map((g) => g.zombies));
  return (
    <div ref={parentRef} className="min-h-[160px] flex-1 overflow-auto rounded border border-[var(--color-line)]" data-testid="zombie-holders">
      {groups.length === 0 ? (
        <p className="p-3 text-[var(--color-dim)]">Nobody holds a zombie {tab === 'processes' ? 'process' : 'thread'}.</p>
      ) : (
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const g = groups[vi.index]!;
            const name = displayName(g.imageName ?? '?', 60);
            return (
              <button
                key={g.pid}
                type="button"
                data-testid="holder-row"
                data-pid={g.pid}
                title={`${name.full}: ${g.handles} handles; show these zombies`}
                className="absolute left-0 right-0 grid grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_7rem] items-center gap-3 px-3 text-left hover:bg-[var(--color-hover)]"
                style={{ top: vi.start, height: ROW + 4 }}
                onClick={() => onPick(g.pid)}
              >
                <span className="truncate">{holderSentence(g, tab, name.text)}</span>
                <span className="block h-3">
                  <Bar value={g.zombies} max={max} scale="linear" full={100} least={0.5} unit="%" className="h-3 rounded" />
                </span>
                <span className="whitespace-nowrap text-right text-[12px] text-[var(--color-dim)]">{plural(g.handles, 'handle')}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
