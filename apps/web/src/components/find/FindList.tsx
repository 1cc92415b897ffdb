'use client';
// Find's results: a virtual listbox of objects with their full paths, and per row the link
// target (names), the rights granted (access filter) or why it is weak.
import type { RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import { displayName, displayPath } from '../../lib/format';
import { TypeIcon } from '../TypeIcon';
import type { FindKind, FindRow } from './useFindResults';

export const FIND_ROW = 24;

export function FindList(props: {
  rows: FindRow[];
  kind: FindKind;
  cursor: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  v: Virtualizer<HTMLDivElement, Element>;
  onPick: (i: number) => void;
}) {
  const { rows, v } = props;
  const detail = props.kind !== 'names';
  return (
    <div ref={props.scrollRef} role="listbox" aria-label="Find results" tabIndex={0} className="relative min-h-0 flex-1 overflow-auto" data-testid="find-results">
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((vi) => {
          const h = rows[vi.index];
          if (!h) return null;
          const p = displayPath(h.path);
          return (
            <div
              key={h.path}
              data-testid="find-result"
              data-path={h.path}
              role="option"
              aria-selected={vi.index === props.cursor}
              className={`absolute left-0 right-0 flex cursor-pointer items-center gap-2 px-3 ${vi.index === props.cursor ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'}`}
              style={{ top: vi.start, height: FIND_ROW }}
              onClick={() => props.onPick(vi.index)}
            >
              <TypeIcon type={h.type} />
              <span className={`${detail ? 'w-44' : 'w-56'} shrink-0 truncate`} title={displayName(h.name).full}>
                {displayName(h.name, 60).text}
              </span>
              <span className="min-w-0 flex-1 truncate font-mono text-[12px] text-[var(--color-dim)]" title={p}>
                {p}
              </span>
              {detail && (
                <span className="w-[34%] shrink-0 truncate text-[12px]" data-testid="find-result-why" title={h.detail ?? ''}>
                  {h.detail}
                </span>
              )}
              <span className="w-24 shrink-0 truncate text-right text-[var(--color-dim)]">{h.type}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
