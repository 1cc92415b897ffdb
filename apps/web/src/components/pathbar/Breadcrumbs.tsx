'use client';
import { baseNtName, ntPathAncestors } from '@objscope/core';
import { displayName, displayPath } from '../../lib/format';

/** The path as a row of links, one per ancestor; a click beside them turns the bar into a text box. */
export function Breadcrumbs(props: { path: string; navigate: (path: string) => void; startEditing: () => void }) {
  return (
    <div
      className="flex min-w-0 cursor-text items-center overflow-hidden rounded border border-transparent px-1 py-0.5 hover:border-[var(--color-line)]"
      data-testid="breadcrumbs"
      onClick={(e) => {
        if (e.target === e.currentTarget) props.startEditing();
      }}
      title="Click to edit the path (Ctrl+L)"
    >
      {ntPathAncestors(props.path).map((c, i) => (
        <span key={c} className="flex shrink-0 items-center">
          {i > 1 && <span className="px-0.5 text-[var(--color-dim)]">\</span>}
          <button
            type="button"
            data-testid="crumb"
            data-path={c}
            className="max-w-[16rem] truncate rounded px-1 hover:bg-[var(--color-hover)]"
            title={displayPath(c)}
            onClick={() => props.navigate(c)}
          >
            {c === '\\' ? '\\' : displayName(baseNtName(c), 40).text}
          </button>
        </span>
      ))}
      <button type="button" className="ml-1 flex-1 self-stretch text-left text-[var(--color-dim)] opacity-0 hover:opacity-100" onClick={props.startEditing}>
        edit
      </button>
    </div>
  );
}
