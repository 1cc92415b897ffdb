// The zod schema of the on-disk snapshot document (version 2, and version 1 for reading old
// files). The committed JSON Schema (packages/core/schema/snapshot.schema.json) is generated
// from this file, so the two cannot drift apart silently: a unit test compares them.
//
// Objects are strict when reading: an unknown key (`__proto__` included) is refused, because a
// reader cannot know what it would be ignoring. Writers strip unknown keys instead, so a field
// added to the in-memory model later never produces a file that this reader refuses. New
// information goes into new optional sections (version 2 added `details`), so older sections
// keep their shape.
import { z } from 'zod';
import { MEMORY_CONDITION_NAMES, type TypeState } from './model';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot';
import { holdersSectionSchema } from './snapshot-holders';

/** Longest name, target or other string a snapshot may hold (UNICODE_STRING holds 32,767 units). */
export const SNAPSHOT_MAX_STRING = 32767;

type ObjectFactory = typeof z.strictObject;

/** The building blocks every part of the document shares: bounded strings, counts, statuses. */
function primitives(obj: ObjectFactory, maxString: number, mode: SchemaMode) {
  const str = z.string().max(maxString);
  const nstr = str.nullable();
  // NTSTATUS and access masks arrive from koffi as negative int32 as often as not; the file
  // always holds them unsigned.
  const u32 =
    mode === 'write'
      ? z.number().int().min(-0x80000000).max(0xffffffff).transform((v) => v >>> 0)
      : z.number().int().min(0).max(0xffffffff);
  const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
  const ncount = count.nullable();
  const iso = nstr;

  const statusInfo = obj({ status: u32, name: str });
  const i32 = z.number().int().min(-0x80000000).max(0x7fffffff);
  return { obj, str, nstr, u32, count, ncount, iso, statusInfo, i32 };
}

type Primitives = ReturnType<typeof primitives>;

/** Version 2's recorded details: security descriptors, the type table, per-type state. */
function detailSchemas({ obj, str, nstr, u32, count, ncount, iso, i32 }: Primitives) {
  const ace = obj({
    type: str,
    flags: z.array(str).max(64),
    mask: u32,
    rights: z.array(str).max(64),
    sid: str,
    account: nstr,
  });
  const securityInfo = obj({
    sddl: nstr,
    owner: nstr,
    group: nstr,
    ownerAccount: nstr.optional(),
    groupAccount: nstr.optional(),
    dacl: z.array(ace).max(65535).nullable(),
    sacl: z.array(ace).max(65535).nullable(),
  });
  const objectTypeInfo = obj({
    name: str,
    index: ncount,
    totalObjects: count,
    totalHandles: count,
    highWaterObjects: count,
    highWaterHandles: count,
    invalidAttributes: u32,
    genericMapping: obj({ read: u32, write: u32, execute: u32, all: u32 }),
    validAccessMask: u32,
    securityRequired: z.boolean(),
    maintainHandleCount: z.boolean(),
    poolType: u32,
    defaultPagedPoolCharge: count,
    defaultNonPagedPoolCharge: count,
  });
  const typeState = z.discriminatedUnion('kind', [
    obj({ kind: z.literal('event'), eventType: z.enum(['notification', 'synchronization']), signaled: z.boolean() }),
    obj({ kind: z.literal('mutant'), count: i32, abandoned: z.boolean(), ownedByCaller: z.boolean().nullable() }),
    obj({ kind: z.literal('semaphore'), count: i32, maximum: i32 }),
    obj({ kind: z.literal('section'), size: str, attributes: u32, attributeNames: z.array(str).max(64) }),
    obj({ kind: z.literal('timer'), signaled: z.boolean(), remaining: nstr }),
  ]);
  // ObjectBasicInformation as a positional array: it is on almost every node, and keys would
  // repeat seven times per object.
  const basicTuple = z.tuple([
    count, // handleCount
    count, // pointerCount
    u32, // attributes
    u32, // grantedAccess
    count, // pagedPoolCharge
    count, // nonPagedPoolCharge
    iso, // creationTime (null: the system reported zero)
  ]);
  const details = obj({
    /** One entry per type, as NtQueryObject(ObjectTypesInformation) reported it at capture. */
    typeInfo: z.array(objectTypeInfo).max(65535),
    /** Distinct security descriptors; nodes refer to them by index (most objects share a few). */
    securityDescriptors: z.array(securityInfo).max(5_000_000),
  });
  return { securityInfo, objectTypeInfo, typeState, basicTuple, details };
}

