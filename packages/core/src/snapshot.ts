// The decoded (in-memory) snapshot document. The on-disk encoding, its JSON Schema, the
// loader with size limits and the SnapshotSource live beside this file.
import type {
  Capabilities,
  DirEntry,
  Field,
  MemoryCondition,
  ObjectBasicInfo,
  ObjectTypeInfo,
  SecurityInfo,
  TypeState,
  TypeStat,
  ZombieReport,
} from './model';
import type { HoldersSection } from './snapshot-holders';
import type { AccessToken } from './access';

export const SNAPSHOT_FORMAT = 'objscope-snapshot' as const;
/** The version this objscope writes. */
export const SNAPSHOT_VERSION = 2 as const;
/** Every version this objscope reads: 1 (names, types, targets) and 2 (plus recorded details). */
export const SNAPSHOT_READABLE_VERSIONS = [1, 2] as const;
export type SnapshotVersion = (typeof SNAPSHOT_READABLE_VERSIONS)[number];

/**
 * What a capture recorded about one object: the same Fields a live details query returns, so
 * a snapshot answers them exactly as the live source did (a denied query stays denied).
 * Type information is per type (Snapshot.details.typeInfo), not per object.
 */
export interface RecordedDetails {
  basic: Field<ObjectBasicInfo>;
  security: Field<SecurityInfo>;
  /** Null for types without queryable state. */
  state: Field<TypeState> | null;
}

/** Snapshot-wide recorded details (format version 2); null when the capture recorded none. */
interface SnapshotDetails {
  /** Type information at capture time, one entry per type (NtQueryObject ObjectTypesInformation). */
  typeInfo: ObjectTypeInfo[];
}

/** A directory entry as recorded: the listing's DirEntry, plus what lay below and about it. */
export interface SnapshotNode extends DirEntry {
  /** Present for directories that were listed (possibly empty); absent for leaves. */
  children?: SnapshotNode[];
  /** Recorded details (format version 2 captures); absent when not recorded. */
  details?: RecordedDetails;
}

interface SnapshotMeta {
  format: typeof SNAPSHOT_FORMAT;
  /** The version of the file it was read from (encoding always writes SNAPSHOT_VERSION). */
  version: SnapshotVersion;
  capturedAt: string;
  host: string | null;
  osVersion: string | null;
  /** 'wine' when captured by the agent running under Wine. */
  source: 'live' | 'wine' | 'synthetic';
  elevated: boolean | null;
  toolVersion: string;
  capabilities: Capabilities;
  objectCount: number;
  /** Free text, e.g. "Sample captured under Wine 8.0 by `objscope snapshot`". */
  description: string | null;
  /** The capturing process's token; absent in files written before it was recorded. */
  token?: AccessToken | null;
}

export interface Snapshot {
  meta: SnapshotMeta;
  root: SnapshotNode;
  types: TypeStat[];
  memory: MemoryCondition[];
  zombies: ZombieReport | null;
  /** Recorded details beyond the tree (version 2); absent or null when none were recorded. */
  details?: SnapshotDetails | null;
  /** Optional (`snapshot --handles`): see snapshot-holders.ts. Absent, not null, when not recorded. */
  holders?: HoldersSection;
}
