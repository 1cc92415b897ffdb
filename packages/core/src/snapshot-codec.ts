// Snapshot file <-> Snapshot. The file is hostile input: it may be truncated, corrupt, a gzip
// bomb, absurdly nested, or crafted to reach object keys. decodeSnapshot is a pure function that
// either returns a brand-new Snapshot or a one-sentence reason; it never throws.
import { Gunzip, gzipSync } from 'fflate';
import type { z } from 'zod';
import type { Field, SecurityInfo, StatusInfo, TypeState } from './model';
import { quoteNtPath } from './ntpath';
import {
  type EncodedBasic,
  type EncodedNode,
  type EncodedNodeExtra,
  SNAPSHOT_MAX_STRING,
  schemasForStringLimit,
  writeSchemas,
} from './snapshot-schema';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_READABLE_VERSIONS,
  SNAPSHOT_VERSION,
  type RecordedDetails,
  type Snapshot,
  type SnapshotNode,
  type SnapshotVersion,
} from './snapshot';
import { holdersSectionSchema } from './snapshot-holders';
import { STATUS } from './status';

/** STATUS_NOT_SUPPORTED: "not recorded", the meaning of an absent detail in a file. */
const NOT_RECORDED = STATUS.NOT_SUPPORTED;

export interface SnapshotLimits {
  /** Size of the file as given (compressed or not). */
  maxCompressedBytes: number;
  /** Size of the JSON text after decompression; reached while streaming, never allocated. */
  maxDecompressedBytes: number;
  /** Directory nesting below the root. */
  maxDepth: number;
  /** Longest string (name, target, any text field), in UTF-16 code units. */
  maxStringLength: number;
  /** Tree nodes, the root excluded. */
  maxObjects: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: Readonly<SnapshotLimits> = Object.freeze({
  maxCompressedBytes: 64 * 1024 * 1024,
  maxDecompressedBytes: 256 * 1024 * 1024,
  maxDepth: 64,
  maxStringLength: SNAPSHOT_MAX_STRING,
  maxObjects: 5_000_000,
});

export type DecodeResult = { ok: true; snapshot: Snapshot } | { ok: false; error: string };

/** Gzip input chunk: bounds one inflate step's output (deflate expands at most ~1032x). */
const INPUT_CHUNK = 16 * 1024;

class Rejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function reject(reason: string): never {
  throw new Rejection(reason);
}

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * The gzip file bytes of a snapshot. Deterministic (gzip mtime 0), so equal snapshots give equal
 * files. Fields that are not part of the format are dropped.
 */
export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  return gzipSync(encodeSnapshotJsonBytes(snapshot), { level: 9, mtime: 0 });
}

/** The uncompressed JSON text of a snapshot file (also accepted by decodeSnapshot). */
export function encodeSnapshotJson(snapshot: Snapshot): string {
  const tables = new EncodingTables();
  const tree = encodeNode(snapshot.root, tables);
  const recorded = snapshot.details ?? null;
  const doc: Record<string, unknown> = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    meta: stripped(writeSchemas.meta, snapshot.meta),
    typeNames: tables.typeNames,
    tree,
    types: snapshot.types.map((t) => stripped(writeSchemas.typeStat, t)),
    memory: snapshot.memory.map((m) => stripped(writeSchemas.memoryCondition, m)),
    zombies: snapshot.zombies ? stripped(writeSchemas.zombieReport, snapshot.zombies) : null,
    // Optional section (#14): written only when recorded, so other snapshots stay byte-identical.
    ...(snapshot.holders ? { holders: stripped(holdersSectionSchema, snapshot.holders) } : {}),
  };
  if (recorded || tables.anyDetails) {
    doc.details = {
      typeInfo: (recorded?.typeInfo ?? []).map((t) => stripped(writeSchemas.objectTypeInfo, t)),
      securityDescriptors: tables.securityDescriptors,
    };
  }
  // JSON.stringify writes lone surrogates as \uXXXX escapes (ES2019), so the text stays valid
  // UTF-8 and such names come back unchanged.
  return JSON.stringify(doc);
}

