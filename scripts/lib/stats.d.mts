// Types for scripts/lib/stats.mjs: checkJs callers (the benches, the bench report) read them.
export declare function median(values: readonly number[]): number;
