// The median of the benches and the bench report, so a figure means the same everywhere. The
// agent's timed command (`bench-walk`) and the benches' Windows-side scripts (bench/win/*.ts)
// print raw run times and leave the statistics to the benches: shipped code never imports a
// build script.

/**
 * The middle value; the mean of the two middle values for an even count; NaN for none.
 * @param {readonly number[]} values
 * @returns {number}
 */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? /** @type {number} */ (v[mid]) : (/** @type {number} */ (v[mid - 1]) + /** @type {number} */ (v[mid])) / 2;
}