/** What the tree shares between its nodes: type names and security descriptors, each once. */
class EncodingTables {
  readonly typeNames: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  readonly securityDescriptors: SecurityInfo[] = [];
  // Distinct security descriptors, keyed by their JSON text: most objects of a directory share one.
  private readonly sdIndex = new Map<string, number>();
  /** Whether any node carried details, so the details section must be written. */
  anyDetails = false;

  typeOf(type: string): number {
    let t = this.typeIndex.get(type);
    if (t === undefined) {
      t = this.typeNames.length;
      this.typeIndex.set(type, t);
      this.typeNames.push(type);
    }
    return t;
  }

  securityOf(sd: SecurityInfo): number {
    const key = JSON.stringify(sd);
    let i = this.sdIndex.get(key);
    if (i === undefined) {
      i = this.securityDescriptors.length;
      this.sdIndex.set(key, i);
      this.securityDescriptors.push(sd);
    }
    return i;
  }
}

function encodeNode(n: SnapshotNode, tables: EncodingTables): EncodedNode {
  const t = tables.typeOf(n.type);
  const extra: EncodedNodeExtra = {};
  let hasExtra = false;
  if (n.error) {
    extra.error = { status: n.error.status >>> 0, name: n.error.name };
    hasExtra = true;
  }
  if (n.dynamic !== undefined) {
    extra.dynamic = n.dynamic;
    hasExtra = true;
  }
  if (n.resolvesTo !== undefined) {
    extra.resolvesTo = n.resolvesTo;
    hasExtra = true;
  }
  if (n.details && encodeDetails(n.details, extra, tables)) hasExtra = true;
  const out: EncodedNode = [n.name, t];
  const children = n.children ? n.children.map((c) => encodeNode(c, tables)) : null;
  // Trailing fields are written only as far as needed: most nodes are [name, type].
  if (hasExtra) out.push(n.target, children, extra);
  else if (children) out.push(n.target, children);
  else if (n.target !== null) out.push(n.target);
  return out;
}

/** Writes a node's recorded details into `extra`; false when there was nothing worth writing. */
function encodeDetails(d: RecordedDetails, extra: EncodedNodeExtra, tables: EncodingTables): boolean {
  let has = false;
  if (d.basic.ok) {
    const b = d.basic.value;
    extra.basic = [b.handleCount, b.pointerCount, b.attributes >>> 0, b.grantedAccess >>> 0, b.pagedPoolCharge, b.nonPagedPoolCharge, b.creationTime] satisfies EncodedBasic;
    has = true;
  } else if (isRecordedFailure(d.basic.error)) {
    extra.basic = statusOf(d.basic.error);
    has = true;
  }
  if (d.security.ok) {
    extra.sd = tables.securityOf(stripped(writeSchemas.securityInfo, d.security.value) as SecurityInfo);
    has = true;
  } else if (isRecordedFailure(d.security.error)) {
    extra.sd = statusOf(d.security.error);
    has = true;
  }
  if (d.state) {
    extra.state = d.state.ok ? (stripped(writeSchemas.typeState, d.state.value) as TypeState) : statusOf(d.state.error);
    has = true;
  }
  if (has) tables.anyDetails = true;
  return has;
}

function encodeSnapshotJsonBytes(snapshot: Snapshot): Uint8Array {
  return new TextEncoder().encode(encodeSnapshotJson(snapshot));
}

function statusOf(e: StatusInfo): StatusInfo {
  return { status: e.status >>> 0, name: e.name };
}

/** A failure worth writing down: "not recorded" is what an absent detail already means. */
function isRecordedFailure(e: StatusInfo): boolean {
  return e.status >>> 0 !== NOT_RECORDED;
}

