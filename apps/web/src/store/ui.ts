// UI-only state (server state lives in TanStack Query). Navigation goes through `navigate`,
// which also writes the URL so back/forward and deep links work in a static export.
import { create } from 'zustand';
import { ntPathAncestors } from '@objscope/core';
import { buildSearch, parseLocation, type View } from '../lib/url';

export type SortKey = 'name' | 'type' | 'target';
export type Theme = 'system' | 'light' | 'dark';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface UiState {
  path: string;
  sel: string | null;
  view: View;
  /** `?snapshot=` of the current page, kept in every URL we write. */
  snapshotUrl: string | null;
  /** Expanded tree nodes, keyed by full NT path (a Set, never an object keyed by name). */
  expanded: Set<string>;
  sort: { key: SortKey; desc: boolean };
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
  setPaused: (p: boolean) => void;
  setTheme: (t: Theme) => void;
  notify: (kind: Notice['kind'], text: string) => void;
  dismiss: (id: number) => void;
  focusPath: () => void;
}

let noticeId = 0;

function writeUrl(state: Pick<UiState, 'path' | 'sel' | 'view' | 'snapshotUrl'>, replace: boolean) {
  if (typeof window === 'undefined') return;
  const search = buildSearch({ path: state.path, sel: state.sel, view: state.view, snapshot: state.snapshotUrl });
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

export const useUi = create<UiState>((set, get) => ({
  path: initial.path,
  sel: initial.sel,
  view: initial.view,
  snapshotUrl: initial.snapshot,
  expanded: withAncestors(new Set(), initial.path),
  sort: { key: 'name', desc: false },
  filter: '',
  findOpen: false,
  paused: false,
  theme: initialTheme(),
  notices: [],
  pathFocus: 0,
  navigate: (path, sel = null, opts = {}) => {
    const s = get();
    const view = opts.view ?? 'explorer';
    if (s.path === path && s.sel === sel && s.view === view) return;
    const samePath = s.path === path;
    set({ path, sel, view, expanded: withAncestors(s.expanded, path), filter: samePath ? s.filter : '' });
    writeUrl({ ...get() }, opts.replace ?? false);
  },
  select: (sel) => {
    if (get().sel === sel) return;
    set({ sel });
    // Selecting is not a navigation step: replacing keeps Back meaning "previous directory".
    writeUrl(get(), true);
  },
  setView: (view) => {
    if (get().view === view) return;
    set({ view });
    writeUrl(get(), false);
  },
  syncFromLocation: () => {
    const loc = parseLocation(window.location.search);
    set((s) => ({ path: loc.path, sel: loc.sel, view: loc.view, expanded: withAncestors(s.expanded, loc.path) }));
  },
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
  setSort: (key) =>
    set((s) => ({ sort: s.sort.key === key ? { key, desc: !s.sort.desc } : { key, desc: false } })),
  setFilter: (filter) => set({ filter }),
  setFindOpen: (findOpen) => set({ findOpen }),
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
  notify: (kind, text) => set((s) => ({ notices: [...s.notices.slice(-3), { id: ++noticeId, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  focusPath: () => set((s) => ({ pathFocus: s.pathFocus + 1 })),
}));
