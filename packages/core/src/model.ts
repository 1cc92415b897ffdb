// The domain model shared by the NT layer, the sources, the API and the UI.
// Browser-safe: no Node APIs. Numbers that can exceed 2^53 (section sizes, addresses) are
// decimal strings so they survive JSON unchanged.

/** An NTSTATUS as an unsigned 32-bit number plus its symbolic name. */
export interface StatusInfo {
  status: number;
  name: string;
}

/**
 * Result of an NT call that can fail in expected ways (access denied, object vanished).
 * Modelled on NtCoreLib: the status travels with the value instead of an exception.
 */
export type NtResult<T> =
  | { ok: true; status: number; value: T }
  | { ok: false; status: number; name: string; message: string };

/** One entry of an object directory, as NtQueryDirectoryObject reports it. */
export interface DirEntry {
  /** Exact object name: counted UTF-16, may hold NUL, `/`, `__proto__`, HTML, emoji. Never `\`. */
  name: string;
  /** Type name as reported by the directory query (SymbolicLink for dynamic links too). */
  type: string;
  /** Symbolic link target; null for other types, and for links whose target is empty. */
  target: string | null;
  /** Why the entry (or, for a directory, its listing) could not be read; null when it could. */
  error: StatusInfo | null;
  /** A dynamic symbolic link (Windows: target empty, resolved by a kernel callback). */
  dynamic?: boolean;
  /** For dynamic links: what opening the path resolves to (e.g. "Event"). */
  resolvesTo?: string | null;
}

/** `objscope ls --json` element: a DirEntry plus its full NT path. */
export interface ListedObject extends DirEntry {
  path: string;
}

export interface ObjectBasicInfo {
  attributes: number;
  grantedAccess: number;
  handleCount: number;
  pointerCount: number;
  pagedPoolCharge: number;
  nonPagedPoolCharge: number;
  /** ISO 8601, or null where the system reports zero (Wine always does). */
  creationTime: string | null;
}

interface GenericMapping {
  read: number;
  write: number;
  execute: number;
  all: number;
}

export interface ObjectTypeInfo {
  name: string;
  /** Index of the type in the kernel's type table (from ObjectTypesInformation); null if unknown. */
  index: number | null;
  totalObjects: number;
  totalHandles: number;
  highWaterObjects: number;
  highWaterHandles: number;
  invalidAttributes: number;
  genericMapping: GenericMapping;
  validAccessMask: number;
  securityRequired: boolean;
  maintainHandleCount: boolean;
  poolType: number;
  defaultPagedPoolCharge: number;
  defaultNonPagedPoolCharge: number;
}

export interface TypeStat {
  name: string;
  index: number | null;
  objects: number;
  handles: number;
  peakObjects: number;
  peakHandles: number;
}

export interface AceInfo {
  /** e.g. "ACCESS_ALLOWED", "ACCESS_DENIED", "SYSTEM_AUDIT", "SYSTEM_MANDATORY_LABEL". */
  type: string;
  flags: string[];
  mask: number;
  /** Decoded access rights for the object's type where known, else generic/standard names. */
  rights: string[];
  sid: string;
  /** Account name where it could be looked up ("NT AUTHORITY\\SYSTEM"), else null. */
  account: string | null;
}

export interface SecurityInfo {
  sddl: string | null;
  /** Owner SID (S-1-...). */
  owner: string | null;
  /** Group SID. */
  group: string | null;
  /** Account names of owner and group where LookupAccountSid knows them ("NT AUTHORITY\\SYSTEM"). */
  ownerAccount?: string | null;
  groupAccount?: string | null;
  dacl: AceInfo[] | null;
  sacl: AceInfo[] | null;
}

/** Type-specific state, where it is cheap to query. */
export type TypeState =
  | { kind: 'event'; eventType: 'notification' | 'synchronization'; signaled: boolean }
  | { kind: 'mutant'; count: number; abandoned: boolean; ownedByCaller: boolean | null }
  | { kind: 'semaphore'; count: number; maximum: number }
  | { kind: 'section'; size: string; attributes: number; attributeNames: string[] }
  | { kind: 'timer'; signaled: boolean; remaining: string | null };

