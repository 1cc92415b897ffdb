// Types for scripts/lib/net.mjs, for the TypeScript code (the e2e agents) that shares its freePort.
export declare function freePort(): Promise<number>;
