// The URL is the bookmark: `?path=` holds the directory, `&sel=` the selected object's name,
// `&view=` a non-explorer view, `&snapshot=` a shared snapshot URL. Names are arbitrary
// UTF-16 (NUL, `&`, `#`, `%`, emoji), so everything goes through URLSearchParams.
import { parseNtPath } from '@objscope/core';

const VIEWS = ['explorer', 'types', 'memory', 'zombies', 'compare'] as const;
export type View = (typeof VIEWS)[number];

export interface Location {
  path: string;
  sel: string | null;
  view: View;
  snapshot: string | null;
}

export function parseLocation(search: string): Location {
  const q = new URLSearchParams(search);
  const rawPath = q.get('path');
  // A broken or foreign path in a link falls back to the root instead of an error page.
  const path = rawPath !== null && parseNtPath(rawPath).ok ? rawPath : '\\';
  const sel = q.get('sel');
  const rawView = q.get('view');
  const view = (VIEWS as readonly string[]).includes(rawView ?? '') ? (rawView as View) : 'explorer';
  const snapshot = q.get('snapshot');
  return { path, sel: sel === null || sel.length === 0 || sel.includes('\\') ? null : sel, view, snapshot: snapshot || null };
}

export function buildSearch(loc: Location): string {
  const q = new URLSearchParams();
  if (loc.snapshot) q.set('snapshot', loc.snapshot);
  q.set('path', loc.path);
  if (loc.sel !== null) q.set('sel', loc.sel);
  if (loc.view !== 'explorer') q.set('view', loc.view);
  return `?${q.toString()}`;
}
