// Sorting, filtering and paging of one directory listing. A 50,000-entry directory is sorted
// once per (listing, order, filter) and then served page by page.
import { compareNames, type DirEntry, type NtResult, type ObjectSource } from '@objscope/core';
import { isStatic } from './poll';

type SortKey = 'name' | 'type' | 'target';

export interface ListView {
  sort: SortKey;
  desc: boolean;
  filter: string;
  /** Exact type names to keep (absent or empty: every type). Applied before sorting and paging. */
  types?: readonly string[];
}

interface Cached {
  entries: readonly DirEntry[];
  views: Map<string, DirEntry[]>;
}
// Per source, per path: the last listing seen and its sorted views. Sources may hand out a
// fresh array per call (SnapshotSource copies), so a cached view is reused only while the new
// listing holds the very same entry objects in the same order (a 50,000-entry identity check
// costs well under a millisecond; re-sorting costs tens).
const cache = new WeakMap<object, Map<string, Cached>>();
const MAX_PATHS_PER_SOURCE = 16;
const MAX_VIEWS_PER_LISTING = 8;

function sameListing(a: readonly DirEntry[], b: readonly DirEntry[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// WinObj orders case-insensitively; ties fall back to the exact code units so the order is
// total and stable across runs (names differing only in case, or in NUL placement).
// WinObj's order (core's compareNames), the same the CLI prints, for names and the other columns.
const cmp = compareNames;

function keyOf(e: DirEntry, sort: SortKey): string {
  if (sort === 'type') return e.type;
  if (sort === 'target') return e.target ?? '';
  return e.name;
}

/** The listing filtered and sorted as asked, from the cache when the listing is unchanged. */
export function viewOf(owner: object, path: string, entries: readonly DirEntry[], view: ListView): DirEntry[] {
  let perSource = cache.get(owner);
  if (!perSource) {
    perSource = new Map();
    cache.set(owner, perSource);
  }
  let cached = perSource.get(path);
  if (!cached || !sameListing(cached.entries, entries)) {
    cached = { entries, views: new Map() };
  }
  // Re-insert so the Map's order is least-recently-used first.
  perSource.delete(path);
  perSource.set(path, cached);
  if (perSource.size > MAX_PATHS_PER_SOURCE) perSource.delete(perSource.keys().next().value as string);

  const key = viewKey(view);
  const hit = cached.views.get(key);
  if (hit) return hit;
  const sorted = sortAndFilter(entries, view);
  if (cached.views.size >= MAX_VIEWS_PER_LISTING) cached.views.delete(cached.views.keys().next().value as string);
  cached.views.set(key, sorted);
  return sorted;
}

// JSON keeps the parts apart whatever they hold (a filter or type name may contain NUL or the
// separator of a hand-joined key); the type set is sorted and deduplicated so the same set asked
// in another order shares one cached view.
function viewKey(view: ListView): string {
  const types = view.types?.length ? [...new Set(view.types)].sort() : null;
  return JSON.stringify([view.sort, view.desc, view.filter, types]);
}

function sortAndFilter(entries: readonly DirEntry[], view: ListView): DirEntry[] {
  const needle = view.filter.toLowerCase();
  const types = view.types?.length ? new Set(view.types) : null;
  const kept =
    needle || types
      ? entries.filter((e) => (!types || types.has(e.type)) && (!needle || e.name.toLowerCase().includes(needle)))
      : entries.slice();
  const sign = view.desc ? -1 : 1;
  kept.sort((a, b) => {
    const primary = view.sort === 'name' ? 0 : cmp(keyOf(a, view.sort), keyOf(b, view.sort));
    return sign * (primary !== 0 ? primary : cmp(a.name, b.name));
  });
  return kept;
}

// A snapshot source cannot change, so its listings are kept as they were first handed out: the
// source copies a 50,000-entry listing on every list() and viewOf then compares it entry by
// entry, which a batch of 64 pages of `\\Big` did 64 times in one go on the request thread.
const fixedListings = new WeakMap<object, Map<string, NtResult<DirEntry[]>>>();
const staticSources = new WeakMap<object, boolean>();

/** source.list, from memory for a source that cannot change (the same array every time). */
export async function listingOf(source: ObjectSource, path: string): Promise<NtResult<DirEntry[]>> {
  let fixed = staticSources.get(source);
  if (fixed === undefined) {
    fixed = await isStatic(source);
    staticSources.set(source, fixed);
  }
  if (!fixed) return source.list(path);
  let perPath = fixedListings.get(source);
  if (!perPath) {
    perPath = new Map();
    fixedListings.set(source, perPath);
  }
  let r = perPath.get(path);
  if (!r) {
    r = await source.list(path);
    if (perPath.size >= MAX_PATHS_PER_SOURCE) perPath.delete(perPath.keys().next().value as string);
    perPath.set(path, r);
  }
  return r;
}

// Pages of a cached view, frozen and handed out again for the same offset and limit: the
// response-size estimate and the transformer's plain-JSON check remember a frozen array they
// have already walked (size.ts, transformer.ts), so the same page asked again costs nothing
// but its serialisation.
const pages = new WeakMap<readonly DirEntry[], Map<string, readonly DirEntry[]>>();
const MAX_PAGES_PER_VIEW = 64;

/** view.slice(offset, offset + limit), the same frozen array for the same view and bounds. */
export function pageOf(view: readonly DirEntry[], offset: number, limit: number): readonly DirEntry[] {
  let perView = pages.get(view);
  if (!perView) {
    perView = new Map();
    pages.set(view, perView);
  }
  const key = `${offset}:${limit}`;
  let page = perView.get(key);
  if (!page) {
    page = Object.freeze(view.slice(offset, offset + limit));
    if (perView.size >= MAX_PAGES_PER_VIEW) perView.delete(perView.keys().next().value as string);
    perView.set(key, page);
  }
  return page;
}
