// The decoded (in-memory) snapshot document. The on-disk encoding, its JSON Schema, the
// loader with size limits and the SnapshotSource live beside this file.
import type {
  Capabilities,
  MemoryCondition,
  StatusInfo,
  TypeStat,
  ZombieReport,
} from './model';
import type { HoldersSection } from './snapshot-holders';

export const SNAPSHOT_FORMAT = 'objscope-snapshot' as const;
export const SNAPSHOT_VERSION = 1 as const;

export interface SnapshotNode {
  name: string;
  type: string;
  target: string | null;
  error: StatusInfo | null;
  dynamic?: boolean;
  resolvesTo?: string | null;
  /** Present for directories that were listed (possibly empty); absent for leaves. */
  children?: SnapshotNode[];
}

export interface SnapshotMeta {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
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
}

export interface Snapshot {
  meta: SnapshotMeta;
  root: SnapshotNode;
  types: TypeStat[];
  memory: MemoryCondition[];
  zombies: ZombieReport | null;
  /** Optional (`snapshot --handles`): see snapshot-holders.ts. Absent, not null, when not recorded. */
  holders?: HoldersSection;
}
