// Sorting, filtering and paging of one directory listing. A 50,000-entry directory is sorted
// once per (listing, order, filter) and then served page by page: the sorted view is cached
// against the listing array itself, so a fresh listing (a new array) never sees a stale order.
import type { DirEntry } from '@objscope/core';

export type SortKey = 'name' | 'type' | 'target';

export interface ListView {
  sort: SortKey;
  desc: boolean;
  filter: string;
}

const views = new WeakMap<readonly DirEntry[], Map<string, DirEntry[]>>();
const MAX_VIEWS_PER_LISTING = 8;

// WinObj orders case-insensitively; ties fall back to the exact code units so the order is
// total and stable across runs (names differing only in case, or in NUL placement).
function cmp(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyOf(e: DirEntry, sort: SortKey): string {
  if (sort === 'type') return e.type;
  if (sort === 'target') return e.target ?? '';
  return e.name;
}

export function viewOf(entries: readonly DirEntry[], view: ListView): DirEntry[] {
  const key = `${view.sort}\u0000${view.desc ? 1 : 0}\u0000${view.filter}`;
  let perListing = views.get(entries);
  const hit = perListing?.get(key);
  if (hit) return hit;
  const needle = view.filter.toLowerCase();
  const kept = needle ? entries.filter((e) => e.name.toLowerCase().includes(needle)) : entries.slice();
  const sign = view.desc ? -1 : 1;
  kept.sort((a, b) => {
    const primary = view.sort === 'name' ? 0 : cmp(keyOf(a, view.sort), keyOf(b, view.sort));
    return sign * (primary !== 0 ? primary : cmp(a.name, b.name));
  });
  if (!perListing) {
    perListing = new Map();
    views.set(entries, perListing);
  }
  if (perListing.size >= MAX_VIEWS_PER_LISTING) perListing.delete(perListing.keys().next().value as string);
  perListing.set(key, kept);
  return kept;
}
