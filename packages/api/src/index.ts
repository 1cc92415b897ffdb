// The objscope API: one tRPC router over the ObjectSource interface. Browser-safe (nothing
// Node-only), so the page can run it over a SnapshotSource through `unstable_localLink`.
export { appRouter, type AppRouter } from './router';
export { createContext, DEFAULT_LIMITS, type ApiContext, type ApiLimits, type Offload, type ResponseBudget, type SubscriptionGate } from './context';
export { diffUploads, exportFile, exportOf, type DiffJob, type DiffOutcome, type ExportOutcome, type HeavyFailure, type SnapshotExport } from './heavy';
export { estimateJsonBytes } from './size';
export { createCallerFactory, type ApiErrorData } from './trpc';
export type { ListResult, Suggestion } from './routers/namespace';
export type { DirectoryChange } from './routers/watch';
export type { ZombieWatchEvent } from './routers/zombies';
export { diffListings } from './routers/watch';
export { snapshotFileName } from './routers/snapshot';
export { bytesToBase64, base64ToBytes } from './base64';
export * from './inputs';
export { listingOf } from './listing';
export { transformer } from './transformer';
export { FIXED_EVENT_ENTRIES } from './routers/watch';
