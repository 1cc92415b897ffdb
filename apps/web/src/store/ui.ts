// UI-only state (server state lives in TanStack Query). Navigation goes through `navigate`,
// which also writes the URL so back/forward and deep links work in a static export.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { ntPathAncestors } from '@objscope/core';
import { buildSearch, parseLocation, type View } from '../lib/url';
import { DEFAULT_PREFS, readPrefs, type FindQuery, type Layout, type Prefs, type SortKey } from '../lib/prefs';

export type { SortKey } from '../lib/prefs';
type Theme = 'system' | 'light' | 'dark';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface UiState {
  path: string;
  sel: string | null;
  view: View;
  /** The selection's Properties are open in their own dialog (`&props=1`, a deep link). */
  propsOpen: boolean;
  /** A section of the Properties dialog to bring into view when it opens ("Who holds it"). */
  propsSection: 'handles' | null;
  /** The context menu of a row or tree node, where it was opened; null when closed. */
  menu: ObjectMenuState | null;
  /** `?snapshot=` of the current page, kept in every URL we write. */
  snapshotUrl: string | null;
  /** Expanded tree nodes, keyed by full NT path (a Set, never an object keyed by name). */
  expanded: Set<string>;
  sort: { key: SortKey; desc: boolean };
  /** Pane and column sizes (remembered). */
  layout: Layout;
  /** The last Find query (remembered, so reopening Find shows it again). */
  find: FindQuery;
  filter: string;
  findOpen: boolean;
  paused: boolean;
  theme: Theme;
  notices: Notice[];
  /** Focus requests for the path bar (Ctrl+L); a counter so repeated presses re-trigger. */
  pathFocus: number;
  navigate: (path: string, sel?: string | null, opts?: { replace?: boolean; view?: View }) => void;
  select: (sel: string | null) => void;
  setView: (view: View) => void;
  syncFromLocation: () => void;
  toggleExpanded: (path: string, open?: boolean) => void;
  setSort: (key: SortKey) => void;
  setFilter: (f: string) => void;
  setFindOpen: (open: boolean) => void;
  /** Opens Find on every object of one type (the types view's rows do this). */
  findType: (type: string) => void;
  setFind: (q: Partial<FindQuery>) => void;
  setLayout: (l: Partial<Layout>) => void;
  /** Every pane and column back to its default size (a layout made unusable has a way back). */
  resetLayout: () => void;
  clearNotices: () => void;
  setPaused: (p: boolean) => void;
  setTheme: (t: Theme) => void;
  notify: (kind: Notice['kind'], text: string) => void;
  dismiss: (id: number) => void;
  focusPath: () => void;
  openProperties: (open: boolean, section?: 'handles') => void;
  openMenu: (menu: ObjectMenuState | null) => void;
}

export interface ObjectMenuState {
  x: number;
  y: number;
  /** The directory the object is listed in ('\\' for the root itself, with name null). */
  dir: string;
  /** The object's name in `dir`; null for the root. */
  name: string | null;
  type: string;
  /** A symbolic link's target as listed, if any. */
  target: string | null;
}

let noticeId = 0;

