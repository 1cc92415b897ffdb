'use client';
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { diffSnapshots, parseNtPath, type DiffChange, type Snapshot } from '@objscope/core';
import { decodeBytes } from '../lib/boot';
import { displayPath, formatCount, formatTime } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { ExportButtons } from './ExportButtons';
import { diffCsv, diffJson } from '../lib/export';

interface Side {
  fileName: string;
  snapshot: Snapshot | null;
  error: string | null;
}

const ROW = 24;
const DIFF_LIMIT = 100_000;
const CHANGE_STYLE: Record<DiffChange, string> = {
  added: 'text-[var(--color-good)]',
  removed: 'text-[var(--color-bad)]',
  changed: 'text-[var(--color-warn)]',
};

/** Compares two snapshot files entirely in the page: nothing is uploaded anywhere. */
export function CompareView() {
  const [a, setA] = useState<Side | null>(null);
  const [b, setB] = useState<Side | null>(null);
  const [under, setUnder] = useState('');
  const [type, setType] = useState('');
  const [show, setShow] = useState<Set<DiffChange>>(() => new Set<DiffChange>(['added', 'removed', 'changed']));

  const underCheck = under.trim() === '' ? null : parseNtPath(under.trim());
  const diff = useMemo(() => {
    if (!a?.snapshot || !b?.snapshot) return null;
    if (underCheck && !underCheck.ok) return null;
    return diffSnapshots(a.snapshot, b.snapshot, {
      under: underCheck ? under.trim() : undefined,
      types: type ? [type] : undefined,
      limit: DIFF_LIMIT,
    });
  }, [a, b, under, underCheck, type]);
  const entries = useMemo(() => (diff ? diff.entries.filter((e) => show.has(e.change)) : []), [diff, show]);
  const typeNames = useMemo(() => {
    const s = new Set<string>();
    for (const side of [a, b]) for (const t of side?.snapshot?.types ?? []) s.add(t.name);
    for (const e of diff?.entries ?? []) {
      if (e.before) s.add(e.before.type);
      if (e.after) s.add(e.after.type);
    }
    return [...s].sort();
  }, [a, b, diff]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12 });

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3 p-4" data-testid="compare">
      <h2 className="text-base font-semibold">Compare two snapshots</h2>
      <div className="flex gap-3">
        <Slot label="Before (A)" side={a} onSide={setA} testid="compare-a" />
        <Slot label="After (B)" side={b} onSide={setB} testid="compare-b" />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1">
          Under
          <input
            data-testid="compare-under"
            spellCheck={false}
            placeholder={'\\ (everything)'}
            value={under}
            onChange={(e) => setUnder(e.target.value)}
            className={`w-64 rounded border bg-[var(--color-sunken)] px-2 py-0.5 font-mono ${underCheck && !underCheck.ok ? 'border-[var(--color-bad)]' : 'border-[var(--color-line)]'}`}
          />
        </label>
        {underCheck && !underCheck.ok && <span className="text-[var(--color-bad)]">{underCheck.message}</span>}
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
      {diff && (
        <div className="flex items-center gap-3">
          <p data-testid="diff-summary" className="text-[var(--color-dim)]">
            {formatCount(diff.added)} added, {formatCount(diff.removed)} removed, {formatCount(diff.changed)} changed
            {diff.truncated ? ` (first ${formatCount(diff.entries.length)} listed)` : ''}
          </p>
          <ExportButtons what="the differences" testid="diff-export" fileName="objscope-diff" csv={() => diffCsv(entries)} json={() => diffJson(diff, entries)} />
        </div>
      )}
      <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-auto rounded border border-[var(--color-line)] bg-[var(--color-panel)]" data-testid="compare-results">
        {!diff && <p className="p-3 text-[var(--color-dim)]">Pick or drop two snapshot files; they are read and compared in this page.</p>}
        {diff && entries.length === 0 && <p className="p-3 text-[var(--color-dim)]" data-testid="compare-empty">No differences with these filters.</p>}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const e = entries[vi.index];
            if (!e) return null;
            const t = (e.after ?? e.before)!;
            const p = displayPath(e.path);
            return (
              <div key={`${e.change}:${e.path}`} data-testid="diff-entry" data-change={e.change} data-path={e.path} className="absolute left-0 right-0 flex items-center gap-2 px-2" style={{ top: vi.start, height: ROW }}>
                <span className={`w-16 shrink-0 ${CHANGE_STYLE[e.change]}`}>{e.change}</span>
                <TypeIcon type={t.type} />
                <span className="min-w-0 flex-1 truncate font-mono text-[12px]" title={p}>
                  {p}
                </span>
                <span className="w-[40%] shrink-0 truncate text-[var(--color-dim)]" title={describe(e)}>
                  {describe(e)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function describe(e: { change: DiffChange; before: { type: string; target: string | null } | null; after: { type: string; target: string | null } | null }): string {
  const one = (x: { type: string; target: string | null }) => (x.target !== null ? `${x.type} → ${displayPath(x.target)}` : x.type);
  if (e.change === 'changed' && e.before && e.after) return `${one(e.before)}  ⇒  ${one(e.after)}`;
  return one((e.after ?? e.before)!);
}

function Slot({ label, side, onSide, testid }: { label: string; side: Side | null; onSide: (s: Side) => void; testid: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const load = async (f: File) => {
    const r = await decodeBytes(new Uint8Array(await f.arrayBuffer()));
    onSide(r.ok ? { fileName: f.name, snapshot: r.snapshot, error: null } : { fileName: f.name, snapshot: null, error: r.error });
  };
  return (
    <div
      data-testid={`${testid}-slot`}
      className={`flex-1 rounded border-2 border-dashed p-3 ${over ? 'border-[var(--color-accent)]' : 'border-[var(--color-line)]'}`}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void load(f);
      }}
    >
      <div className="flex items-center gap-2">
        <span className="font-medium">{label}</span>
        <button type="button" className="rounded border border-[var(--color-line)] px-2 py-0.5 hover:bg-[var(--color-hover)]" onClick={() => ref.current?.click()}>
          Choose file…
        </button>
        <input
          ref={ref}
          type="file"
          className="hidden"
          data-testid={testid}
          aria-label={`${label} snapshot file`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void load(f);
          }}
        />
      </div>
      {!side && <p className="mt-1 text-[var(--color-dim)]">or drop a snapshot file here</p>}
      {side?.error && (
        <p className="mt-1 break-words text-[var(--color-bad)]" role="alert" data-testid="banner-rejected">
          Could not open {side.fileName}: {side.error}
        </p>
      )}
      {side?.snapshot && (
        <p className="mt-1" data-testid={`${testid}-meta`}>
          <span className="font-mono">{side.fileName}</span> — {formatCount(side.snapshot.meta.objectCount)} objects, captured {formatTime(side.snapshot.meta.capturedAt)}
          {side.snapshot.meta.host ? ` on ${side.snapshot.meta.host}` : ''}
        </p>
      )}
    </div>
  );
}
