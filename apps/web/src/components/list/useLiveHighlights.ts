'use client';
import { useEffect, useState } from 'react';
import { useDirectoryWatch } from '../../hooks/useDirectoryWatch';

const HIGHLIGHT_MS = 2500;
const SUMMARY_MS = 4000;

export interface LastChange {
  added: number;
  removed: number;
  changed: number;
}

/**
 * What the watch subscription just reported for the directory on screen: the names to highlight
 * for a moment and a short "+2 new, −1 gone" summary. Both start empty in each directory.
 */
export function useLiveHighlights(path: string, listed: boolean): { fresh: ReadonlyMap<string, number>; lastChange: LastChange | null } {
  const [fresh, setFresh] = useState<Map<string, number>>(() => new Map());
  const [lastChange, setLastChange] = useState<LastChange | null>(null);
  useEffect(() => {
    setFresh(new Map());
    setLastChange(null);
  }, [path]);
  useEffect(() => {
    if (!lastChange) return;
    const t = setTimeout(() => setLastChange(null), SUMMARY_MS);
    return () => clearTimeout(t);
  }, [lastChange]);
  useDirectoryWatch(path, listed, (ev) => {
    const now = Date.now();
    setLastChange({ added: ev.added.length, removed: ev.removed.length, changed: ev.changed.length });
    setFresh((m) => {
      const next = new Map<string, number>();
      for (const [k, t] of m) if (now - t < HIGHLIGHT_MS) next.set(k, t);
      for (const e of ev.added) next.set(e.name, now);
      for (const e of ev.changed) next.set(e.name, now);
      return next;
    });
  });
  return { fresh, lastChange };
}

export function describeChange(c: LastChange): string {
  return [c.added && `+${c.added} new`, c.removed && `−${c.removed} gone`, c.changed && `${c.changed} changed`].filter(Boolean).join(', ');
}
