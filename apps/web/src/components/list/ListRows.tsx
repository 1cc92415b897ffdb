'use client';
import type { MouseEvent } from 'react';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { DirEntry } from '@objscope/core';
import type { DirectoryView } from '../../hooks/useDirectory';
import { objectHref } from '../../lib/url';
import { HEADER_HEIGHT } from './ListHeader';
import { ListRow, ROW_HEIGHT } from './ListRow';

/** The rows the viewport holds; a row whose page is still loading shows an ellipsis. */
export function ListRows(props: {
  items: VirtualItem[];
  dir: DirectoryView;
  path: string;
  snapshotUrl: string | null;
  sel: string | null;
  cursor: number;
  /** Names that changed moments ago (live sources), highlighted. */
  fresh: ReadonlyMap<string, number>;
  colName: number;
  colType: number;
  height: number;
  minWidth: number;
  onSelect: (index: number, e: DirEntry) => void;
  onOpen: (e: DirEntry) => void;
  onMenu: (index: number, e: DirEntry, ev: MouseEvent) => void;
}) {
  const { dir, path } = props;
  return (
    <div role="rowgroup" style={{ height: props.height, minWidth: props.minWidth, position: 'relative' }}>
      {props.items.map((vi) => {
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
            href={objectHref(path, e.name, e.type, props.snapshotUrl)}
            selected={e.name === props.sel}
            cursor={vi.index === props.cursor}
            highlighted={props.fresh.has(e.name)}
            colName={props.colName}
            colType={props.colType}
            onSelect={() => props.onSelect(vi.index, e)}
            onOpen={() => props.onOpen(e)}
            onMenu={(ev) => props.onMenu(vi.index, e, ev)}
          />
        );
      })}
    </div>
  );
}
