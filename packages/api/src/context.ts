import type { ObjectSource } from '@objscope/core';

export interface ApiLimits {
  /** Largest snapshot file accepted by snapshot.diff, per side, in bytes (decoded base64). */
  maxDiffFileBytes: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxDiffFileBytes: 64 * 1024 * 1024,
};

export interface ApiContext {
  source: ObjectSource;
  limits: ApiLimits;
}

/**
 * The context for one request. The agent calls it per HTTP request; the page calls it once
 * for `unstable_localLink`. Only the source is required.
 */
export function createContext(opts: { source: ObjectSource; limits?: Partial<ApiLimits> }): ApiContext {
  return { source: opts.source, limits: { ...DEFAULT_LIMITS, ...opts.limits } };
}
