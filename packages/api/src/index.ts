// The objscope API: one tRPC router over the ObjectSource interface. Browser-safe (nothing
// Node-only), so the page can run it over a SnapshotSource through `unstable_localLink`.
export { appRouter, type AppRouter } from './router';
export { createContext, type ApiLimits, type JobRunner, type SubscriptionGate } from './context';
export { diffUploads, exportFile, type DiffJob, type DiffOutcome, type ExportOutcome, type JobFailure } from './snapshot-jobs';
export { answerAccess, type AccessJob, type AccessOutcome } from './access-jobs';
export { createCallerFactory } from './trpc';
export type { ListResult } from './routers/namespace';
export type { DirectoryChange } from './routers/watch';
export type { ZombieWatchEvent } from './routers/zombies';
export * from './inputs';
export { listingOf } from './listing';
export { transformer } from './transformer';
export { FIXED_EVENT_ENTRIES } from './routers/watch';
export { AdmissionQueue } from './admission-queue';
export { FleetQuestionError, type FleetQuestions } from './fleet';
