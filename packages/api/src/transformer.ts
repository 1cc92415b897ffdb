// superjson on the wire, with a fast path for what this API almost always returns: plain JSON
// (directory listings, search hits). superjson.serialize walks every value building path strings
// and costs ~4 ms per 1,000 directory entries (25x JSON.stringify); a 50,000-entry first watch
// event would spend 200 ms there. When a value holds nothing superjson would annotate, its
// output is exactly `{ json: value }`, so that is produced directly. The wire format is
// unchanged: clients keep using plain superjson.
import type { CombinedDataTransformer } from '@trpc/server';
import superjson from 'superjson';

const MAX_DEPTH = 64;

// Frozen arrays already found plain (the pages of a cached listing view, see listing.ts): a page
// asked again is not walked again. Frozen keeps the array itself from changing afterwards; its
// entries are the source's own, which nothing writes to.
const plainFrozen = new WeakSet<object>();

/** True when superjson would emit the value unchanged with no meta. */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // NaN, ±Infinity and -0 get superjson annotations.
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        if (plainFrozen.has(value)) return true;
        for (let i = 0; i < value.length; i++) {
          // Holes serialise as undefined in superjson's view.
          if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
        }
        if (Object.isFrozen(value)) plainFrozen.add(value);
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in value) {
        if (!Object.prototype.hasOwnProperty.call(value, k)) return false;
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') return false;
        if (!isPlainJson((value as Record<string, unknown>)[k], depth + 1)) return false;
      }
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      // undefined, bigint, symbol, function
      return false;
  }
}

export const transformer: CombinedDataTransformer = {
  input: superjson,
  output: {
    serialize: (value: unknown) => (isPlainJson(value) ? { json: value } : superjson.serialize(value)),
    deserialize: (value: unknown) => superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]),
  },
};
