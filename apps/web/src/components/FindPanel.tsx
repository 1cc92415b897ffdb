'use client';
// Namespace-wide Find: by name and type, narrowed to what a principal may do (the access filter)
// or turned to the weakly secured objects. The parts: the controls (find/FindControls), the
// access row (find/AccessBar), the question and its answer (find/useFindResults), the summary
// line (find/FindSummary) and the virtual list (find/FindList).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { parentNtPath } from '@objscope/core';
import { useUi } from '../store/ui';
import { AccessBar } from './find/AccessBar';
import { useFindAccess } from './find/access-store';
import { FindControls } from './find/FindControls';
import { FIND_ROW, FindList } from './find/FindList';
import { FindSummary } from './find/FindSummary';
import { useFindResults, type FindKind, type FindRow } from './find/useFindResults';

/** Where a picked row goes: a name hit to its place in the list; an access answer with its Properties open, where the Access section explains it. */
function usePick(kind: FindKind) {
  const setFindOpen = useUi((s) => s.setFindOpen);
  const navigate = useUi((s) => s.navigate);
  const openProperties = useUi((s) => s.openProperties);
  return (h: FindRow | undefined) => {
    if (!h) return;
    setFindOpen(false);
    if (kind === 'names' && h.type === 'Directory') return navigate(h.path);
    if (h.path === '\\') return navigate('\\');
    navigate(parentNtPath(h.path), h.name);
    if (kind !== 'names') openProperties(true);
  };
}

export function FindPanel() {
  const setFindOpen = useUi((s) => s.setFindOpen);
  const path = useUi((s) => s.path);
  // The query lives in the store (remembered across reloads): reopening Find shows the last one.
  const find = useUi((s) => s.find);
  const setFind = useUi((s) => s.setFind);
  const view = useFindAccess((s) => s.view);
  const applied = useFindAccess((s) => s.applied);
  const r = useFindResults(find, path, view, applied);
  const pick = usePick(r.kind);
  const [cursor, setCursor] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: r.rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => FIND_ROW, overscan: 10 });

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  useEffect(() => {
    if (r.settled) performance.mark('objscope:find-ready', { detail: { text: find.text, kind: r.kind, hits: r.rows.length } });
  }, [r.settled, r.kind, find.text, r.rows.length]);
  useEffect(() => setCursor(0), [find, view, applied]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(r.rows.length - 1, to));
    setCursor(i);
    v.scrollToIndex(i);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(cursor + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(r.rows[cursor]);
    } else if (e.key === 'Escape') setFindOpen(false);
  };

  return (
    <div className="absolute inset-0 z-30 flex justify-center bg-black/20 pt-10" onMouseDown={(e) => e.target === e.currentTarget && setFindOpen(false)}>
      <div role="dialog" aria-label="Find objects" data-testid="find" className="flex h-[min(36rem,85%)] w-[min(60rem,92%)] flex-col rounded-lg border border-[var(--color-line)] bg-[var(--color-panel)] shadow-2xl">
        <FindControls find={find} setFind={setFind} path={path} inputRef={inputRef} onKeyDown={onKeyDown} onClose={() => setFindOpen(false)} />
        <AccessBar />
        <FindSummary r={r} access={r.kind === 'access' ? applied : null} />
        <FindList rows={r.rows} kind={r.kind} cursor={cursor} scrollRef={scrollRef} v={v} onPick={(i) => pick(r.rows[i])} />
      </div>
    </div>
  );
}
