// The one median of the repository: the benches, the bench report and the agent's own timed
// commands (`zombies --bench`, `bench-walk`) all use it, so a figure means the same everywhere.

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
