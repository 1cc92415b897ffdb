'use client';
import { displayName, displayPath } from '../../lib/format';
import { TypeIcon } from '../TypeIcon';
import type { PathEditor } from './usePathEditor';

/** The path as text being edited, with its error or its completions under it. */
export function PathInput({ editor }: { editor: PathEditor }) {
  return (
    <>
      <input
        ref={editor.inputRef}
        data-testid="path-input"
        aria-label="Object path"
        spellCheck={false}
        className="w-full rounded border border-[var(--color-accent)] bg-[var(--color-sunken)] px-2 py-0.5 font-mono"
        value={editor.draft}
        onChange={(e) => editor.onChange(e.target.value)}
        onBlur={editor.onBlur}
        onKeyDown={editor.onKeyDown}
      />
      {editor.error && (
        <div className="absolute left-0 top-full z-30 mt-1 rounded border border-[var(--color-bad)] bg-[var(--color-bad-bg)] px-2 py-1 text-[var(--color-bad)]" data-testid="path-error">
          {editor.error}
        </div>
      )}
      {!editor.error && editor.suggestions.length > 0 && <Suggestions editor={editor} />}
    </>
  );
}

function Suggestions({ editor }: { editor: PathEditor }) {
  return (
    <ul
      className="absolute left-0 right-0 top-full z-30 mt-1 max-h-80 overflow-auto rounded border border-[var(--color-line)] bg-[var(--color-panel)] py-1 shadow-lg"
      data-testid="path-suggestions"
      role="listbox"
    >
      {editor.suggestions.map((s, i) => (
        <li
          key={s.path}
          role="option"
          aria-selected={i === editor.active}
          data-testid="path-suggestion"
          className={`flex cursor-pointer items-center gap-2 px-2 py-0.5 ${i === editor.active ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'}`}
          onMouseDown={(e) => {
            e.preventDefault();
            editor.accept(s);
          }}
        >
          <TypeIcon type={s.type} />
          <span className="truncate font-mono" title={displayPath(s.path)}>
            {displayName(s.name, 80).text}
          </span>
          <span className="ml-auto text-[var(--color-dim)]">{s.type}</span>
        </li>
      ))}
    </ul>
  );
}
