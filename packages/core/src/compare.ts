// One answer, everywhere, to two questions: in what order are names listed, and when has an
// object changed. The CLI, the API (and so the UI), the watch and the snapshot diff all ask here.
import type { DirEntry } from './model';

const A = 0x41;
const Z = 0x5a;
const fold = (c: number) => (c >= A && c <= Z ? c + 0x20 : c);

/**
 * WinObj's name order. WinObjEx64 sorts its object list with `supListViewBaseComparer`, which
 * calls its minirtl `_strcmpi`: UTF-16 code units compared after folding only A–Z to a–z
 * (hfiref0x/WinObjEx64, Source/WinObjEx64/sup/sup.c and minirtl/minirtl.c). So `_` (0x5F)
 * sorts before every letter (`__wine_user_shared_data` before `BaseNamedObjects`), and
 * non-ASCII letters are not folded. Names are counted strings here (a NUL does not end them),
 * and names equal but for case fall back to code-unit order so the order is total and stable.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = fold(a.charCodeAt(i));
    const y = fold(b.charCodeAt(i));
    if (x !== y) return x - y;
  }
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a listing says about one object, the part a change is judged on. */
export type ComparableEntry = Pick<DirEntry, 'type' | 'target' | 'error' | 'dynamic' | 'resolvesTo'>;

/**
 * An object with the same name "changed" when its type, link target, error status, dynamic-link
 * flag or what a dynamic link resolves to differ. Used by the live watch and the snapshot diff.
 */
export function entryChanged(a: ComparableEntry, b: ComparableEntry): boolean {
  return (
    a.type !== b.type ||
    a.target !== b.target ||
    (a.error?.status ?? null) !== (b.error?.status ?? null) ||
    (a.dynamic ?? false) !== (b.dynamic ?? false) ||
    (a.resolvesTo ?? null) !== (b.resolvesTo ?? null)
  );
}