/** The capture's metadata: where, when, what the capturing process could do. */
function metaSchema({ obj, str, nstr, u32, count }: Primitives) {
  const capabilities = obj({
    bulkDirectoryQuery: z.boolean().nullable(),
    ntGetNextProcess: z.boolean(),
    elevated: z.boolean().nullable(),
    seDebugPrivilege: z.boolean().nullable(),
    seDebugPrivilegeEnabled: z.boolean().nullable().optional(),
    objectAddressesVisible: z.boolean().nullable(),
    dynamicSymbolicLinks: z.boolean().nullable(),
    wineVersion: nstr.optional(),
    warnings: z.array(str).max(1000),
  });

  const sid = str.max(200);
  // The capturing process's token (access.ts AccessToken), so `access --as current` and the
  // derived principals (low, restricted, appcontainer) answer from the snapshot alone.
  const accessToken = obj({
    label: str,
    user: sid,
    userDenyOnly: z.boolean(),
    groups: z.array(obj({ sid, enabled: z.boolean(), denyOnly: z.boolean() })).max(4096),
    integrity: u32,
    mandatoryPolicy: u32,
    privileges: z.array(str).max(256),
    restrictedSids: z.array(sid).max(4096).nullable(),
    writeRestricted: z.boolean(),
    appContainer: obj({ packageSid: sid, capabilities: z.array(sid).max(4096) }).nullable(),
  });

  const meta = obj({
    capturedAt: str,
    host: nstr,
    osVersion: nstr,
    source: z.enum(['live', 'wine', 'synthetic']),
    elevated: z.boolean().nullable(),
    toolVersion: str,
    capabilities,
    objectCount: count,
    description: nstr,
    token: accessToken.nullable().optional(),
  });
  return meta;
}

/** Type statistics and the memory-condition card. */
function tallySchemas({ obj, str, count, ncount, statusInfo }: Primitives) {
  const typeStat = obj({
    name: str,
    index: ncount,
    objects: count,
    handles: count,
    peakObjects: count,
    peakHandles: count,
  });

  const memoryCondition = obj({
    name: z.enum(MEMORY_CONDITION_NAMES),
    path: str,
    kind: z.enum(['dynamic-link', 'event', 'absent']),
    signaled: z.boolean().nullable(),
    error: statusInfo.nullable(),
  });
  return { typeStat, memoryCondition };
}

/** The zombie report: exited processes and threads, and who holds them. */
function zombieReportSchema({ obj, str, nstr, u32, count, ncount, iso, statusInfo }: Primitives) {
  const holder = obj({ pid: count, imageName: nstr, handle: count, grantedAccess: u32 });
  const zombieProcess = obj({
    pid: count,
    imageName: str,
    imagePath: nstr,
    exitCode: u32,
    createTime: iso,
    exitTime: iso,
    userTimeMs: z.number().nullable(),
    kernelTimeMs: z.number().nullable(),
    parentPid: ncount,
    parentExists: z.boolean().nullable(),
    objectAddress: nstr,
    holders: z.array(holder),
    heldByKernel: z.boolean(),
    unattributed: z.boolean().optional(),
    unattributedReason: nstr.optional(),
    unexaminedHolders: z.array(holder).optional(),
  });
  const zombieThread = obj({
    tid: count,
    pid: count,
    imageName: nstr,
    exitCode: u32,
    createTime: iso,
    exitTime: iso,
    objectAddress: nstr,
    holders: z.array(holder),
  });
  const zombieReport = obj({
    processes: z.array(zombieProcess),
    threads: z.array(zombieThread),
    summary: obj({
      zombieProcesses: count,
      zombieThreads: count,
      pidsHeld: count,
      estimatedBytes: count,
      topHolders: z.array(obj({ pid: count, imageName: nstr, processes: count, threads: count })),
      holderErrors: z.array(obj({ pid: count, imageName: nstr, error: statusInfo })),
      handlesScanned: count,
      heldByKernel: ncount,
      unattributed: ncount.optional(),
      exitedAfterSnapshot: count.optional(),
      processesNotSeen: ncount.optional(),
      processesListed: count.optional(),
      duplicateFailures: z
        .array(
          obj({
            pid: count,
            imageName: nstr,
            handle: count,
            step: z.enum(['access', 'DuplicateHandle', 'ProcessBasicInformation', 'ThreadBasicInformation']),
            error: statusInfo,
          }),
        )
        .optional(),
      duplicateFailureCount: count.optional(),
      scanMs: z.number().min(0),
    }),
    scannedAt: str,
  });
  return zombieReport;
}