function writeUrl(state: Pick<UiState, 'path' | 'sel' | 'view' | 'snapshotUrl' | 'propsOpen'>, replace: boolean) {
  if (typeof window === 'undefined') return;
  const search = buildSearch({ path: state.path, sel: state.sel, view: state.view, snapshot: state.snapshotUrl, props: state.propsOpen });
  if (search === window.location.search) return;
  const url = `${window.location.pathname}${search}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
}

const initial = typeof window === 'undefined' ? parseLocation('') : parseLocation(window.location.search);

function withAncestors(expanded: Set<string>, path: string): Set<string> {
  const anc = ntPathAncestors(path);
  if (anc.every((p) => expanded.has(p))) return expanded;
  const next = new Set(expanded);
  for (const p of anc) next.add(p);
  return next;
}

function initialTheme(): Theme {
  if (typeof window === 'undefined') return 'system';
  try {
    const t = window.localStorage.getItem('objscope:theme');
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

/** How long a notice stays before it dismisses itself: errors longer, there is more to read. */
export const NOTICE_MS = { info: 6000, error: 15000 } as const;

type SetUi = (partial: Partial<UiState> | ((s: UiState) => Partial<UiState>)) => void;
type GetUi = () => UiState;

/** Where the page starts: the URL's place, the defaults for what storage may override. */
function initialState() {
  return {
    path: initial.path,
    sel: initial.sel,
    view: initial.view,
    snapshotUrl: initial.snapshot,
    propsOpen: initial.props && initial.view === 'explorer',
    propsSection: null,
    menu: null,
    expanded: withAncestors(new Set(), initial.path),
    sort: DEFAULT_PREFS.sort,
    layout: DEFAULT_PREFS.layout,
    find: DEFAULT_PREFS.find,
    filter: '',
    findOpen: false,
    paused: false,
    theme: initialTheme(),
    notices: [],
    pathFocus: 0,
  } satisfies Partial<UiState>;
}

/** The moves that change where the user is, each written to the URL (pushed or replaced). */
function placeActions(set: SetUi, get: GetUi): Pick<UiState, 'navigate' | 'select' | 'setView' | 'syncFromLocation' | 'openProperties'> {
  return {
    navigate: (path, sel = null, opts = {}) => {
      const s = get();
      const view = opts.view ?? 'explorer';
      if (s.path === path && s.sel === sel && s.view === view) return;
      const samePath = s.path === path;
      set({ path, sel, view, propsOpen: false, menu: null, expanded: withAncestors(s.expanded, path), filter: samePath ? s.filter : '' });
      writeUrl({ ...get() }, opts.replace ?? false);
    },
    select: (sel) => {
      if (get().sel === sel) return;
      set({ sel, propsOpen: false });
      // Selecting is not a navigation step: replacing keeps Back meaning "previous directory".
      writeUrl(get(), true);
    },
    setView: (view) => {
      if (get().view === view) return;
      set({ view, propsOpen: false, menu: null });
      writeUrl(get(), false);
    },
    syncFromLocation: () => {
      const loc = parseLocation(window.location.search);
      set((s) => ({ path: loc.path, sel: loc.sel, view: loc.view, propsOpen: loc.props && loc.view === 'explorer', menu: null, expanded: withAncestors(s.expanded, loc.path) }));
    },
    openProperties: (open, section) => {
      set({ propsSection: open ? (section ?? null) : null, menu: null });
      if (get().propsOpen === open) return;
      set({ propsOpen: open });
      // Opening is a step Back undoes (as closing a dialog should); closing replaces it.
      writeUrl(get(), !open);
    },
  };
}

/** Everything else: the tree, the list's sort and filter, Find, the layout, the theme, notices. */
function viewActions(set: SetUi): Omit<UiState, keyof ReturnType<typeof initialState> | keyof ReturnType<typeof placeActions>> {
  return {
    toggleExpanded: (path, open) =>
      set((s) => {
        const has = s.expanded.has(path);
        const want = open ?? !has;
        if (want === has) return s;
        const next = new Set(s.expanded);
        if (want) next.add(path);
        else next.delete(path);
        return { expanded: next };
      }),
    setSort: (key) => set((s) => ({ sort: s.sort.key === key ? { key, desc: !s.sort.desc } : { key, desc: false } })),
    setFilter: (filter) => set({ filter }),
    setFindOpen: (findOpen) => set({ findOpen }),
    findType: (type) => set((s) => ({ findOpen: true, find: { ...s.find, text: '', type, here: false } })),
    setFind: (q) => set((s) => ({ find: { ...s.find, ...q } })),
    setLayout: (l) => set((s) => ({ layout: { ...s.layout, ...l } })),
    resetLayout: () => set({ layout: DEFAULT_PREFS.layout }),
    setPaused: (paused) => set({ paused }),
    setTheme: (theme) => {
      try {
        if (theme === 'system') window.localStorage.removeItem('objscope:theme');
        else window.localStorage.setItem('objscope:theme', theme);
      } catch {
        // Storage can be disabled; the toggle still works for this page.
      }
      set({ theme });
    },
    // One notice at a time: a new one replaces the last, so "Opened x" cannot outlive "Back to
    // agent". The banner dismisses it after NOTICE_MS.
    notify: (kind, text) => set({ notices: [{ id: ++noticeId, kind, text }] }),
    dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
    clearNotices: () => set({ notices: [] }),
    focusPath: () => set((s) => ({ pathFocus: s.pathFocus + 1 })),
    openMenu: (menu) => set({ menu }),
  };
}

export const useUi = create<UiState>()(
  persist((set, get) => ({ ...initialState(), ...placeActions(set, get), ...viewActions(set) }),
  {
    name: 'objscope:ui',
    version: 1,
    // localStorage is missing during the static export's prerender and may be disabled.
    storage: createJSONStorage(() => window.localStorage),
    // Only preferences: where the user is comes from the URL, never from storage.
    partialize: (s): Prefs => ({ sort: s.sort, layout: s.layout, find: s.find }),
    merge: (stored, current) => ({ ...current, ...readPrefs(stored) }),
  },
  ),
);