function stripped<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new TypeError(`encodeSnapshot: invalid snapshot field at ${formatPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return r.data;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Reads a snapshot file (gzip, or plain JSON text as UTF-8). Never throws: a malformed file gives
 * `{ ok: false, error: "snapshot rejected: ..." }`.
 */
export function decodeSnapshot(bytes: Uint8Array, limits?: Partial<SnapshotLimits>): DecodeResult {
  try {
    const l = resolveLimits(limits);
    if (!(bytes instanceof Uint8Array)) reject('the input is not a byte array');
    if (bytes.length === 0) reject('the file is empty');
    if (bytes.length > l.maxCompressedBytes) {
      reject(`the file is ${bytes.length} bytes; the limit is ${l.maxCompressedBytes}`);
    }
    const text = isGzip(bytes) ? gunzipText(bytes, l.maxDecompressedBytes) : plainText(bytes, l.maxDecompressedBytes);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      reject(`the content is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})`);
    }
    return { ok: true, snapshot: documentToSnapshot(json, l) };
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, error: `snapshot rejected: ${e.reason}` };
    // A RangeError (out of memory, stack) or a bug: still one sentence, never a stack.
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, error: `snapshot rejected: the file could not be read (${what.slice(0, 160)})` };
  }
}

function resolveLimits(limits: Partial<SnapshotLimits> | undefined): SnapshotLimits {
  const out: SnapshotLimits = { ...DEFAULT_SNAPSHOT_LIMITS };
  if (limits) {
    for (const key of Object.keys(DEFAULT_SNAPSHOT_LIMITS) as (keyof SnapshotLimits)[]) {
      const v = limits[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !(v >= 0)) throw new TypeError(`decodeSnapshot: limit ${key} must be a number >= 0`);
      out[key] = v;
    }
  }
  return out;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const utf8 = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function plainText(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length > maxBytes) reject(`the JSON text is ${bytes.length} bytes; the limit is ${maxBytes}`);
  let first = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) first = 3;
  while (first < bytes.length && (bytes[first] === 0x20 || bytes[first] === 0x0a || bytes[first] === 0x0d || bytes[first] === 0x09)) first++;
  if (bytes[first] !== 0x7b /* { */) reject('the file is neither gzip nor a JSON document');
  try {
    return utf8().decode(bytes);
  } catch {
    reject('the JSON text is not valid UTF-8');
  }
}

/**
 * Streams the gzip through fflate in small input chunks, counting output as it arrives, so a
 * bomb is refused after at most one chunk's expansion past the limit rather than after
 * inflating all of it. Also verifies the gzip trailer (CRC-32 and length), which fflate skips.
 */
function gunzipText(bytes: Uint8Array, maxBytes: number): string {
  // The trailer of the (last) member states its size mod 2^32: an honest oversized file is
  // refused before inflating anything. A lying trailer is caught by the streaming count below.
  if (bytes.length >= 18) {
    const t = bytes.length - 4;
    const stated = (bytes[t]! | (bytes[t + 1]! << 8) | (bytes[t + 2]! << 16) | (bytes[t + 3]! << 24)) >>> 0;
    if (stated > maxBytes) {
      reject(`its gzip trailer declares ${stated} bytes, more than the ${maxBytes}-byte limit (or the file is truncated)`);
    }
  }
  // Text is decoded as it inflates, so the inflated bytes are never held in one piece next to
  // the string made from them.
  const decoder = utf8();
  const parts: string[] = [];
  let badUtf8 = false;
  let total = 0;
  let over = false;
  let members = 1;
  const crc = new Crc32();
  const gunzip = new Gunzip((chunk) => {
    if (over) return;
    total += chunk.length;
    if (total > maxBytes) {
      over = true;
      parts.length = 0;
      return;
    }
    crc.update(chunk);
    if (badUtf8) return;
    try {
      parts.push(decoder.decode(chunk, { stream: true }));
    } catch {
      badUtf8 = true;
      parts.length = 0;
    }
  });
  gunzip.onmember = () => {
    members++;
  };
  try {
    for (let off = 0; off < bytes.length && !over; off += INPUT_CHUNK) {
      const end = Math.min(off + INPUT_CHUNK, bytes.length);
      gunzip.push(bytes.subarray(off, end), end === bytes.length);
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/unexpected EOF/i.test(msg)) reject('the gzip data is truncated');
    reject(`the gzip data is corrupt (${msg.slice(0, 80)})`);
  }
  if (over) reject(`it decompresses to more than ${maxBytes} bytes (the limit)`);
  if (members === 1) {
    if (bytes.length < 18) reject('the gzip data is truncated');
    const tail = bytes.length - 8;
    const storedCrc = (bytes[tail]! | (bytes[tail + 1]! << 8) | (bytes[tail + 2]! << 16) | (bytes[tail + 3]! << 24)) >>> 0;
    const storedLen = (bytes[tail + 4]! | (bytes[tail + 5]! << 8) | (bytes[tail + 6]! << 16) | (bytes[tail + 7]! << 24)) >>> 0;
    if (storedLen !== total >>> 0 || storedCrc !== crc.digest()) {
      reject('the gzip data is truncated or corrupt (checksum mismatch)');
    }
  }
  if (!badUtf8) {
    try {
      parts.push(decoder.decode());
    } catch {
      badUtf8 = true;
    }
  }
  if (badUtf8) reject('the decompressed text is not valid UTF-8');
  return parts.join('');
}

// fflate computes CRC-32 internally but does not export it or check it when inflating.
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  return t;
})();

class Crc32 {
  private c = -1;
  update(d: Uint8Array): void {
    let c = this.c;
    for (let i = 0; i < d.length; i++) c = CRC_TABLE[(c ^ d[i]!) & 255]! ^ (c >>> 8);
    this.c = c;
  }
  digest(): number {
    return ~this.c >>> 0;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.slice(0, 40)}"`;
  if (typeof v === 'object') return 'an object';
  return String(v as string | number | boolean | bigint | symbol | undefined);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the top level';
  let out = '';
  for (const p of path) {
    out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out.length > 120 ? `${out.slice(0, 60)}…${out.slice(-60)}` : out;
}

