'use client';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useRefreshListing } from '../hooks/useRefreshListing';
import { ntPathAncestors, parentNtPath, parseNtPath, baseNtName } from '@objscope/core';
import { useUi } from '../store/ui';
import { useTRPC } from '../lib/trpc';
import { useSession } from '../lib/session';
import { displayName, displayPath } from '../lib/format';
import { TypeIcon } from './TypeIcon';
import { useSourceInfo } from '../hooks/useSourceInfo';

export function PathBar() {
  const path = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const pathFocus = useUi((s) => s.pathFocus);
  const paused = useUi((s) => s.paused);
  const setPaused = useUi((s) => s.setPaused);
  const refresh = useRefreshListing();
  const resetLayout = useUi((s) => s.resetLayout);
  const { mode } = useSession();
  const info = useSourceInfo().data;
  const isLive = mode === 'agent' && (info?.kind === 'live' || info?.kind === 'wine');
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(path);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (pathFocus > 0) {
      setDraft(useUi.getState().path);
      setEditing(true);
    }
  }, [pathFocus]);
  useEffect(() => {
    if (editing) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [editing, pathFocus]);
  useEffect(() => {
    if (!editing) setDraft(path);
  }, [path, editing]);

  const completeInput = editing && draft.startsWith('\\') ? draft : null;
  const complete = useQuery({
    ...trpc.namespace.complete.queryOptions({ path: completeInput ?? '\\' }),
    enabled: completeInput !== null,
    placeholderData: (prev) => prev,
    staleTime: 2_000,
  });
  const suggestions = completeInput !== null ? (complete.data?.suggestions ?? []) : [];

  const go = (target: string) => {
    const check = parseNtPath(target);
    if (!check.ok) {
      setError(check.message);
      return;
    }
    setError(null);
    setEditing(false);
    navigate(target);
  };

  const accept = (s: { path: string; type: string }) => {
    if (s.type === 'Directory') {
      setDraft(s.path + '\\');
      setActive(-1);
      inputRef.current?.focus();
    } else {
      setEditing(false);
      navigate(parentNtPath(s.path), baseNtName(s.path));
    }
  };

  const crumbs = ntPathAncestors(path);
  return (
    <div className="relative flex items-center gap-1 border-b border-[var(--color-line)] bg-[var(--color-panel)] px-2 py-1" data-testid="path-bar">
      <NavButton label="Back" testid="nav-back" onClick={() => window.history.back()}>
        ←
      </NavButton>
      <NavButton label="Forward" testid="nav-forward" onClick={() => window.history.forward()}>
        →
      </NavButton>
      <NavButton
        label="Up (Backspace)"
        testid="nav-up"
        disabled={path === '\\'}
        onClick={() => navigate(parentNtPath(path), baseNtName(path))}
      >
        ↑
      </NavButton>
      <div className="relative min-w-0 flex-1">
        {editing ? (
          <input
            ref={inputRef}
            data-testid="path-input"
            aria-label="Object path"
            spellCheck={false}
            className="w-full rounded border border-[var(--color-accent)] bg-[var(--color-sunken)] px-2 py-0.5 font-mono"
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setActive(-1);
              setError(null);
            }}
            onBlur={() => setTimeout(() => setEditing(false), 150)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setEditing(false);
                setError(null);
              } else if (e.key === 'ArrowDown' && suggestions.length) {
                e.preventDefault();
                setActive((a) => Math.min(suggestions.length - 1, a + 1));
              } else if (e.key === 'ArrowUp' && suggestions.length) {
                e.preventDefault();
                setActive((a) => Math.max(-1, a - 1));
              } else if (e.key === 'Tab' && suggestions.length) {
                e.preventDefault();
                const s = suggestions[Math.max(0, active)];
                if (s) accept(s);
              } else if (e.key === 'Enter') {
                e.preventDefault();
                if (active >= 0 && suggestions[active]) accept(suggestions[active]);
                else go(draft.length > 1 && draft.endsWith('\\') ? draft.slice(0, -1) : draft);
              }
            }}
          />
        ) : (
          <div
            className="flex min-w-0 cursor-text items-center overflow-hidden rounded border border-transparent px-1 py-0.5 hover:border-[var(--color-line)]"
            data-testid="breadcrumbs"
            onClick={(e) => {
              if (e.target === e.currentTarget) setEditing(true);
            }}
            title="Click to edit the path (Ctrl+L)"
          >
            {crumbs.map((c, i) => (
              <span key={c} className="flex shrink-0 items-center">
                {i > 1 && <span className="px-0.5 text-[var(--color-dim)]">\</span>}
                <button
                  type="button"
                  data-testid="crumb"
                  data-path={c}
                  className="max-w-[16rem] truncate rounded px-1 hover:bg-[var(--color-hover)]"
                  title={displayPath(c)}
                  onClick={() => navigate(c)}
                >
                  {c === '\\' ? '\\' : displayName(baseNtName(c), 40).text}
                </button>
              </span>
            ))}
            <button type="button" className="ml-1 flex-1 self-stretch text-left text-[var(--color-dim)] opacity-0 hover:opacity-100" onClick={() => setEditing(true)}>
              edit
            </button>
          </div>
        )}
        {editing && error && (
          <div className="absolute left-0 top-full z-30 mt-1 rounded border border-[var(--color-bad)] bg-[var(--color-bad-bg)] px-2 py-1 text-[var(--color-bad)]" data-testid="path-error">
            {error}
          </div>
        )}
        {editing && !error && suggestions.length > 0 && (
          <ul
            className="absolute left-0 right-0 top-full z-30 mt-1 max-h-80 overflow-auto rounded border border-[var(--color-line)] bg-[var(--color-panel)] py-1 shadow-lg"
            data-testid="path-suggestions"
            role="listbox"
          >
            {suggestions.map((s, i) => (
              <li
                key={s.path}
                role="option"
                aria-selected={i === active}
                data-testid="path-suggestion"
                className={`flex cursor-pointer items-center gap-2 px-2 py-0.5 ${i === active ? 'bg-[var(--color-sel)]' : 'hover:bg-[var(--color-hover)]'}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
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
        )}
      </div>
      <NavButton label="Refresh this directory (F5)" testid="refresh" onClick={() => void refresh()}>
        ⟳
      </NavButton>
      <button
        type="button"
        data-testid="reset-layout"
        title="Put the tree, the list's columns and the Properties pane back to their default sizes"
        onClick={resetLayout}
        className="shrink-0 whitespace-nowrap rounded px-2 py-0.5 text-[var(--color-dim)] hover:bg-[var(--color-hover)] hover:text-[var(--color-fg)]"
      >
        Reset layout
      </button>
      {isLive && (
        <button
          type="button"
          data-testid="live-toggle"
          aria-pressed={!paused}
          title={paused ? 'Live updates paused: click to resume' : 'Live updates on: click to pause'}
          onClick={() => setPaused(!paused)}
          className="flex items-center gap-1.5 rounded border border-[var(--color-line)] px-2 py-0.5 hover:bg-[var(--color-hover)]"
        >
          <span className={`inline-block h-2 w-2 rounded-full ${paused ? 'bg-[var(--color-dim)]' : 'bg-[var(--color-good)]'}`} />
          {paused ? 'Paused' : 'Live'}
        </button>
      )}
    </div>
  );
}

function NavButton(props: { children: string; label: string; testid: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.label}
      data-testid={props.testid}
      disabled={props.disabled}
      onClick={props.onClick}
      className="h-7 w-7 shrink-0 rounded text-base hover:bg-[var(--color-hover)] disabled:opacity-40"
    >
      {props.children}
    </button>
  );
}
