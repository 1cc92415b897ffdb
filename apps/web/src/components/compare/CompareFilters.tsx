'use client';
// What Compare lists: the changes under one directory, of one type, of the kinds ticked.
import { useState } from 'react';
import type { DiffChange, SnapshotDiff } from '@objscope/core';
import { formatCount } from '../../lib/format';
import { CHANGE_STYLE } from './DiffList';

/** The filters' state: the Under path as typed, the type (empty for all), the kinds of change shown. */
export function useCompareFilters() {
  const [under, setUnder] = useState('');
  const [type, setType] = useState('');
  const [show, setShow] = useState<Set<DiffChange>>(() => new Set<DiffChange>(['added', 'removed', 'changed']));
  return { under, setUnder, type, setType, show, setShow };
}

export type CompareFilterState = ReturnType<typeof useCompareFilters>;

interface Props {
  filters: CompareFilterState;
  /** Why the Under path is refused, or null when it is empty or valid. */
  underError: string | null;
  typeNames: string[];
  diff: SnapshotDiff | null;
}

export function CompareFilters({ filters, underError, typeNames, diff }: Props) {
  const { under, setUnder, type, setType, show, setShow } = filters;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <label className="flex items-center gap-1">
        Under
        <input
          data-testid="compare-under"
          spellCheck={false}
          placeholder={'\\ (everything)'}
          value={under}
          onChange={(e) => setUnder(e.target.value)}
          className={`w-64 rounded border bg-[var(--color-sunken)] px-2 py-0.5 font-mono ${underError !== null ? 'border-[var(--color-bad)]' : 'border-[var(--color-line)]'}`}
        />
      </label>
      {underError !== null && <span className="text-[var(--color-bad)]">{underError}</span>}
      <label className="flex items-center gap-1">
        Type
        <select data-testid="compare-type" value={type} onChange={(e) => setType(e.target.value)} className="rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 py-0.5">
          <option value="">all types</option>
          {typeNames.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {(['added', 'removed', 'changed'] as const).map((c) => (
        <label key={c} className={`flex items-center gap-1 ${CHANGE_STYLE[c]}`}>
          <input
            type="checkbox"
            data-testid={`compare-show-${c}`}
            checked={show.has(c)}
            onChange={(e) =>
              setShow((s) => {
                const n = new Set(s);
                if (e.target.checked) n.add(c);
                else n.delete(c);
                return n;
              })
            }
          />
          {c} {diff ? `(${formatCount(diff[c])})` : ''}
        </label>
      ))}
    </div>
  );
}
