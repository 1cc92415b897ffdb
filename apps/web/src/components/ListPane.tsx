'use client';
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { joinNtPath, type DirEntry, type LinkChain } from '@objscope/core';
import { linkJump } from '../lib/links';
import { useUi } from '../store/ui';
import { useTRPCClient } from '../lib/trpc';
import { useDirectory } from '../hooks/useDirectory';
import { useStoredCasing } from '../hooks/useStoredCasing';
import { displayPath, formatCount, formatStatus, isAccessDenied, isVanished, statusWithDetail } from '../lib/format';
import { objectHref } from '../lib/url';
import { ExportButtons } from './ExportButtons';
import { fileStem, listingCsv, listingJson } from '../lib/export';
import { HEADER_HEIGHT, ListHeader } from './list/ListHeader';
import { ListRow, ROW_HEIGHT } from './list/ListRow';
import { ListState } from './list/ListState';
import { describeChange, useLiveHighlights } from './list/useLiveHighlights';
import { TextLimitNote, useTextLimit } from './TextLimit';

/** The API's largest page. */
const EXPORT_PAGE = 5000;
/** The Target column never gets narrower than this: past it the list scrolls sideways. */
const TARGET_MIN = 96;

export function ListPane() {
  const client = useTRPCClient();
  const path = useUi((s) => s.path);
  const sel = useUi((s) => s.sel);
  const sort = useUi((s) => s.sort);
  const filter = useUi((s) => s.filter);
  const navigate = useUi((s) => s.navigate);
  const select = useUi((s) => s.select);
  const setFilter = useUi((s) => s.setFilter);
  const filterLimit = useTextLimit(setFilter);
  const openProperties = useUi((s) => s.openProperties);
  const openMenu = useUi((s) => s.openMenu);
  const layout = useUi((s) => s.layout);
  const snapshotUrl = useUi((s) => s.snapshotUrl);
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
  const { fresh, lastChange } = useLiveHighlights(path, dir.status === 'ok');
  const rowWidth = layout.colName + layout.colType + TARGET_MIN;

  const v = useVirtualizer({
    count: dir.total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    // The sticky header sits above the rows inside the same scroller: rows start below it, and a
    // row scrolled to the top must land under it, not behind it.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
  }, [first, last]);

  // New directory: back to the top left, and the cursor on the selected entry when it is in view.
  useEffect(() => {
    parentRef.current?.scrollTo({ top: 0, left: 0 });
    setCursor(0);
    pendingSelect.current = false;
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

  // Enter and double-click: a directory opens (as in WinObj), anything else shows its Properties.
  const open = (e: DirEntry) => {
    if (e.type === 'Directory') navigate(joinNtPath(path, e.name));
    else {
      select(e.name);
      openProperties(true);
    }
  };

  const menuAt = (e: DirEntry, x: number, y: number) => openMenu({ x, y, dir: path, name: e.name, type: e.type, target: e.target });

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
    const page = Math.max(1, Math.floor(((parentRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    if (e.key === 'ArrowDown') moveTo(cursor + 1);
    else if (e.key === 'ArrowUp') moveTo(cursor - 1);
    else if (e.key === 'PageDown') moveTo(cursor + page);
    else if (e.key === 'PageUp') moveTo(cursor - page);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(dir.total - 1);
    else if (e.key === 'Enter') {
      const r = dir.row(cursor);
      if (r) open(r);
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      const r = dir.row(cursor);
      const el = parentRef.current?.querySelector(`[data-index="${cursor}"]`);
      if (!r || !el) return;
      const box = el.getBoundingClientRect();
      menuAt(r, box.left + 24, box.bottom);
    } else return;
    e.preventDefault();
  };

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
    // overflow-hidden: nothing the list draws (a wide column, a long name) may paint over the
    // panes beside it; the scroller inside takes any overflow.
    <section className="flex min-w-0 flex-1 flex-col overflow-hidden bg-[var(--color-panel)]" data-testid="object-list" aria-label="Objects">
      <div className="flex items-center gap-2 border-b border-[var(--color-line)] px-2 py-1">
        <input
          data-testid="list-filter"
          aria-label="Filter by name"
          placeholder="Filter names in this directory"
          spellCheck={false}
          value={filter}
          {...filterLimit.inputProps}
          className="w-64 min-w-24 shrink rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-0.5"
        />
        <TextLimitNote cut={filterLimit.cut} what="A filter" testid="list-filter-limit" />
        <span className="whitespace-nowrap text-[var(--color-dim)]" data-testid="list-count">
          {dir.status === 'ok' ? `${formatCount(dir.total)} ${filter ? 'matching' : dir.total === 1 ? 'entry' : 'entries'}` : ''}
        </span>
        {lastChange && (
          <span data-testid="live-change" className="rounded bg-[var(--color-new)] px-1.5 text-[12px]">
            just now: {describeChange(lastChange)}
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
      {/* One grid and one scroller for the header and the rows: they scroll sideways together,
          so every column header stays reachable however wide the columns are made. */}
      <div
        ref={parentRef}
        role="grid"
        aria-label="Objects in this directory (arrow keys move, Enter opens, Shift+F10 shows actions)"
        aria-rowcount={dir.total + 1}
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="list-scroll"
        className={`relative min-h-0 flex-1 overflow-auto ${dir.fresh ? '' : 'opacity-70'}`}
      >
        <ListHeader width={rowWidth} />
        {dir.status === 'loading' && <ListState testid="list-loading">Loading {displayPath(path)}…</ListState>}
        {dir.status === 'error' && (
          <ListState testid="list-error" bad>
            Cannot list {displayPath(path)}: {dir.error?.message}
          </ListState>
        )}
        {dir.status === 'failed' && dir.failure && (
          <ListState testid={isAccessDenied(dir.failure.status) ? 'list-denied' : 'list-failed'} bad>
            {isAccessDenied(dir.failure.status)
              ? `${displayPath(path)} cannot be listed: ${formatStatus(dir.failure)}.`
              : isVanished(dir.failure.status)
                ? `${displayPath(path)} ${listedBefore.current.has(path) ? 'no longer exists' : 'does not exist'} (${formatStatus(dir.failure)}).`
                : `${displayPath(path)} cannot be listed: ${statusWithDetail(dir.failure)}`}
          </ListState>
        )}
        {dir.status === 'ok' && dir.total === 0 && (
          <ListState testid="list-empty">{filter ? 'No names in this directory match the filter.' : 'This directory is empty.'}</ListState>
        )}
        {dir.status === 'ok' && dir.total > 0 && (
          <div role="rowgroup" style={{ height: v.getTotalSize(), minWidth: rowWidth, position: 'relative' }}>
            {items.map((vi) => {
              const e = dir.row(vi.index);
              const top = vi.start - HEADER_HEIGHT;
              if (!e) {
                return (
                  <div key={`p${vi.index}`} className="absolute left-0 right-0 px-2 text-[var(--color-dim)]" style={{ top, height: ROW_HEIGHT }} data-testid="row-pending" data-index={vi.index}>
                    …
                  </div>
                );
              }
              return (
                <ListRow
                  key={`${vi.index}:${e.name}`}
                  entry={e}
                  index={vi.index}
                  top={top}
                  href={objectHref(path, e.name, e.type, snapshotUrl)}
                  selected={e.name === sel}
                  cursor={vi.index === cursor}
                  highlighted={fresh.has(e.name)}
                  colName={layout.colName}
                  colType={layout.colType}
                  onSelect={() => {
                    setCursor(vi.index);
                    select(e.name);
                  }}
                  onOpen={() => open(e)}
                  onMenu={(ev) => {
                    ev.preventDefault();
                    setCursor(vi.index);
                    select(e.name);
                    menuAt(e, ev.clientX, ev.clientY);
                  }}
                />
              );
            })}
          </div>
        )}
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
