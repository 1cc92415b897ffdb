// What the UI remembers across reloads (localStorage, through the store's persist): sort order,
// pane and column sizes, the last Find query. Stored data is untrusted (another version, a hand
// edit, a full disk), so each field is checked and falls back to its default on its own.

export type SortKey = 'name' | 'type' | 'target';
type FindMode = 'substring' | 'regex';

export interface Layout {
  /** Width of the directory tree, px; null = sized from the window. */
  tree: number | null;
  /** Width of the Properties pane, px; null = sized from the window on first use. */
  props: number | null;
  /** List column widths, px (Target / details takes the rest). */
  colName: number;
  colType: number;
}

export interface FindQuery {
  text: string;
  mode: FindMode;
  caseSensitive: boolean;
  /** One type name, or '' for every type. */
  type: string;
  here: boolean;
}

export interface Prefs {
  sort: { key: SortKey; desc: boolean };
  layout: Layout;
  find: FindQuery;
}

export const LIMITS = {
  tree: { min: 140, max: 640 },
  props: { min: 220, max: 720 },
  colName: { min: 80, max: 900 },
  colType: { min: 60, max: 400 },
} as const;

export const DEFAULT_PREFS: Prefs = {
  sort: { key: 'name', desc: false },
  layout: { tree: null, props: null, colName: 260, colType: 130 },
  find: { text: '', mode: 'substring', caseSensitive: false, type: '', here: false },
};

/**
 * The Properties pane's width before the user sets one: under a third of the window, so at
 * 1024 px the list keeps most of the room (it took 26rem, 40%, before) and at 1440 px the ACE
 * table still fits.
 */
export function defaultPropsWidth(viewport: number): number {
  return clamp(Math.round(viewport * 0.3), 280, 416);
}

/** The tree's width before the user sets one: narrower on small windows. */
export function defaultTreeWidth(viewport: number): number {
  return clamp(Math.round(viewport * 0.2), 180, 256);
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function num(v: unknown, lim: { min: number; max: number }, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? clamp(Math.round(v), lim.min, lim.max) : fallback;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Whatever was stored, as valid prefs: bad fields take their defaults, good ones are kept. */
export function readPrefs(stored: unknown): Prefs {
  const s = obj(stored);
  const sort = obj(s.sort);
  const layout = obj(s.layout);
  const find = obj(s.find);
  const d = DEFAULT_PREFS;
  const key = sort.key === 'name' || sort.key === 'type' || sort.key === 'target' ? sort.key : d.sort.key;
  return {
    sort: { key, desc: typeof sort.desc === 'boolean' ? sort.desc : d.sort.desc },
    layout: {
      tree: typeof layout.tree === 'number' && Number.isFinite(layout.tree) ? num(layout.tree, LIMITS.tree, 0) : null,
      props: typeof layout.props === 'number' && Number.isFinite(layout.props) ? num(layout.props, LIMITS.props, 0) : null,
      colName: num(layout.colName, LIMITS.colName, d.layout.colName),
      colType: num(layout.colType, LIMITS.colType, d.layout.colType),
    },
    find: {
      // The search API caps the text; a stored monster string is dropped rather than sent.
      text: typeof find.text === 'string' && find.text.length <= 1024 ? find.text : d.find.text,
      mode: find.mode === 'regex' || find.mode === 'substring' ? find.mode : d.find.mode,
      caseSensitive: typeof find.caseSensitive === 'boolean' ? find.caseSensitive : d.find.caseSensitive,
      type: typeof find.type === 'string' && find.type.length <= 256 ? find.type : d.find.type,
      here: typeof find.here === 'boolean' ? find.here : d.find.here,
    },
  };
}