export interface LinkHop {
  /** The path that was opened at this hop. */
  path: string;
  /** Its symbolic link target, or null if the hop is not a link (or the target is empty). */
  target: string | null;
  /** Type of the object at `path`, when it could be determined. */
  type: string | null;
  error: StatusInfo | null;
}

/** The chain of targets from a symbolic link, followed up to 16 hops. */
export interface LinkChain {
  hops: LinkHop[];
  /** The last path reached that is not itself a link, or null when the chain broke. */
  final: string | null;
  loop: boolean;
  /** Stopped at the hop limit. */
  truncated: boolean;
  dangling: boolean;
}

/** A field that could be read or not, with the reason. */
export type Field<T> = { ok: true; value: T } | { ok: false; error: StatusInfo };

export interface ObjectDetails {
  path: string;
  name: string;
  type: string;
  basic: Field<ObjectBasicInfo>;
  typeInfo: Field<ObjectTypeInfo>;
  security: Field<SecurityInfo>;
  state: Field<TypeState> | null;
  /** Symbolic links only. */
  link: {
    target: string | null;
    creationTime: string | null;
    dynamic: boolean;
    chain: LinkChain;
  } | null;
}

export const MEMORY_CONDITION_NAMES = [
  'LowPagedPoolCondition',
  'HighPagedPoolCondition',
  'LowNonPagedPoolCondition',
  'HighNonPagedPoolCondition',
  'LowMemoryCondition',
  'HighMemoryCondition',
  'LowCommitCondition',
  'HighCommitCondition',
  'MaximumCommitCondition',
  'MemoryErrors',
  'PhysicalMemoryChange',
] as const;
type MemoryConditionName = (typeof MEMORY_CONDITION_NAMES)[number];

export type MemoryConditionKind = 'dynamic-link' | 'event' | 'absent';

export interface MemoryCondition {
  name: MemoryConditionName;
  path: string;
  kind: MemoryConditionKind;
  /** Signaled state of the (resolved) event; null when absent or unreadable. */
  signaled: boolean | null;
  error: StatusInfo | null;
}

export interface ZombieHolder {
  pid: number;
  imageName: string | null;
  handle: number;
  grantedAccess: number;
}

export interface ZombieProcess {
  pid: number;
  imageName: string;
  imagePath: string | null;
  exitCode: number;
  createTime: string | null;
  exitTime: string | null;
  userTimeMs: number | null;
  kernelTimeMs: number | null;
  /** Parent PID as recorded; see parentExists before trusting it (PIDs are reused). */
  parentPid: number | null;
  /** True only when a process with parentPid exists and was created before this one. */
  parentExists: boolean | null;
  /** Object address as a hex string where visible, else null. */
  objectAddress: string | null;
  holders: ZombieHolder[];
  /**
   * No examined handle explains it (found only by NtGetNextProcess). The old name: it does not
   * mean the kernel holds it; see `unattributed` and `unattributedReason`.
   */
  heldByKernel: boolean;
  /** Same as heldByKernel, under its honest name; absent in older snapshots. */
  unattributed?: boolean;
  /** Why no holder is known: which holders could not be examined, or that no handle points at it. */
  unattributedReason?: string | null;
  /**
   * Handles whose object address is this zombie's, in processes the scan could not examine
   * (protected, other users'): likely holders, not verified by duplicating. Addresses visible only.
   */
  unexaminedHolders?: ZombieHolder[];
}

export interface ZombieThread {
  tid: number;
  pid: number;
  imageName: string | null;
  exitCode: number;
  createTime: string | null;
  exitTime: string | null;
  objectAddress: string | null;
  holders: ZombieHolder[];
}

export interface HolderSummary {
  pid: number;
  imageName: string | null;
  processes: number;
  threads: number;
}

export interface HolderError {
  pid: number;
  imageName: string | null;
  error: StatusInfo;
}

/** A handle the scan could not examine, and why (DuplicateHandle or the basic-information query failing). */
export interface DuplicateFailure {
  pid: number;
  imageName: string | null;
  handle: number;
  step: 'access' | 'DuplicateHandle' | 'ProcessBasicInformation' | 'ThreadBasicInformation';
  error: StatusInfo;
}

