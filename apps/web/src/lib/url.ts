// The URL is the bookmark: `?path=` holds the directory, `&sel=` the selected object's name,
// `&view=` a non-explorer view, `&snapshot=` a shared snapshot URL. Names are arbitrary
// UTF-16 (NUL, `&`, `#`, `%`, emoji), so everything goes through URLSearchParams.
import { parseNtPath } from '@objscope/core';

const VIEWS = ['explorer', 'types', 'memory', 'zombies', 'compare', 'fleet'] as const;
export type View = (typeof VIEWS)[number];

export interface Location {
  path: string;
  sel: string | null;
  view: View;
  snapshot: string | null;
  /** The selected object's Properties open in their own resizable dialog (`&props=1`). */
  props: boolean;
}

export function parseLocation(search: string): Location {
  const q = new URLSearchParams(search);
  const given = q.get('path');
  // `?path=KernelObjects` (typed by hand, the leading backslash forgotten) means \KernelObjects.
  const rawPath = given !== null && given !== '' && !given.startsWith('\\') ? `\\${given}` : given;
  // A broken or foreign path in a link falls back to the root instead of an error page.
  const path = rawPath !== null && parseNtPath(rawPath).ok ? rawPath : '\\';
  const sel = q.get('sel');
  const rawView = q.get('view');
  const view = (VIEWS as readonly string[]).includes(rawView ?? '') ? (rawView as View) : 'explorer';
  const snapshot = q.get('snapshot');
  return { path, sel: sel === null || sel.length === 0 || sel.includes('\\') ? null : sel, view, snapshot: snapshot || null, props: q.get('props') === '1' };
}

export function buildSearch(loc: Location): string {
  const q = new URLSearchParams();
  if (loc.snapshot) q.set('snapshot', loc.snapshot);
  q.set('path', loc.path);
  if (loc.sel !== null) q.set('sel', loc.sel);
  if (loc.view !== 'explorer') q.set('view', loc.view);
  if (loc.props) q.set('props', '1');
  return `?${q.toString()}`;
}

/**
 * The link of one object, for rows and tree nodes (middle-click, "Open in new tab", copy link):
 * a directory opens inside itself, any other object selected in its directory.
 */
export function objectHref(dir: string, name: string | null, type: string, snapshot: string | null): string {
  const full = name === null ? dir : dir === '\\' ? `\\${name}` : `${dir}\\${name}`;
  const loc: Location =
    name === null || type === 'Directory' ? { path: full, sel: null, view: 'explorer', snapshot, props: false } : { path: dir, sel: name, view: 'explorer', snapshot, props: false };
  return buildSearch(loc);
}

/** The deep link of an object's Properties: the object selected, its dialog open. */
export function propertiesHref(dir: string, name: string | null, snapshot: string | null): string {
  return buildSearch({ path: dir, sel: name, view: 'explorer', snapshot, props: true });
}