/** The tree's nodes as positional arrays; only the canonical reading schema is named. */
function nodeSchemas({ obj, str, nstr, count, statusInfo }: Primitives, { basicTuple, typeState }: ReturnType<typeof detailSchemas>, named: boolean) {
  // Rare per-node fields live in one optional trailing object so that ordinary nodes stay
  // two- or three-element arrays.
  const nodeExtraV1 = obj({
    error: statusInfo.optional(),
    dynamic: z.boolean().optional(),
    resolvesTo: nstr.optional(),
  });
  // Version 2: each detail is its value, or the status that kept it from being read. An absent
  // `basic`/`sd` means "not recorded" (objects objscope does not open, such as devices); an
  // absent `state` means the type has none.
  const nodeExtra = obj({
    error: statusInfo.optional(),
    dynamic: z.boolean().optional(),
    resolvesTo: nstr.optional(),
    basic: z.union([basicTuple, statusInfo]).optional(),
    sd: z.union([count, statusInfo]).optional(),
    state: z.union([typeState, statusInfo]).optional(),
  });

  // [name, type index, target, children, extra]; trailing elements are omitted when null/absent.
  const lazyNode = z.lazy(() =>
    z.tuple([
      str,
      z.number().int().min(0).max(65535),
      nstr.optional(),
      z.array(node).nullable().optional(),
      nodeExtra.optional(),
    ]),
  );
  // Only the canonical reading schema is registered under a name (ids must be unique).
  const node: z.ZodType<EncodedNode> = named
    ? lazyNode.meta({
        id: 'SnapshotNode',
        description:
          '[name, index into typeNames, symbolic-link target, children (directories that were listed), extra]. ' +
          'Trailing elements that are null or absent are omitted.',
      })
    : lazyNode;
  return { node, nodeExtra, nodeExtraV1 };
}

type SchemaMode = 'read' | 'read-named' | 'write';

function makeSchemas(obj: ObjectFactory, maxString: number, mode: SchemaMode) {
  const p = primitives(obj, maxString, mode);
  const { str, statusInfo } = p;
  const d = detailSchemas(p);
  const { securityInfo, objectTypeInfo, typeState, details } = d;
  const meta = metaSchema(p);
  const { typeStat, memoryCondition } = tallySchemas(p);
  const zombieReport = zombieReportSchema(p);
  const { node, nodeExtra, nodeExtraV1 } = nodeSchemas(p, d, mode === 'read-named');

  const fields = <T extends z.ZodType>(tree: T) => ({
    format: z.literal(SNAPSHOT_FORMAT),
    version: z.literal(SNAPSHOT_VERSION),
    meta,
    typeNames: z.array(str).max(65535),
    tree,
    types: z.array(typeStat),
    memory: z.array(memoryCondition),
    zombies: zombieReport.nullable(),
    details: details.nullable().optional(),
    // Optional and version-independent (#14, snapshot-holders.ts).
    holders: holdersSectionSchema.optional(),
  });
  const document = obj(fields(node));
  // The loader checks the tree itself (iteratively, without copying 200,000 tuples); this is the
  // rest of the document. A differential test keeps the tree checks equal to `node`.
  const documentWithoutTree = obj(fields(z.unknown()));
  // Version 1 (read only): no details anywhere.
  const documentV1WithoutTree = documentWithoutTree.omit({ details: true }).extend({ version: z.literal(1) });

  return {
    document,
    documentWithoutTree,
    documentV1WithoutTree,
    node,
    nodeExtra,
    nodeExtraV1,
    meta,
    typeStat,
    memoryCondition,
    zombieReport,
    statusInfo,
    securityInfo,
    objectTypeInfo,
    typeState,
    details,
  };
}

export type EncodedBasic = [
  handleCount: number,
  pointerCount: number,
  attributes: number,
  grantedAccess: number,
  pagedPoolCharge: number,
  nonPagedPoolCharge: number,
  creationTime: string | null,
];

export interface EncodedNodeExtra {
  error?: { status: number; name: string };
  dynamic?: boolean;
  resolvesTo?: string | null;
  basic?: EncodedBasic | { status: number; name: string };
  sd?: number | { status: number; name: string };
  state?: TypeState | { status: number; name: string };
}

export type EncodedNode = [
  name: string,
  type: number,
  target?: string | null,
  children?: EncodedNode[] | null,
  extra?: EncodedNodeExtra,
];

/** Strict schemas for reading a file (unknown keys refused). */
export const readSchemas = makeSchemas(z.strictObject, SNAPSHOT_MAX_STRING, 'read-named');
/** Stripping schemas for writing (fields added to the model later are dropped, not written). */
export const writeSchemas = makeSchemas(z.object as unknown as ObjectFactory, Number.MAX_SAFE_INTEGER, 'write');

/** Reading schemas with a caller-chosen string limit (decodeSnapshot's maxStringLength). */
export function schemasForStringLimit(maxString: number): typeof readSchemas {
  return maxString === SNAPSHOT_MAX_STRING ? readSchemas : makeSchemas(z.strictObject, maxString, 'read');
}

/** The JSON Schema (draft 2020-12) of the snapshot document, generated from the zod schema. */
export function snapshotJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(readSchemas.document, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: generated.$schema,
    $id: 'https://objscope.dev/schema/snapshot-v2.json',
    title: 'objscope snapshot, version 2 (the JSON inside the gzip file)',
    description:
      'Generated from packages/core/src/snapshot-schema.ts by z.toJSONSchema; see docs/snapshot-format.md. ' +
      'Tree nodes are arrays [name, typeIndex, target?, children?, extra?]; extra.sd indexes details.securityDescriptors. ' +
      'Version 1 files (no details) are still read.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
