'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { joinNtPath, type DirEntry, type LinkChain } from '@objscope/core';
import { linkJump } from '../lib/links';
import { useUi, type SortKey } from '../store/ui';
import { useTRPCClient } from '../lib/trpc';
import { useDirectory } from '../hooks/useDirectory';
import { useDirectoryWatch } from '../hooks/useDirectoryWatch';
import { useStoredCasing } from '../hooks/useStoredCasing';
import { displayName, displayPath, formatCount, formatStatus, isAccessDenied, isVanished } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { Splitter } from './Splitter';
import { ExportButtons } from './ExportButtons';
import { LIMITS } from '../lib/prefs';
import { fileStem, listingCsv, listingJson } from '../lib/export';

const ROW = 24;
const HIGHLIGHT_MS = 2500;
/** The API's largest page. */
const EXPORT_PAGE = 5000;

function details(e: DirEntry): string {
  if (e.error) return formatStatus(e.error);
  if (e.target !== null) return e.target;
  if (e.dynamic) return e.resolvesTo ? `dynamic link → ${e.resolvesTo}` : 'dynamic link';
  return '';
}

export function ListPane() {
  const client = useTRPCClient();
  const path = useUi((s) => s.path);
  const sel = useUi((s) => s.sel);
  const sort = useUi((s) => s.sort);
  const filter = useUi((s) => s.filter);
  const navigate = useUi((s) => s.navigate);
  const select = useUi((s) => s.select);
  const setSort = useUi((s) => s.setSort);
  const setFilter = useUi((s) => s.setFilter);
  const notify = useUi((s) => s.notify);
  const layout = useUi((s) => s.layout);
  const setLayout = useUi((s) => s.setLayout);
  const parentRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number]>([0, 60]);
  const dir = useDirectory(path, sort.key, sort.desc, filter, range);
  // Directories this page has listed: only those can be said to "no longer exist"; a path that
  // never listed (a typo, a stale link) "does not exist".
  const listedBefore = useRef(new Set<string>());
  if (dir.status === 'ok') listedBefore.current.add(path);
  useStoredCasing(path);
  const [cursor, setCursor] = useState(0);
  const cursorRef = useRef(0);
  const pendingSelect = useRef(false);
  cursorRef.current = cursor;
  const [fresh, setFresh] = useState<Map<string, number>>(() => new Map());
  const [lastChange, setLastChange] = useState<{ added: number; removed: number; changed: number; at: number } | null>(null);
  useEffect(() => {
    if (!lastChange) return;
    const t = setTimeout(() => setLastChange(null), 4000);
    return () => clearTimeout(t);
  }, [lastChange]);

  const v = useVirtualizer({
    count: dir.total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW,
    overscan: 20,
  });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
  }, [first, last]);

  // New directory: back to the top, and the cursor on the selected entry when it is in view.
  useEffect(() => {
    parentRef.current?.scrollTo({ top: 0 });
    setCursor(0);
    pendingSelect.current = false;
    setFresh(new Map());
    setLastChange(null);
  }, [path]);

  // A keyboard move onto a row whose page is still loading selects it once it arrives.
  const dirRef = useRef(dir);
  dirRef.current = dir;
  useEffect(() => {
    if (!pendingSelect.current) return;
    const r = dir.row(cursor);
    if (r) {
      pendingSelect.current = false;
      select(r.name);
    }
  });

  // The cursor follows a selection made elsewhere (deep link, "go up", find, go to target),
  // looked up in the pages already loaded; it never runs on the cursor's own moves.
  const firstLoaded = dir.status === 'ok' && dir.row(0) !== undefined;
  useEffect(() => {
    const d = dirRef.current;
    if (sel === null || !firstLoaded || pendingSelect.current) return;
    if (d.row(cursorRef.current)?.name === sel) return;
    for (let i = 0; i < d.total; i++) {
      const r = d.row(i);
      if (r === undefined) break;
      if (r.name === sel) {
        setCursor(i);
        v.scrollToIndex(i, { align: 'auto' });
        return;
      }
    }
  }, [sel, firstLoaded, path, v]);

  const rowsShown = dir.status === 'ok' && dir.fresh && (dir.total === 0 || dir.row(0) !== undefined);
  useEffect(() => {
    if (rowsShown) performance.mark('objscope:rows-ready', { detail: { path, total: dir.total } });
  }, [rowsShown, path, dir.total]);

  useDirectoryWatch(path, dir.status === 'ok', (ev) => {
    const now = Date.now();
    setLastChange({ added: ev.added.length, removed: ev.removed.length, changed: ev.changed.length, at: now });
    setFresh((m) => {
      const next = new Map<string, number>();
      for (const [k, t] of m) if (now - t < HIGHLIGHT_MS) next.set(k, t);
      for (const e of ev.added) next.set(e.name, now);
      for (const e of ev.changed) next.set(e.name, now);
      return next;
    });
  });

  const open = async (e: DirEntry) => {
    const full = joinNtPath(path, e.name);
    if (e.type === 'Directory') navigate(full);
    else if (e.type === 'SymbolicLink') {
      try {
        const chain = await client.namespace.resolveLink.query({ path: full });
        goToChainEnd(chain, navigate, notify);
      } catch (err) {
        notify('error', `Could not resolve ${displayPath(full)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  const moveTo = (i: number) => {
    if (dir.total === 0) return;
    const c = Math.max(0, Math.min(dir.total - 1, i));
    setCursor(c);
    v.scrollToIndex(c, { align: 'auto' });
    const r = dir.row(c);
    pendingSelect.current = r === undefined;
    if (r) select(r.name);
  };

  const onKey = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? 400) / ROW) - 1);
    if (e.key === 'ArrowDown') moveTo(cursor + 1);
    else if (e.key === 'ArrowUp') moveTo(cursor - 1);
    else if (e.key === 'PageDown') moveTo(cursor + page);
    else if (e.key === 'PageUp') moveTo(cursor - page);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(dir.total - 1);
    else if (e.key === 'Enter') {
      const r = dir.row(cursor);
      if (r) void open(r);
    } else return;
    e.preventDefault();
  };

  const highlighted = useMemo(() => fresh, [fresh]);

  /** Every entry of the listing as shown (sort and filter), read page by page for an export. */
  const readAll = async (): Promise<DirEntry[]> => {
    const out: DirEntry[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const r = await client.namespace.list.query({ path, sort: sort.key, desc: sort.desc, filter: filter || undefined, offset, limit: EXPORT_PAGE });
      if (!r.ok) throw new Error(`${displayPath(path)} cannot be listed: ${formatStatus(r)}`);
      out.push(...r.entries);
      if (r.entries.length === 0 || out.length >= r.total) return out;
    }
  };

  return (
    <section className="flex min-w-0 flex-1 flex-col bg-[var(--color-panel)]" data-testid="object-list" aria-label="Objects">
      <div className="flex items-center gap-2 border-b border-[var(--color-line)] px-2 py-1">
        <input
          data-testid="list-filter"
          aria-label="Filter by name"
          placeholder="Filter names in this directory"
          spellCheck={false}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="w-64 min-w-24 shrink rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-0.5"
        />
        <span className="text-[var(--color-dim)]" data-testid="list-count">
          {dir.status === 'ok' ? `${formatCount(dir.total)} ${filter ? 'matching' : dir.total === 1 ? 'entry' : 'entries'}` : ''}
        </span>
        {lastChange && (
          <span data-testid="live-change" className="rounded bg-[var(--color-new)] px-1.5 text-[12px]">
            just now: {[lastChange.added && `+${lastChange.added} new`, lastChange.removed && `−${lastChange.removed} gone`, lastChange.changed && `${lastChange.changed} changed`].filter(Boolean).join(', ')}
          </span>
        )}
        <span className="flex-1" />
        <ExportButtons
          what="this listing"
          testid="list-export"
          fileName={`objscope-${fileStem(path)}`}
          disabled={dir.status !== 'ok'}
          csv={async () => listingCsv(path, await readAll())}
          json={async () => listingJson(path, await readAll())}
        />
      </div>
      {/* One grid: the header row and the rows share it (ARIA rows need a grid or rowgroup parent). */}
      <div role="grid" aria-label="Objects in this directory" aria-rowcount={dir.total + 1} className="flex min-h-0 flex-1 flex-col">
      <div role="rowgroup">
      <div role="row" aria-rowindex={1} className="flex border-b border-[var(--color-line)] bg-[var(--color-sunken)] font-medium" data-testid="list-header">
        <HeaderCell k="name" label="Name" sort={sort} onSort={setSort} style={{ width: layout.colName }}>
          <Splitter label="Resize the Name column" testid="split-col-name" value={layout.colName} min={LIMITS.colName.min} max={LIMITS.colName.max} onChange={(v) => setLayout({ colName: v })} className="absolute inset-y-0 -right-1 w-2" />
        </HeaderCell>
        <HeaderCell k="type" label="Type" sort={sort} onSort={setSort} style={{ width: layout.colType }}>
          <Splitter label="Resize the Type column" testid="split-col-type" value={layout.colType} min={LIMITS.colType.min} max={LIMITS.colType.max} onChange={(v) => setLayout({ colType: v })} className="absolute inset-y-0 -right-1 w-2" />
        </HeaderCell>
        <HeaderCell k="target" label="Target / details" sort={sort} onSort={setSort} className="min-w-0 flex-1" />
      </div>
      </div>
      <div
        ref={parentRef}
        // Rows only when there are rows: a state message is not a row.
        role={dir.status === 'ok' && dir.total > 0 ? 'rowgroup' : undefined}
        aria-label="Object rows (arrow keys move, Enter opens)"
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="list-scroll"
        className={`relative min-h-0 flex-1 overflow-auto ${dir.fresh ? '' : 'opacity-70'}`}
      >
        {dir.status === 'loading' && <State testid="list-loading">Loading {displayPath(path)}…</State>}
        {dir.status === 'error' && (
          <State testid="list-error" bad>
            Cannot list {displayPath(path)}: {dir.error?.message}
          </State>
        )}
        {dir.status === 'failed' && dir.failure && (
          <State testid={isAccessDenied(dir.failure.status) ? 'list-denied' : 'list-failed'} bad>
            {isAccessDenied(dir.failure.status)
              ? `Access denied: ${displayPath(path)} cannot be listed (${formatStatus(dir.failure)}).`
              : isVanished(dir.failure.status)
                ? `${displayPath(path)} ${listedBefore.current.has(path) ? 'no longer exists' : 'does not exist'} (${formatStatus(dir.failure)}).`
                : `${displayPath(path)} cannot be listed: ${formatStatus(dir.failure)}${dir.failure.message ? ` — ${dir.failure.message}` : ''}`}
          </State>
        )}
        {dir.status === 'ok' && dir.total === 0 && (
          <State testid="list-empty">{filter ? 'No names in this directory match the filter.' : 'This directory is empty.'}</State>
        )}
        {dir.status === 'ok' && dir.total > 0 && (
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const e = dir.row(vi.index);
              const isCursor = vi.index === cursor;
              if (!e) {
                return (
                  <div key={`p${vi.index}`} className="absolute left-0 right-0 px-2 text-[var(--color-dim)]" style={{ top: vi.start, height: ROW }} data-testid="row-pending" data-index={vi.index}>
                    …
                  </div>
                );
              }
              const selected = e.name === sel;
              const n = displayName(e.name);
              const det = details(e);
              return (
                <div
                  key={`${vi.index}:${e.name}`}
                  role="row"
                  aria-rowindex={vi.index + 2}
                  aria-selected={selected}
                  data-testid="object-row"
                  data-index={vi.index}
                  data-name={e.name}
                  data-type={e.type}
                  className={`absolute left-0 right-0 flex cursor-default items-center ${selected ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'} ${highlighted.has(e.name) ? 'row-new' : ''} ${isCursor ? 'shadow-[inset_2px_0_0_var(--color-accent)]' : ''}`}
                  style={{ top: vi.start, height: ROW }}
                  onClick={() => {
                    setCursor(vi.index);
                    select(e.name);
                  }}
                  onDoubleClick={() => void open(e)}
                >
                  <div role="gridcell" className="flex shrink-0 items-center gap-1.5 overflow-hidden px-2" style={{ width: layout.colName }}>
                    <TypeIcon type={e.type} />
                    <span className="overflow-hidden text-ellipsis whitespace-pre" title={n.full} data-testid="row-name">
                      {n.text}
                    </span>
                  </div>
                  <div role="gridcell" className="shrink-0 truncate px-2 text-[var(--color-dim)]" style={{ width: layout.colType }} title={e.type}>
                    {e.type}
                  </div>
                  <div role="gridcell" className={`min-w-0 flex-1 truncate px-2 ${e.error ? 'text-[var(--color-bad)]' : 'font-mono text-[12px]'}`} title={det}>
                    {e.target !== null ? displayPath(e.target) : det}
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </div>
      </div>
    </section>
  );
}

export function goToChainEnd(
  chain: LinkChain,
  navigate: (path: string, sel?: string | null) => void,
  notify: (kind: 'error' | 'info', text: string) => void,
) {
  const j = linkJump(chain);
  if (j.ok) navigate(j.path, j.sel);
  else notify('error', `Cannot go to the target: ${j.reason}.`);
}

function HeaderCell(props: {
  k: SortKey;
  label: string;
  sort: { key: SortKey; desc: boolean };
  onSort: (k: SortKey) => void;
  className?: string;
  style?: React.CSSProperties;
  children?: React.ReactNode;
}) {
  const active = props.sort.key === props.k;
  return (
    <div
      role="columnheader"
      aria-sort={active ? (props.sort.desc ? 'descending' : 'ascending') : 'none'}
      className={`relative flex shrink-0 ${props.className ?? ''}`}
      style={props.style}
    >
      <button
        type="button"
        data-testid={`sort-${props.k}`}
        onClick={() => props.onSort(props.k)}
        className="min-w-0 flex-1 truncate px-2 py-1 text-left hover:bg-[var(--color-hover)]"
      >
        {props.label} {active ? (props.sort.desc ? '▼' : '▲') : ''}
      </button>
      {props.children}
    </div>
  );
}

function State({ children, testid, bad }: { children: React.ReactNode; testid: string; bad?: boolean }) {
  return (
    <div data-testid={testid} role={bad ? 'alert' : 'status'} className={`m-4 rounded border px-3 py-2 ${bad ? 'border-[var(--color-bad)] bg-[var(--color-bad-bg)] text-[var(--color-bad)]' : 'border-[var(--color-line)] text-[var(--color-dim)]'}`}>
      {children}
    </div>
  );
}
