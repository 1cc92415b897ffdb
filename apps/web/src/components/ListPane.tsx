'use client';
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { joinNtPath, type DirEntry, type LinkChain } from '@objscope/core';
import { linkJump } from '../lib/links';
import { useUi, type SortKey } from '../store/ui';
import { useTRPCClient } from '../lib/trpc';
import { useDirectory } from '../hooks/useDirectory';
import { useStoredCasing } from '../hooks/useStoredCasing';
import { displayPath, formatStatus } from '../lib/format';
import { HEADER_HEIGHT, ListHeader } from './list/ListHeader';
import { ListMessage } from './list/ListMessage';
import { ROW_HEIGHT } from './list/ListRow';
import { ListRows } from './list/ListRows';
import { ListToolbar } from './list/ListToolbar';
import { useListCursor } from './list/useListCursor';
import { useLiveHighlights } from './list/useLiveHighlights';

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
  const { cursor, setCursor, moveTo } = useListCursor(path, sel, select, dir, v, parentRef);

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

  const onKey = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(((parentRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const r = dir.row(cursor);
    const el = parentRef.current?.querySelector(`[data-index="${cursor}"]`);
    const box = el?.getBoundingClientRect();
    const menu = () => {
      if (!r || !box) return false;
      menuAt(r, box.left + 24, box.bottom);
      return true;
    };
    const handled = listKey(e, { cursor, page, total: dir.total, moveTo, open: () => r && open(r), menu });
    if (handled) e.preventDefault();
  };

  const readAll = () => readListing(client, path, sort, filter);

  return (
    // overflow-hidden: nothing the list draws (a wide column, a long name) may paint over the
    // panes beside it; the scroller inside takes any overflow.
    <section className="flex min-w-0 flex-1 flex-col overflow-hidden bg-[var(--color-panel)]" data-testid="object-list" aria-label="Objects">
      <ListToolbar path={path} filter={filter} setFilter={setFilter} total={dir.status === 'ok' ? dir.total : null} lastChange={lastChange} readAll={readAll} />
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
        <ListMessage path={path} dir={dir} filter={filter} listedBefore={listedBefore.current.has(path)} />
        {dir.status === 'ok' && dir.total > 0 && (
          <ListRows
            items={items}
            dir={dir}
            path={path}
            snapshotUrl={snapshotUrl}
            sel={sel}
            cursor={cursor}
            fresh={fresh}
            colName={layout.colName}
            colType={layout.colType}
            height={v.getTotalSize()}
            minWidth={rowWidth}
            onSelect={(i, e) => {
              setCursor(i);
              select(e.name);
            }}
            onOpen={open}
            onMenu={(i, e, ev) => {
              ev.preventDefault();
              setCursor(i);
              select(e.name);
              menuAt(e, ev.clientX, ev.clientY);
            }}
          />
        )}
      </div>
    </section>
  );
}

/** The list's keys (WinObj's, plus the context-menu key); false when the key is not one. */
function listKey(
  e: React.KeyboardEvent,
  k: { cursor: number; page: number; total: number; moveTo: (i: number) => void; open: () => void; menu: () => boolean },
): boolean {
  if (e.key === 'ArrowDown') k.moveTo(k.cursor + 1);
  else if (e.key === 'ArrowUp') k.moveTo(k.cursor - 1);
  else if (e.key === 'PageDown') k.moveTo(k.cursor + k.page);
  else if (e.key === 'PageUp') k.moveTo(k.cursor - k.page);
  else if (e.key === 'Home') k.moveTo(0);
  else if (e.key === 'End') k.moveTo(k.total - 1);
  else if (e.key === 'Enter') k.open();
  // No row under the cursor: the key is left to the browser.
  else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return k.menu();
  else return false;
  return true;
}

/** Every entry of the listing as shown (sort and filter), read page by page for an export. */
async function readListing(client: ReturnType<typeof useTRPCClient>, path: string, sort: { key: SortKey; desc: boolean }, filter: string): Promise<DirEntry[]> {
  const out: DirEntry[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const r = await client.namespace.list.query({ path, sort: sort.key, desc: sort.desc, filter: filter || undefined, offset, limit: EXPORT_PAGE });
    if (!r.ok) throw new Error(`${displayPath(path)} cannot be listed: ${formatStatus(r)}`);
    out.push(...r.entries);
    if (r.entries.length === 0 || out.length >= r.total) return out;
  }
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
