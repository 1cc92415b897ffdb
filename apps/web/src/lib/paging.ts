/**
 * The pages (beyond the first, which is always fetched) that a visible row range touches.
 * Only these are requested, so a 50,000-entry directory costs what the viewport shows.
 */
export function pagesFor(visible: readonly [number, number], total: number, pageSize: number): number[] {
  const out: number[] = [];
  if (total <= pageSize) return out;
  const hi = Math.floor(Math.min(total - 1, Math.max(0, visible[1])) / pageSize);
  // A range left over from a longer listing still shows the last page, not nothing.
  const lo = Math.min(hi, Math.floor(Math.max(0, visible[0]) / pageSize));
  for (let p = Math.max(1, lo); p <= hi; p++) out.push(p);
  return out;
}
