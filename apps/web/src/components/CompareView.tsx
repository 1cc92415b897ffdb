'use client';
import { useState } from 'react';
import { baseNtName, parentNtPath, type DiffEntry } from '@objscope/core';
import { useSession } from '../lib/session';
import { displayPath, formatCount, formatTime } from '../lib/format';
import { useCompare, type CompareSide as Side } from '../store/compare';
import { useUi } from '../store/ui';
import { ExportButtons } from './ExportButtons';
import { diffCsv, diffJson } from '../lib/export';
import { CompareSlot } from './compare/CompareSlot';
import { CompareFilters, useCompareFilters } from './compare/CompareFilters';
import { DiffList, type DiffOrder } from './compare/DiffList';
import { useDiff } from './compare/useDiff';

/**
 * Compares two snapshots entirely in the page: files are read here and nothing is uploaded.
 * Either side can instead be captured from the agent's source (the live namespace) when the
 * page was served by an agent. Each entry opens the object where it exists: in the before or
 * the after snapshot, or on the agent's source.
 */
export function CompareView() {
  const a = useCompare((s) => s.a);
  const b = useCompare((s) => s.b);
  const setSide = useCompare((s) => s.setSide);
  const setA = (x: Side) => setSide('a', x);
  const setB = (x: Side) => setSide('b', x);
  const session = useSession();
  const notify = useUi((s) => s.notify);
  const filters = useCompareFilters();

  const { underCheck, diff, entries, typeNames } = useDiff(a, b, filters);
  const [order, setOrder] = useState<DiffOrder>('path');

  const openEntry = async (e: DiffEntry, which: 'a' | 'b') => {
    const side = which === 'a' ? a : b;
    if (!side?.snapshot) return;
    // The object selected in its directory, as WinObj shows one; the root is just opened.
    const at = e.path === '\\' ? { path: '\\', sel: null } : { path: parentNtPath(e.path), sel: baseNtName(e.path) };
    if (side.fromAgent) {
      session.openAgentAt(at);
      notify('info', `Showing ${displayPath(e.path)} on the agent’s source, as it is now (compared as of ${formatTime(side.snapshot.meta.capturedAt)}).`);
      return;
    }
    await session.openSnapshot(side.snapshot, `Snapshot file ${side.fileName} (${which === 'a' ? 'before' : 'after'})`, at);
    notify('info', `Opened ${displayPath(e.path)} in ${side.fileName}, the ${which === 'a' ? 'before (A)' : 'after (B)'} snapshot. Compare keeps both sides.`);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3 p-4" data-testid="compare">
      <h2 className="text-base font-semibold">Compare two snapshots</h2>
      <div className="flex gap-3">
        <CompareSlot label="Before (A)" side={a} onSide={setA} testid="compare-a" agent={session.agentPresent} />
        <CompareSlot label="After (B)" side={b} onSide={setB} testid="compare-b" agent={session.agentPresent} />
      </div>
      <CompareFilters filters={filters} underError={underCheck && !underCheck.ok ? underCheck.message : null} typeNames={typeNames} diff={diff} />
      {diff && (
        <div className="flex items-center gap-3">
          <p data-testid="diff-summary" className="text-[var(--color-dim)]">
            {formatCount(diff.added)} added, {formatCount(diff.removed)} removed, {formatCount(diff.changed)} changed
            {diff.truncated ? ` (first ${formatCount(diff.entries.length)} listed)` : ''}
          </p>
          <label className="flex items-center gap-1">
            Show
            <select data-testid="compare-order" value={order} onChange={(e) => setOrder(e.target.value === 'tree' ? 'tree' : 'path')} className="rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 py-0.5">
              <option value="path">sorted by path</option>
              <option value="tree">as a tree</option>
            </select>
          </label>
          <ExportButtons what="the differences" testid="diff-export" fileName="objscope-diff" csv={() => diffCsv(entries)} json={() => diffJson(diff, entries)} />
        </div>
      )}
      <DiffList diff={diff} entries={entries} order={order} a={a} b={b} onOpen={(e, which) => void openEntry(e, which)} />
    </div>
  );
}

