'use client';
import { baseNtName, parentNtPath } from '@objscope/core';
import { displayName, displayPath } from '../../lib/format';
import { objectHref } from '../../lib/url';
import { TypeIcon } from '../TypeIcon';
import { isOpenElsewhere } from '../list/ListRow';
import type { TreeRow } from './useTreeRows';

export const TREE_ROW_HEIGHT = 22;

/** A directory of the tree as the context menu and links name it: its parent and its name. */
export function asListed(path: string): { dir: string; name: string | null } {
  return path === '\\' ? { dir: '\\', name: null } : { dir: parentNtPath(path), name: baseNtName(path) };
}

/** One row of the tree: a directory, or the note that more subdirectories are coming or failed. */
export function TreeNode(props: {
  row: TreeRow;
  index: number;
  top: number;
  current: boolean;
  snapshotUrl: string | null;
  navigate: (path: string) => void;
  toggle: (path: string) => void;
  menuAt: (path: string, x: number, y: number) => void;
}) {
  const { row: r, current } = props;
  const isMore = r.note === 'more';
  const d = r.path === '\\' ? { text: '\\', full: '\\' } : displayName(r.name, 60);
  return (
    <div
      role="treeitem"
      aria-label={r.name}
      aria-level={r.depth + 1}
      aria-expanded={isMore || r.leaf ? undefined : r.expanded}
      aria-selected={current}
      data-testid="tree-node"
      data-path={r.path}
      data-state={r.state}
      className={`absolute left-0 right-0 flex items-center gap-1 whitespace-nowrap pr-2 ${current ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'} ${isMore ? 'italic text-[var(--color-dim)]' : 'cursor-pointer'}`}
      style={{ top: props.top, height: TREE_ROW_HEIGHT, paddingLeft: 4 + r.depth * 14 }}
      title={r.note && !isMore ? `${displayPath(r.path)} — ${r.note}` : d.full}
      data-index={props.index}
      onClick={() => !isMore && props.navigate(r.path)}
      onContextMenu={(e) => {
        if (isMore) return;
        e.preventDefault();
        props.menuAt(r.path, e.clientX, e.clientY);
      }}
    >
      {isMore || r.leaf ? (
        <span className="w-4 shrink-0" data-testid={r.leaf ? 'tree-leaf' : undefined} />
      ) : (
        <button
          type="button"
          tabIndex={-1}
          aria-label={r.expanded ? 'Collapse' : 'Expand'}
          className="w-4 shrink-0 text-[10px] text-[var(--color-dim)]"
          onClick={(e) => {
            e.stopPropagation();
            props.toggle(r.path);
          }}
        >
          {r.expanded ? '▼' : '▶'}
        </button>
      )}
      {!isMore && <TypeIcon type="Directory" size={14} />}
      {isMore ? <span className="overflow-hidden text-ellipsis whitespace-pre">{d.text}</span> : <TreeLink path={r.path} text={d.text} snapshotUrl={props.snapshotUrl} />}
      {r.state === 'loading' && <span className="text-[var(--color-dim)]">…</span>}
      {r.state === 'error' && (
        <span className="text-[var(--color-bad)]" aria-label="cannot list">
          ⊘
        </span>
      )}
    </div>
  );
}

/**
 * A real link (middle-click opens the directory in a new tab); out of the Tab order, the tree
 * takes the keyboard.
 */
function TreeLink(props: { path: string; text: string; snapshotUrl: string | null }) {
  const { dir, name } = asListed(props.path);
  return (
    <a
      href={objectHref(dir, name, 'Directory', props.snapshotUrl)}
      tabIndex={-1}
      draggable={false}
      className="overflow-hidden text-ellipsis whitespace-pre text-inherit no-underline"
      data-testid="tree-link"
      onClick={(e) => {
        if (isOpenElsewhere(e)) e.stopPropagation();
        else e.preventDefault();
      }}
    >
      {props.text}
    </a>
  );
}