/** Nesting allowed outside the tree; the deepest legitimate part (zombie holders) is 5 levels. */
const MAX_NESTING_OUTSIDE_TREE = 32;

/**
 * JSON.parse itself is not recursive in V8, so a document can be nested far deeper than any
 * recursive validator can follow: measure nesting iteratively before zod sees it. The tree is
 * left to decodeTree, which bounds its depth on its own.
 */
function checkShape(doc: Record<string, unknown>): void {
  const maxNesting = MAX_NESTING_OUTSIDE_TREE;
  const stack: [unknown, number][] = [];
  for (const k of Object.keys(doc)) if (k !== 'tree') stack.push([doc[k], 1]);
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > maxNesting) reject(`the document is nested deeper than ${maxNesting} levels`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === 'object' && v[i] !== null) stack.push([v[i], d + 1]);
    } else if (typeof v === 'object' && v !== null) {
      for (const k of Object.keys(v)) {
        const c = (v as Record<string, unknown>)[k];
        if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
      }
    }
  }
}

function documentToSnapshot(json: unknown, l: SnapshotLimits): Snapshot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    reject(`the top level is ${describe(json)}, not an object`);
  }
  const top = json as Record<string, unknown>;
  if (!Object.hasOwn(top, 'format') || top.format !== SNAPSHOT_FORMAT) {
    reject(`this is not an objscope snapshot (format is ${Object.hasOwn(top, 'format') ? describe(top.format) : 'missing'})`);
  }
  const readable: readonly number[] = SNAPSHOT_READABLE_VERSIONS;
  if (typeof top.version !== 'number' || !readable.includes(top.version)) {
    if (typeof top.version === 'number' && Number.isInteger(top.version) && top.version > SNAPSHOT_VERSION) {
      reject(`format version ${top.version} is newer than this objscope reads (versions ${readable.join(' and ')})`);
    }
    reject(`unsupported format version ${describe(top.version)} (this objscope reads versions ${readable.join(' and ')})`);
  }
  const version = top.version as SnapshotVersion;
  checkShape(top);
  const schemas = schemasForStringLimit(l.maxStringLength);
  const parsed = (version === 1 ? schemas.documentV1WithoutTree : schemas.documentWithoutTree).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    reject(`${issue.message.replace(/\.$/, '')} at ${formatPath(issue.path)}`);
  }
  const doc = parsed.data as z.infer<typeof schemas.documentWithoutTree>;
  const recorded = doc.details ?? null;
  const sds = (recorded?.securityDescriptors ?? []) as SecurityInfo[];
  const root = decodeTree(top.tree, doc.typeNames, l, version === 1 ? schemas.nodeExtraV1 : schemas.nodeExtra, sds);
  const snapshot: Snapshot = {
    meta: { format: SNAPSHOT_FORMAT, version, ...doc.meta },
    root,
    types: doc.types,
    memory: doc.memory,
    zombies: doc.zombies,
    ...(doc.holders ? { holders: doc.holders } : {}),
  };
  if (version !== 1) snapshot.details = recorded ? { typeInfo: recorded.typeInfo } : null;
  return snapshot;
}

