// The one interface every data source implements: live NT calls (Windows or Wine), a snapshot
// file, or a shared snapshot. The tRPC router in packages/api is written against this only.
import type {
  DirEntry,
  LinkChain,
  MemoryCondition,
  NtResult,
  ObjectDetails,
  SourceInfo,
  StatusInfo,
  TypeStat,
  ZombieReport,
} from './model';
import type { Snapshot } from './snapshot';
import type { AccessToken } from './access';
import type { HoldersReport, ProcessHandlesReport } from './holders';

export interface SearchQuery {
  text: string;
  mode: 'substring' | 'regex' | 'exact';
  caseSensitive?: boolean;
  /** Only these object types (exact type names); empty or absent means all. */
  types?: string[];
  /** Only below this directory; absent means the whole namespace. */
  under?: string;
  limit: number;
}

export interface SearchHit {
  path: string;
  name: string;
  type: string;
  target: string | null;
}

export interface SearchResults {
  hits: SearchHit[];
  /** Matches found (may exceed hits.length when truncated). */
  total: number;
  truncated: boolean;
  /** Objects examined. */
  scanned: number;
  elapsedMs: number;
  /** Why the query could not run (a rejected regex, an unknown `under`); hits are then empty. */
  error?: string;
  /** A regex search stopped at its time budget; hits and total cover what was scanned. */
  budgetExceeded?: boolean;
}

export interface WalkProgress {
  directories: number;
  objects: number;
  errors: number;
  currentPath: string;
  /** A capture walks first, then records details ("details": `objects` counts objects done). */
  phase?: 'walk' | 'details';
}

export type DiffChange = 'added' | 'removed' | 'changed';

export interface DiffEntry {
  path: string;
  change: DiffChange;
  before: { type: string; target: string | null } | null;
  after: { type: string; target: string | null } | null;
}

export interface SnapshotDiff {
  added: number;
  removed: number;
  changed: number;
  entries: DiffEntry[];
  truncated: boolean;
}

export interface ObjectSource {
  info(): Promise<SourceInfo>;
  /** List one directory. Not-a-directory, access denied, not found come back as ok:false. */
  list(path: string): Promise<NtResult<DirEntry[]>>;
  details(path: string): Promise<NtResult<ObjectDetails>>;
  resolveLink(path: string): Promise<LinkChain>;
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResults>;
  typeStats(): Promise<TypeStat[]>;
  memoryConditions(): Promise<MemoryCondition[]>;
  /** Null when the source has no zombie data (a snapshot captured without it). */
  zombies(): Promise<ZombieReport | null>;
  /**
   * Who holds the named object at `path` (holders.ts). Optional: null, or no method at all, when
   * the source cannot say (a snapshot captured without --handles).
   */
  holders?(path: string, signal?: AbortSignal): Promise<NtResult<HoldersReport> | null>;
  /** The named objects process `pid` holds handles to; null when the source cannot say. */
  processHandles?(pid: number, signal?: AbortSignal): Promise<NtResult<ProcessHandlesReport> | null>;
  /**
   * Capture (live) or return (snapshot) the whole namespace as a snapshot document. `details`
   * (default true) asks a capture for every object's details; a snapshot returns what it holds.
   */
  snapshot(onProgress?: (p: WalkProgress) => void, signal?: AbortSignal, options?: { details?: boolean }): Promise<Snapshot>;
  /**
   * The token `current` means in an access check: the live process's own, or the one a snapshot
   * recorded when it was captured; null when the source cannot say.
   */
  accessToken(): Promise<AccessToken | null>;
  /** Drop cached listings (live); no-op for snapshots. */
  refresh(path?: string): void;
  /**
   * One full walk of the namespace under `path`, counted, for the walk benchmark and the
   * handle-leak test (`objscope bench-walk`). Only a live source has a walk worth timing.
   */
  walkCounts?(path: string): Promise<NtResult<{ objects: number; directories: number }>>;
  /** Handles this process holds open: the leak test's yardstick. Only a live source has one. */
  ownHandleCount?(): NtResult<number>;
}

export type { StatusInfo };
