// A cheap upper-bound-ish estimate of a value's JSON size, without building the JSON: a walk
// that adds string lengths and punctuation and stops as soon as it passes `stopAt`. Used to
// refuse a response before tRPC serialises it (which would allocate all of it at once).

// Whole estimates of frozen arrays (the pages of a cached listing view, see listing.ts): the
// same page asked 64 times in one batch is walked once. Only complete counts are kept.
const frozenSizes = new WeakMap<object, number>();

/** Estimated UTF-8 bytes of JSON.stringify(value); stops counting past `stopAt`. */
export function estimateJsonBytes(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  if (Array.isArray(value) && Object.isFrozen(value)) {
    let size = frozenSizes.get(value);
    if (size === undefined) {
      size = estimateJsonBytes([...value]);
      frozenSizes.set(value, size);
    }
    return size;
  }
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v) && v !== value && Object.isFrozen(v)) total += estimateJsonBytes(v);
    else if (typeof v === 'string') {
      // Quotes, plus escapes and multi-byte characters counted roughly (x1.1 is enough for
      // names: they are mostly ASCII; a worst case under-counts by at most 3x).
      total += v.length + 2 + (v.length >> 3);
    } else if (typeof v === 'number' || typeof v === 'bigint') total += 12;
    else if (typeof v === 'boolean' || v === null || v === undefined) total += 5;
    else if (Array.isArray(v)) {
      total += 2 + v.length;
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v instanceof Date) total += 26;
    else if (v instanceof Map || v instanceof Set) {
      total += 2;
      for (const e of v as Iterable<unknown>) stack.push(e);
    } else if (typeof v === 'object') {
      for (const k of Object.keys(v)) {
        total += k.length + 4;
        stack.push((v as Record<string, unknown>)[k]);
      }
      total += 2;
    }
    if (total > stopAt) return total;
  }
  return total;
}
