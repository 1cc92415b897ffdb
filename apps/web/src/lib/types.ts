import type { TypeStat } from '@objscope/core';

export type TypeSortKey = 'name' | 'index' | 'objects' | 'handles' | 'peakObjects' | 'peakHandles';

/** Sorted copy; ties fall back to the name so the order is stable; an unknown index sorts lowest. */
export function sortTypes(rows: TypeStat[], key: TypeSortKey, desc: boolean): TypeStat[] {
  const out = [...rows];
  out.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    let c: number;
    if (typeof x === 'string' || typeof y === 'string') c = String(x).localeCompare(String(y));
    else c = (x ?? -1) - (y ?? -1);
    if (c === 0) c = a.name.localeCompare(b.name);
    return desc ? -c : c;
  });
  return out;
}