export interface ZombieSummary {
  zombieProcesses: number;
  zombieThreads: number;
  pidsHeld: number;
  /** Rough kernel memory kept alive (process objects ~72 KiB, threads ~ a few KiB each). */
  estimatedBytes: number;
  topHolders: HolderSummary[];
  holderErrors: HolderError[];
  handlesScanned: number;
  /** Exited processes with no examined handle accounting for them (old name); null where NtGetNextProcess is missing. */
  heldByKernel: number | null;
  /** Same count as heldByKernel under its honest name; absent in older snapshots. */
  unattributed?: number | null;
  /** Processes found exited by the kernel walk that were still running when the handle table was read: ignored. */
  exitedAfterSnapshot?: number;
  /**
   * Processes the kernel walk could not see: NtGetNextProcess silently skips every process the
   * caller cannot open, so a zombie among them is invisible. Counted against the process list
   * (SystemProcessInformation, read before and after the walk), so never fewer than were
   * skipped. null where NtGetNextProcess is missing; absent in older snapshots.
   */
  processesNotSeen?: number | null;
  /** The processes that count is out of (both process lists, System Idle left out). */
  processesListed?: number;
  /** Handles that could not be examined (first 100), and how many in all. */
  duplicateFailures?: DuplicateFailure[];
  duplicateFailureCount?: number;
  scanMs: number;
}

export interface ZombieReport {
  processes: ZombieProcess[];
  threads: ZombieThread[];
  summary: ZombieSummary;
  scannedAt: string;
}

export interface Capabilities {
  /** Bulk NtQueryDirectoryObject works (Windows); false under Wine 8 (single-entry fallback). */
  bulkDirectoryQuery: boolean | null;
  ntGetNextProcess: boolean;
  elevated: boolean | null;
  /** The token holds SeDebugPrivilege (enabled or not). */
  seDebugPrivilege: boolean | null;
  /** SeDebugPrivilege is enabled (objscope enables it when held); absent in older snapshots. */
  seDebugPrivilegeEnabled?: boolean | null;
  objectAddressesVisible: boolean | null;
  dynamicSymbolicLinks: boolean | null;
  /** Wine's own version ("10.0") when running under Wine, null on Windows; absent in older snapshots. */
  wineVersion?: string | null;
  /** Free-form notes shown to the user ("not elevated: some directories are denied"). */
  warnings: string[];
}

type SourceKind = 'live' | 'wine' | 'snapshot' | 'sample' | 'share';

export interface SourceInfo {
  kind: SourceKind;
  /** Human label: "Live — WIN11 (build 26100)", "Sample snapshot captured under Wine". */
  label: string;
  host: string | null;
  osVersion: string | null;
  /** ISO time a snapshot was captured; null for live sources. */
  capturedAt: string | null;
  readOnly: true;
  toolVersion: string;
  capabilities: Capabilities;
}

/** "an Event", "a Mutant": the indefinite article a type name takes in a sentence. */
export function withArticle(typeName: string): string {
  return `${/^[AEIOUaeiou]/.test(typeName) ? 'an' : 'a'} ${typeName}`;
}

/**
 * POOL_TYPE names (wdm.h) for ObjectTypeInfo.poolType. Values from 32 up are the session-pool
 * variants; anything else is shown as its number.
 */
const POOL_TYPES = new Map<number, string>([
  [0, 'NonPagedPool'],
  [1, 'PagedPool'],
  [2, 'NonPagedPoolMustSucceed'],
  [3, 'DontUseThisType'],
  [4, 'NonPagedPoolCacheAligned'],
  [5, 'PagedPoolCacheAligned'],
  [6, 'NonPagedPoolCacheAlignedMustS'],
  [7, 'MaxPoolType'],
  [32, 'NonPagedPoolSession'],
  [33, 'PagedPoolSession'],
  [34, 'NonPagedPoolMustSucceedSession'],
  [35, 'DontUseThisTypeSession'],
  [36, 'NonPagedPoolCacheAlignedSession'],
  [37, 'PagedPoolCacheAlignedSession'],
  [38, 'NonPagedPoolCacheAlignedMustSSession'],
  [512, 'NonPagedPoolNx'],
  [516, 'NonPagedPoolNxCacheAligned'],
  [544, 'NonPagedPoolSessionNx'],
]);

/** "PagedPool (1)": a POOL_TYPE by name where known. */
export function poolTypeName(poolType: number): string {
  const name = POOL_TYPES.get(poolType);
  return name ? `${name} (${poolType})` : `pool type ${poolType}`;
}