const notRecorded = (): Field<never> => ({ ok: false, error: { status: NOT_RECORDED, name: 'STATUS_NOT_SUPPORTED' } });

/** The RecordedDetails of a version-2 node extra, or undefined when it records none. */
function detailsOf(extra: EncodedNodeExtra, sds: readonly SecurityInfo[], where: () => string): RecordedDetails | undefined {
  if (extra.basic === undefined && extra.sd === undefined && extra.state === undefined) return undefined;
  const d: RecordedDetails = { basic: notRecorded(), security: notRecorded(), state: null };
  const b = extra.basic;
  if (Array.isArray(b)) {
    d.basic = {
      ok: true,
      value: { handleCount: b[0], pointerCount: b[1], attributes: b[2], grantedAccess: b[3], pagedPoolCharge: b[4], nonPagedPoolCharge: b[5], creationTime: b[6] },
    };
  } else if (b) d.basic = { ok: false, error: statusOf(b) };
  const sd = extra.sd;
  if (typeof sd === 'number') {
    const value = sds[sd];
    if (!value) reject(`${where()} refers to security descriptor ${sd} but the table has ${sds.length}`);
    d.security = { ok: true, value };
  } else if (sd) d.security = { ok: false, error: statusOf(sd) };
  const st = extra.state;
  if (st) d.state = 'kind' in st ? { ok: true, value: st } : { ok: false, error: statusOf(st) };
  return d;
}

interface DirWork {
  enc: unknown[];
  node: SnapshotNode;
  depth: number;
  parent: DirWork | null;
  /** Index of this directory in its parent's children array. */
  index: number;
}

/** `tree[3][5][3][0]` for messages; rebuilt only when something is wrong. */
function jsonPathOf(dir: DirWork | null, ...tail: number[]): string {
  const idx: number[] = [];
  for (let d = dir; d && d.parent; d = d.parent) idx.push(d.index);
  let out = 'tree';
  for (let i = idx.length - 1; i >= 0; i--) out += `[3][${idx[i]}]`;
  if (dir && tail.length) out += '[3]';
  for (const t of tail) out += `[${t}]`;
  return out.length > 120 ? `${out.slice(0, 60)}…${out.slice(-60)}` : out;
}

function ntPathOf(dir: DirWork, name?: string): string {
  const names: string[] = [];
  for (let d: DirWork | null = dir; d && d.parent; d = d.parent) names.push(d.node.name);
  names.reverse();
  if (name !== undefined) names.push(name);
  return shortPath(`\\${names.join('\\')}`);
}

/**
 * Validates and converts the tree in one iterative pass, with the same rules as the `node` zod
 * schema (see snapshot-schema.ts) plus the tree rules: depth, count, type index in range,
 * non-empty names without `\`, no name twice in a directory.
 */
