// The zod schema of the on-disk snapshot document (version 1). The committed JSON Schema
// (packages/core/schema/snapshot.schema.json) is generated from this file, so the two cannot
// drift apart silently: a unit test compares them.
//
// Objects are strict when reading: an unknown key (`__proto__` included) is refused, because a
// version-1 reader cannot know what it would be ignoring. Writers strip unknown keys instead, so
// a field added to the in-memory model later never produces a file that this reader refuses.
import { z } from 'zod';
import { MEMORY_CONDITION_NAMES } from './model';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot';
import { holdersSectionSchema } from './snapshot-holders';

/** Longest name, target or other string a snapshot may hold (UNICODE_STRING holds 32,767 units). */
export const SNAPSHOT_MAX_STRING = 32767;

type ObjectFactory = typeof z.strictObject;

function makeSchemas(obj: ObjectFactory, maxString: number, mode: 'read' | 'read-named' | 'write') {
  const named = mode === 'read-named';
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

  const capabilities = obj({
    bulkDirectoryQuery: z.boolean().nullable(),
    ntGetNextProcess: z.boolean(),
    elevated: z.boolean().nullable(),
    seDebugPrivilege: z.boolean().nullable(),
    objectAddressesVisible: z.boolean().nullable(),
    dynamicSymbolicLinks: z.boolean().nullable(),
    warnings: z.array(str).max(1000),
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
  });

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
      scanMs: z.number().min(0),
    }),
    scannedAt: str,
  });

  // Rare per-node fields live in one optional trailing object so that ordinary nodes stay
  // two- or three-element arrays.
  const nodeExtra = obj({
    error: statusInfo.optional(),
    dynamic: z.boolean().optional(),
    resolvesTo: nstr.optional(),
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

  const fields = <T extends z.ZodType>(tree: T) => ({
    format: z.literal(SNAPSHOT_FORMAT),
    version: z.literal(SNAPSHOT_VERSION),
    meta,
    typeNames: z.array(str).max(65535),
    tree,
    types: z.array(typeStat),
    memory: z.array(memoryCondition),
    zombies: zombieReport.nullable(),
    // Optional and version-independent (#14, snapshot-holders.ts).
    holders: holdersSectionSchema.optional(),
  });
  const document = obj(fields(node));
  // The loader checks the tree itself (iteratively, without copying 200,000 tuples); this is the
  // rest of the document. A differential test keeps the tree checks equal to `node`.
  const documentWithoutTree = obj(fields(z.unknown()));

  return { document, documentWithoutTree, node, nodeExtra, meta, typeStat, memoryCondition, zombieReport, statusInfo };
}

export interface EncodedNodeExtra {
  error?: { status: number; name: string };
  dynamic?: boolean;
  resolvesTo?: string | null;
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

export type EncodedDocument = z.infer<typeof readSchemas.document>;

/** The JSON Schema (draft 2020-12) of the snapshot document, generated from the zod schema. */
export function snapshotJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(readSchemas.document, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: generated.$schema,
    $id: 'https://objscope.dev/schema/snapshot-v1.json',
    title: 'objscope snapshot, version 1 (the JSON inside the gzip file)',
    description:
      'Generated from packages/core/src/snapshot-schema.ts by z.toJSONSchema; see docs/snapshot-format.md. ' +
      'Tree nodes are arrays [name, typeIndex, target?, children?, extra?].',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
