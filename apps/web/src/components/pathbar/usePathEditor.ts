'use client';
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useQuery } from '@tanstack/react-query';
import { baseNtName, parentNtPath, parseNtPath } from '@objscope/core';
import { useUi } from '../../store/ui';
import { useTRPC } from '../../lib/trpc';

interface Suggestion {
  path: string;
  name: string;
  type: string;
}

export interface PathEditor {
  editing: boolean;
  startEditing: () => void;
  draft: string;
  error: string | null;
  active: number;
  suggestions: Suggestion[];
  inputRef: RefObject<HTMLInputElement | null>;
  onChange: (value: string) => void;
  onBlur: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void;
  accept: (s: Suggestion) => void;
}

/**
 * The path bar's edit mode: the typed path, its completions from the source, the highlighted
 * suggestion, and what Enter, Tab, the arrows and Escape do with them. A directory accepted from
 * the list opens for the next level; any other object opens its parent with it selected.
 */
export function usePathEditor(): PathEditor {
  const path = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const pathFocus = useUi((s) => s.pathFocus);
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

  const suggestions = useCompletions(editing && draft.startsWith('\\') ? draft : null);

  const go = (target: string) => {
    const check = parseNtPath(target);
    setError(check.ok ? null : check.message);
    if (!check.ok) return;
    setEditing(false);
    navigate(target);
  };

  const accept = (s: Suggestion) => {
    if (s.type === 'Directory') {
      setDraft(s.path + '\\');
      setActive(-1);
      inputRef.current?.focus();
    } else {
      setEditing(false);
      navigate(parentNtPath(s.path), baseNtName(s.path));
    }
  };

  const onKeyDown = pathKeys({
    draft,
    suggestions,
    active,
    setActive,
    accept,
    go,
    cancel: () => {
      setEditing(false);
      setError(null);
    },
  });

  return {
    editing,
    startEditing: () => setEditing(true),
    draft,
    error,
    active,
    suggestions,
    inputRef,
    onChange: (value) => {
      setDraft(value);
      setActive(-1);
      setError(null);
    },
    // Late enough for a click on a suggestion (onMouseDown) to land first.
    onBlur: () => setTimeout(() => setEditing(false), 150),
    onKeyDown,
    accept,
  };
}

/**
 * The text box's keys: the arrows walk the suggestions, Tab takes the highlighted one (or the
 * first), Enter takes it or goes to the typed path (a trailing backslash dropped), Escape leaves.
 */
function pathKeys(k: {
  draft: string;
  suggestions: Suggestion[];
  active: number;
  setActive: (f: (a: number) => number) => void;
  accept: (s: Suggestion) => void;
  go: (target: string) => void;
  cancel: () => void;
}): (e: KeyboardEvent<HTMLInputElement>) => void {
  const { draft, suggestions, active } = k;
  return (e) => {
    if (e.key === 'Escape') k.cancel();
    else if (e.key === 'ArrowDown' && suggestions.length) {
      e.preventDefault();
      k.setActive((a) => Math.min(suggestions.length - 1, a + 1));
    } else if (e.key === 'ArrowUp' && suggestions.length) {
      e.preventDefault();
      k.setActive((a) => Math.max(-1, a - 1));
    } else if (e.key === 'Tab' && suggestions.length) {
      e.preventDefault();
      const s = suggestions[Math.max(0, active)];
      if (s) k.accept(s);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const s = active >= 0 ? suggestions[active] : undefined;
      if (s) k.accept(s);
      else k.go(draft.length > 1 && draft.endsWith('\\') ? draft.slice(0, -1) : draft);
    }
  };
}

/** The source's completions of a typed path; the last list stays while the next one loads. */
function useCompletions(input: string | null): Suggestion[] {
  const trpc = useTRPC();
  const complete = useQuery({
    ...trpc.namespace.complete.queryOptions({ path: input ?? '\\' }),
    enabled: input !== null,
    placeholderData: (prev) => prev,
    staleTime: 2_000,
  });
  return input !== null ? (complete.data?.suggestions ?? []) : [];
}
