'use client';
import { useRef } from 'react';
import type { DirEntry, LinkChain } from '@objscope/core';
import { linkJump } from '../lib/links';
import { useUi, type SortKey } from '../store/ui';
import { useTRPCClient } from '../lib/trpc';
import { useStoredCasing } from '../hooks/useStoredCasing';
import { displayPath, formatStatus } from '../lib/format';
import { ListHeader } from './list/ListHeader';
import { ListMessage } from './list/ListMessage';
import { ListRows } from './list/ListRows';
import { ListToolbar } from './list/ListToolbar';
import { useListCursor } from './list/useListCursor';
import { useListActions } from './list/useListActions';
import { useListWindow } from './list/useListWindow';
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
  const select = useUi((s) => s.select);
  const setFilter = useUi((s) => s.setFilter);
  const layout = useUi((s) => s.layout);
  const snapshotUrl = useUi((s) => s.snapshotUrl);
  const parentRef = useRef<HTMLDivElement>(null);
  const { dir, v, items } = useListWindow(path, sort, filter, parentRef);
  // Directories this page has listed: only those can be said to "no longer exist"; a path that
  // never listed (a typo, a stale link) "does not exist".
  const listedBefore = useRef(new Set<string>());
  if (dir.status === 'ok') listedBefore.current.add(path);
  useStoredCasing(path);
  const { fresh, lastChange } = useLiveHighlights(path, dir.status === 'ok');
  const rowWidth = layout.colName + layout.colType + TARGET_MIN;
  const { cursor, setCursor, moveTo } = useListCursor(path, sel, select, dir, v, parentRef);
  const { open, menuAt, onKey } = useListActions(path, dir, cursor, moveTo, parentRef);
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
