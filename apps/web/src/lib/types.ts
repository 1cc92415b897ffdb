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

export type ChartScale = 'log' | 'sqrt' | 'linear';

/**
 * A bar's share of the full length (0..1) on the chosen scale. On the log scale a count of 1 is
 * still a visible bar (log of n + 1), so a type with one object never vanishes next to one with
 * thousands; zero stays zero.
 */
export function barFraction(n: number, max: number, scale: ChartScale): number {
  if (n <= 0 || max <= 0) return 0;
  const f = scale === 'log' ? Math.log10(n + 1) / Math.log10(max + 1) : scale === 'sqrt' ? Math.sqrt(n) / Math.sqrt(max) : n / max;
  return Math.min(1, f);
}

/**
 * A bar's length in `full`'s unit: its share on the scale, and never less than `least` for a
 * value above zero, so one zombie next to two thousand is still a bar; zero is no bar.
 */
export function barLength(n: number, max: number, scale: ChartScale, full: number, least: number): number {
  const f = barFraction(n, max, scale);
  return f > 0 ? Math.max(least, f * full) : 0;
}
