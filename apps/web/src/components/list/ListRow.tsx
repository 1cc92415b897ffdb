'use client';
import type { MouseEvent } from 'react';
import type { DirEntry } from '@objscope/core';
import { displayName, displayPath, formatStatus } from '../../lib/format';
import { TypeIcon } from '../TypeIcon';

export const ROW_HEIGHT = 24;

function details(e: DirEntry): string {
  if (e.error) return formatStatus(e.error);
  if (e.target !== null) return e.target;
  if (e.dynamic) return e.resolvesTo ? `dynamic link → ${e.resolvesTo}` : 'dynamic link';
  return '';
}

/** A click the browser should keep (new tab, new window, download): not an in-page selection. */
export function isOpenElsewhere(e: MouseEvent): boolean {
  return e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey;
}

/**
 * One object of the listing. Its name is a real link to the object (middle-click or Ctrl+click
 * opens it in a new tab, as in any file browser); a plain click selects in place. The link is
 * out of the Tab order: the grid takes the keyboard and moves through rows with the arrows.
 */
export function ListRow(props: {
  entry: DirEntry;
  index: number;
  top: number;
  href: string;
  selected: boolean;
  cursor: boolean;
  highlighted: boolean;
  colName: number;
  colType: number;
  onSelect: () => void;
  onOpen: () => void;
  onMenu: (e: MouseEvent) => void;
}) {
  const { entry: e } = props;
  const n = displayName(e.name);
  const det = details(e);
  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      data-testid="object-row"
      data-index={props.index}
      data-name={e.name}
      data-type={e.type}
      className={`absolute left-0 right-0 flex cursor-default items-center ${props.selected ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'} ${props.highlighted ? 'row-new' : ''} ${props.cursor ? 'shadow-[inset_2px_0_0_var(--color-accent)]' : ''}`}
      style={{ top: props.top, height: ROW_HEIGHT }}
      onClick={props.onSelect}
      onDoubleClick={props.onOpen}
      onContextMenu={props.onMenu}
    >
      <div role="gridcell" className="flex shrink-0 items-center gap-1.5 overflow-hidden px-2" style={{ width: props.colName }}>
        <TypeIcon type={e.type} />
        <a
          href={props.href}
          tabIndex={-1}
          draggable={false}
          className="overflow-hidden text-ellipsis whitespace-pre text-inherit no-underline"
          title={n.full}
          data-testid="row-name"
          onClick={(ev) => {
            // In-page clicks select (the row's handler); the browser keeps new-tab clicks.
            if (isOpenElsewhere(ev)) ev.stopPropagation();
            else ev.preventDefault();
          }}
        >
          {n.text}
        </a>
      </div>
      <div role="gridcell" className="shrink-0 truncate px-2 text-[var(--color-dim)]" style={{ width: props.colType }} title={e.type}>
        {e.type}
      </div>
      <div role="gridcell" className={`min-w-0 flex-1 truncate px-2 ${e.error ? 'text-[var(--color-bad)]' : 'font-mono text-[12px]'}`} title={det}>
        {e.target !== null ? displayPath(e.target) : det}
      </div>
    </div>
  );
}
