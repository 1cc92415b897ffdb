'use client';
// Find's first row: the name, how it matches, one type, and where to look.
import type { KeyboardEvent, RefObject } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';
import { displayPath } from '../../lib/format';
import type { FindQuery } from '../../lib/prefs';
import { TextLimitNote, useTextLimit } from '../TextLimit';

export function FindControls(props: {
  find: FindQuery;
  setFind: (q: Partial<FindQuery>) => void;
  path: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const types = useQuery(trpc.types.stats.queryOptions());
  const { find, setFind } = props;
  const textLimit = useTextLimit((t) => setFind({ text: t }));
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-[var(--color-line)] p-2">
      <input
        ref={props.inputRef}
        data-testid="find-input"
        aria-label="Find by name"
        spellCheck={false}
        placeholder={find.mode === 'regex' ? 'Regular expression on the name' : 'Part of the name'}
        className="min-w-0 flex-1 rounded border border-[var(--color-line)] bg-[var(--color-sunken)] px-2 py-1 font-mono"
        value={find.text}
        {...textLimit.inputProps}
        onKeyDown={props.onKeyDown}
      />
      <select data-testid="find-mode" aria-label="Match mode" value={find.mode} onChange={(e) => setFind({ mode: e.target.value === 'regex' ? 'regex' : 'substring' })} className="rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 py-1">
        <option value="substring">contains</option>
        <option value="regex">regex</option>
      </select>
      <select data-testid="find-type" aria-label="Object type" value={find.type} onChange={(e) => setFind({ type: e.target.value })} className="max-w-44 rounded border border-[var(--color-line)] bg-[var(--color-panel)] px-1 py-1">
        <option value="">all types</option>
        {/* A remembered type the current source does not have stays selectable (and clearable). */}
        {find.type !== '' && !(types.data ?? []).some((t) => t.name === find.type) && <option value={find.type}>{find.type}</option>}
        {(types.data ?? []).map((t) => (
          <option key={t.name} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={find.caseSensitive} onChange={(e) => setFind({ caseSensitive: e.target.checked })} data-testid="find-case" /> Aa
      </label>
      <label className="flex items-center gap-1" title={displayPath(props.path)}>
        <input type="checkbox" checked={find.here} onChange={(e) => setFind({ here: e.target.checked })} data-testid="find-here" /> only under current directory
      </label>
      <button type="button" aria-label="Close find" onClick={props.onClose} className="px-2 text-lg leading-none">
        ×
      </button>
      <TextLimitNote cut={textLimit.cut} what="Find's text" testid="find-limit" />
    </div>
  );
}