function decodeTree(
  tree: unknown,
  typeNames: string[],
  l: SnapshotLimits,
  extraSchema: z.ZodType<EncodedNodeExtra>,
  sds: readonly SecurityInfo[],
): SnapshotNode {
  const max = l.maxStringLength;
  let count = 0;
  const toNode = (e: unknown, dir: DirWork | null, i: number): SnapshotNode => {
    if (!Array.isArray(e) || e.length < 2 || e.length > 5) {
      reject(`${dir ? jsonPathOf(dir, i) : 'tree'} is ${Array.isArray(e) ? `an array of ${e.length}` : describe(e)}, not a node [name, type, target?, children?, extra?]`);
    }
    const name = e[0];
    if (typeof name !== 'string') reject(`the name at ${dir ? jsonPathOf(dir, i, 0) : 'tree[0]'} is ${describe(name)}, not a string`);
    if (name.length > max) reject(`a name at ${dir ? jsonPathOf(dir, i, 0) : 'tree[0]'} is ${name.length} characters; the limit is ${max}`);
    const t = e[1];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= typeNames.length) {
      const what = dir ? ntPathOf(dir, name) : '\\';
      reject(`object ${what} has type index ${describe(t)} but the type table has ${typeNames.length} entries`);
    }
    const target = e[2];
    if (target !== undefined && target !== null && (typeof target !== 'string' || target.length > max)) {
      reject(`the target of ${dir ? ntPathOf(dir, name) : '\\'} is ${typeof target === 'string' ? `${target.length} characters; the limit is ${max}` : `${describe(target)}, not a string`}`);
    }
    const kids = e[3];
    if (kids !== undefined && kids !== null && !Array.isArray(kids)) {
      reject(`the children of ${dir ? ntPathOf(dir, name) : '\\'} are ${describe(kids)}, not an array`);
    }
    const node: SnapshotNode = { name, type: typeNames[t]!, target: typeof target === 'string' ? target : null, error: null };
    if (e.length === 5) {
      const r = extraSchema.safeParse(e[4]);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        const where = `${jsonPathOf(dir, ...(dir ? [i, 4] : [4]))}${issue.path.length ? `.${issue.path.map(String).join('.')}` : ''}`;
        reject(`${issue.message.replace(/\.$/, '')} at ${where}`);
      }
      const extra = r.data;
      if (extra.error) node.error = { status: extra.error.status, name: extra.error.name };
      if (extra.dynamic !== undefined) node.dynamic = extra.dynamic;
      if (extra.resolvesTo !== undefined) node.resolvesTo = extra.resolvesTo;
      const details = detailsOf(extra, sds, () => (dir ? ntPathOf(dir, name) : '\\'));
      if (details) node.details = details;
    }
    return node;
  };

  const root = toNode(tree, null, 0);
  const rootKids = (tree as unknown[])[3];
  if (!Array.isArray(rootKids)) return root;
  const work: DirWork[] = [{ enc: tree as unknown[], node: root, depth: 0, parent: null, index: 0 }];
  while (work.length) {
    const dir = work.pop()!;
    const kids = dir.enc[3] as unknown[];
    if (kids.length && dir.depth + 1 > l.maxDepth) reject(`the tree is deeper than ${l.maxDepth} directory levels (the limit)`);
    count += kids.length;
    if (count > l.maxObjects) reject(`the tree holds more than ${l.maxObjects} objects (the limit)`);
    const seen = new Set<string>();
    const out: SnapshotNode[] = new Array(kids.length);
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      const child = toNode(k, dir, i);
      const name = child.name;
      if (name.length === 0) reject(`directory ${ntPathOf(dir)} holds an object with an empty name`);
      if (name.includes('\\')) reject(`object name ${JSON.stringify(name.slice(0, 60))} in ${ntPathOf(dir)} contains a backslash`);
      if (seen.has(name)) reject(`directory ${ntPathOf(dir)} lists ${JSON.stringify(name.slice(0, 60))} twice`);
      seen.add(name);
      out[i] = child;
      const grand = (k as unknown[])[3];
      if (Array.isArray(grand)) work.push({ enc: k as unknown[], node: child, depth: dir.depth + 1, parent: dir, index: i });
    }
    dir.node.children = out;
  }
  return root;
}

/** A quoted path for messages, backslashes single (JSON.stringify would double each one). */
function shortPath(p: string): string {
  return quoteNtPath(p, 100);
}
