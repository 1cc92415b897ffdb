// Types for scripts/lib/stats.mjs, for the TypeScript code that shares its one median.
export declare function median(values: readonly number[]): number;
