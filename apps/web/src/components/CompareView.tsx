'use client';
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { baseNtName, diffSnapshots, parentNtPath, parseNtPath, type DiffChange, type DiffEntry } from '@objscope/core';
import { decodeBytes } from '../lib/boot';
import { createAgentClient } from '../lib/trpc';
import { useSession } from '../lib/session';
import { displayPath, fileRejectedMessage, formatCount, formatTime } from '../lib/format';
import { useCompare, type CompareSide as Side } from '../store/compare';
import { useUi } from '../store/ui';
import { TypeIcon } from './TypeIcon';
import { ExportButtons } from './ExportButtons';
import { diffCsv, diffJson } from '../lib/export';
import { Time } from './Time';

const ROW = 24;
const DIFF_LIMIT = 100_000;
const CHANGE_STYLE: Record<DiffChange, string> = {
  added: 'text-[var(--color-good)]',
  removed: 'text-[var(--color-bad)]',
  changed: 'text-[var(--color-warn)]',
};

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

  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12 });

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3 p-4" data-testid="compare">
      <h2 className="text-base font-semibold">Compare two snapshots</h2>
      <div className="flex gap-3">
        <Slot label="Before (A)" side={a} onSide={setA} testid="compare-a" agent={session.agentPresent} />
        <Slot label="After (B)" side={b} onSide={setB} testid="compare-b" agent={session.agentPresent} />
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
            const where = (side: Side) => (side.fromAgent ? 'the agent’s source' : side.fileName);
            return (
              <div key={`${e.change}:${e.path}`} data-testid="diff-entry" data-change={e.change} data-path={e.path} className="absolute left-0 right-0 flex items-center gap-2 px-2" style={{ top: vi.start, height: ROW }}>
                <span className={`w-16 shrink-0 ${CHANGE_STYLE[e.change]}`}>{e.change}</span>
                <TypeIcon type={t.type} />
                <button
                  type="button"
                  data-testid="diff-open"
                  className="min-w-0 flex-1 truncate text-left font-mono text-[12px] hover:underline"
                  title={`Open ${p} in ${where(e.after ? b! : a!)}`}
                  // The object as it is now where it still exists (after), else as it was.
                  onClick={() => void openEntry(e, e.after ? 'b' : 'a')}
                >
                  {p}
                </button>
                <span className="w-[34%] shrink-0 truncate text-[var(--color-dim)]" title={describe(e)}>
                  {describe(e)}
                </span>
                <span className="flex w-[5.5rem] shrink-0 gap-1">
                  {e.before && (
                    <button type="button" data-testid="diff-open-a" className="rounded border border-[var(--color-line)] px-1 text-[11px] hover:bg-[var(--color-hover)]" aria-label={`Open ${p} in before (A), ${where(a!)}`} title={`Open in before (A): ${where(a!)}`} onClick={() => void openEntry(e, 'a')}>
                      A
                    </button>
                  )}
                  {e.after && (
                    <button type="button" data-testid="diff-open-b" className="rounded border border-[var(--color-line)] px-1 text-[11px] hover:bg-[var(--color-hover)]" aria-label={`Open ${p} in after (B), ${where(b!)}`} title={`Open in after (B): ${where(b!)}`} onClick={() => void openEntry(e, 'b')}>
                      B
                    </button>
                  )}
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

/** The agent's source captured now, through the same export the Save button uses. */
async function captureAgent(): Promise<Side> {
  try {
    const client = createAgentClient();
    // One after the other: the agent answers snapshot.export only on its own, never batched with
    // another call (docs/security.md, "Input limits"), and calls made together share a batch.
    const r = await client.snapshot.export.query();
    const info = await client.source.info.query();
    const live = info.kind === 'live' || info.kind === 'wine';
    const bin = atob(r.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const d = await decodeBytes(bytes);
    return d.ok ? { fileName: r.fileName, snapshot: d.snapshot, error: null, fromAgent: true, live } : { fileName: r.fileName, snapshot: null, error: d.error, fromAgent: true, live };
  } catch (e) {
    return { fileName: 'the agent’s source', snapshot: null, error: e instanceof Error ? e.message : String(e), fromAgent: true, live: false };
  }
}

function Slot({ label, side, onSide, testid, agent }: { label: string; side: Side | null; onSide: (s: Side) => void; testid: string; agent: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [capturing, setCapturing] = useState(false);
  const load = async (f: File) => {
    const r = await decodeBytes(new Uint8Array(await f.arrayBuffer()));
    onSide(r.ok ? { fileName: f.name, snapshot: r.snapshot, error: null, fromAgent: false, live: false } : { fileName: f.name, snapshot: null, error: r.error, fromAgent: false, live: false });
  };
  const capture = async () => {
    setCapturing(true);
    try {
      onSide(await captureAgent());
    } finally {
      setCapturing(false);
    }
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
        {agent && (
          <button
            type="button"
            data-testid={`${testid}-agent`}
            disabled={capturing}
            className="rounded border border-[var(--color-line)] px-2 py-0.5 hover:bg-[var(--color-hover)] disabled:opacity-60"
            title="Capture the agent's source (the live namespace under a live agent) now and compare against it"
            onClick={() => void capture()}
          >
            {capturing ? 'Capturing…' : 'Agent’s source now'}
          </button>
        )}
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
        <p className="mt-1 whitespace-pre-wrap break-words text-[var(--color-bad)]" role="alert" data-testid="banner-rejected">
          {fileRejectedMessage(side.fileName, side.error)}
        </p>
      )}
      {side?.snapshot && (
        <p className="mt-1" data-testid={`${testid}-meta`}>
          {side.fromAgent && <span data-testid={`${testid}-from-agent`}>The agent’s {side.live ? 'live source' : 'source (a snapshot)'}: </span>}
          <span className="font-mono">{side.fileName}</span> — {formatCount(side.snapshot.meta.objectCount)} objects, captured <Time iso={side.snapshot.meta.capturedAt} />
          {side.snapshot.meta.host ? ` on ${side.snapshot.meta.host}` : ''}
        </p>
      )}
    </div>
  );
}
