'use client';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { parentNtPath } from '@objscope/core';
import { useUi } from '../store/ui';
import { useTRPC } from '../lib/trpc';
import { displayName, displayPath, formatCount } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { ExportButtons } from './ExportButtons';
import { fileStem, hitsCsv, hitsJson } from '../lib/export';
import { TextLimitNote, useTextLimit } from './TextLimit';

const RESULT_LIMIT = 2000;
const ROW = 24;

export function FindPanel() {
  const trpc = useTRPC();
  const setFindOpen = useUi((s) => s.setFindOpen);
  const navigate = useUi((s) => s.navigate);
  const path = useUi((s) => s.path);
  // The query lives in the store (remembered across reloads): reopening Find shows the last one.
  const find = useUi((s) => s.find);
  const setFind = useUi((s) => s.setFind);
  const textLimit = useTextLimit((t) => setFind({ text: t }));
  const { text, mode, caseSensitive, type, here } = find;
  const [cursor, setCursor] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const types = useQuery(trpc.types.stats.queryOptions());
  const input = {
    text,
    mode,
    caseSensitive,
    types: type ? [type] : undefined,
    under: here && path !== '\\' ? path : undefined,
    limit: RESULT_LIMIT,
  };
  const active = text.length > 0 || type !== '';
  const q = useQuery({
    ...trpc.namespace.search.queryOptions(input, { trpc: { abortOnUnmount: true } }),
    // A type alone is a query too: every Mutant in the namespace.
    enabled: active,
    placeholderData: (prev) => prev,
    retry: false,
    staleTime: 30_000,
  });
  const hits = active ? (q.data?.hits ?? []) : [];
  const v = useVirtualizer({ count: hits.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 10 });

  const settled = active && q.isSuccess && !q.isPlaceholderData && !q.isFetching;
  useEffect(() => {
    if (settled) performance.mark('objscope:find-ready', { detail: { text, hits: hits.length } });
  }, [settled, text, hits.length]);
  useEffect(() => setCursor(0), [text, mode, type, here, caseSensitive]);

  const jump = (i: number) => {
    const h = hits[i];
    if (!h) return;
    setFindOpen(false);
    if (h.type === 'Directory') navigate(h.path);
    else navigate(parentNtPath(h.path), h.name);
  };

  return (
    <div className="absolute inset-0 z-30 flex justify-center bg-black/20 pt-10" onMouseDown={(e) => e.target === e.currentTarget && setFindOpen(false)}>
      <div role="dialog" aria-label="Find objects" data-testid="find" className="flex h-[min(36rem,85%)] w-[min(60rem,92%)] flex-col rounded-lg border border-[var(--color-line)] bg-[var(--color-panel)] shadow-2xl">
        <div className="flex flex-wrap items-center gap-2 border-b border-[var(--color-line)] p-2">
          <input
            ref={inputRef}
            data-testid="find-input"
            aria-label="Find by name"
            spellCheck={false}
            placeholder={mode === 'regex' ? 'Regular expression on the name' : 'Part of the name'}
            className="min-w-0 flex-1 rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-1 font-mono"
            value={text}
            {...textLimit.inputProps}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setCursor((c) => Math.min(hits.length - 1, c + 1));
                v.scrollToIndex(Math.min(hits.length - 1, cursor + 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setCursor((c) => Math.max(0, c - 1));
                v.scrollToIndex(Math.max(0, cursor - 1));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                jump(cursor);
              } else if (e.key === 'Escape') setFindOpen(false);
            }}
          />
          <select data-testid="find-mode" aria-label="Match mode" value={mode} onChange={(e) => setFind({ mode: e.target.value === 'regex' ? 'regex' : 'substring' })} className="rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 py-1">
            <option value="substring">contains</option>
            <option value="regex">regex</option>
          </select>
          <select data-testid="find-type" aria-label="Object type" value={type} onChange={(e) => setFind({ type: e.target.value })} className="max-w-44 rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 py-1">
            <option value="">all types</option>
            {/* A remembered type the current source does not have stays selectable (and clearable). */}
            {type !== '' && !(types.data ?? []).some((t) => t.name === type) && <option value={type}>{type}</option>}
            {(types.data ?? []).map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={caseSensitive} onChange={(e) => setFind({ caseSensitive: e.target.checked })} data-testid="find-case" /> Aa
          </label>
          <label className="flex items-center gap-1" title={displayPath(path)}>
            <input type="checkbox" checked={here} onChange={(e) => setFind({ here: e.target.checked })} data-testid="find-here" /> only under current directory
          </label>
          <button type="button" aria-label="Close find" onClick={() => setFindOpen(false)} className="px-2 text-lg leading-none">
            ×
          </button>
          <TextLimitNote cut={textLimit.cut} what="Find's text" testid="find-limit" />
        </div>
        <div className="flex items-center gap-2 border-b border-[var(--color-line)] px-3 py-1">
        <div className="min-w-0 flex-1 text-[12px] text-[var(--color-dim)]" data-testid="find-summary">
          {!active
            ? 'Type to search every object name in the namespace, or pick a type to list every object of it.'
            : q.isError
              ? <span className="text-[var(--color-bad)]" data-testid="find-error">{q.error.message}</span>
              : q.data
                ? <>
                    <span data-testid="find-total">{formatCount(q.data.total)} match{q.data.total === 1 ? '' : 'es'}</span>
                    {q.data.truncated ? ` (first ${formatCount(q.data.hits.length)} shown)` : ''} · {formatCount(q.data.scanned)} objects searched in {q.data.elapsedMs.toFixed(0)} ms
                    {q.isFetching ? ' · searching…' : ''}
                  </>
                : 'Searching…'}
        </div>
          <ExportButtons
            what="the Find results"
            testid="find-export"
            fileName={`objscope-find-${fileStem(type || text || 'all')}`}
            disabled={!settled || hits.length === 0}
            csv={() => hitsCsv(hits)}
            json={() => hitsJson({ text, mode, caseSensitive, type: type || null, under: input.under ?? null }, q.data?.total ?? hits.length, q.data?.truncated ?? false, hits)}
          />
        </div>
        <div ref={scrollRef} role="listbox" aria-label="Find results" className="relative min-h-0 flex-1 overflow-auto" data-testid="find-results">
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {v.getVirtualItems().map((vi) => {
              const h = hits[vi.index];
              if (!h) return null;
              const p = displayPath(h.path);
              return (
                <div
                  key={h.path}
                  data-testid="find-result"
                  data-path={h.path}
                  role="option"
                  aria-selected={vi.index === cursor}
                  className={`absolute left-0 right-0 flex cursor-pointer items-center gap-2 px-3 ${vi.index === cursor ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'}`}
                  style={{ top: vi.start, height: ROW }}
                  onClick={() => jump(vi.index)}
                >
                  <TypeIcon type={h.type} />
                  <span className="w-56 shrink-0 truncate" title={displayName(h.name).full}>
                    {displayName(h.name, 60).text}
                  </span>
                  <span className="min-w-0 flex-1 truncate font-mono text-[12px] text-[var(--color-dim)]" title={p}>
                    {p}
                  </span>
                  <span className="w-28 shrink-0 truncate text-right text-[var(--color-dim)]">{h.type}</span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
