// Object directories: NtOpenDirectoryObject + NtQueryDirectoryObject, and the recursive walk.
import type { DirEntry, NtResult, SnapshotNode, WalkProgress } from '@objscope/core';
import { joinNtPath, statusInfo, STATUS, toUint32Status } from '@objscope/core';
import { addressOf, closeHandleValue, nt, type HandleValue, type Ptr } from './ffi';
import { enumerateBulk, enumerateSingle, type DirectoryQuery, type QueryBuffer } from './directory-loop';
import { lastOpenFailure, openHandle, openHandleValue, openObject } from './open';
import type { RawDirEntry } from './parsers/directory';
import { fail, ok } from './result';
import { readLinkTargetValue } from './symlink';

const DIRECTORY_QUERY = 0x0001;

/** null until the first query tells us; Wine 8 answers STATUS_NOT_IMPLEMENTED to bulk mode. */
let bulkSupported: boolean | null = null;

export function bulkDirectoryQuerySupported(): boolean | null {
  return bulkSupported;
}

let shared: QueryBuffer | null = null;

/** One reusable query buffer: listings are synchronous, so no two queries share it at once. */
function queryBuffer(minSize: number): QueryBuffer {
  if (!shared || shared.bytes.byteLength < minSize) {
    const bytes = new Uint8Array(Math.max(minSize, 64 * 1024));
    shared = { bytes, base: addressOf(bytes) };
  }
  return shared;
}

/**
 * DIRECTORY_QUERY only: listing needs nothing else, and asking for DIRECTORY_TRAVERSE too makes
 * a directory whose DACL grants query but not traverse look denied. Opening children relative to
 * this handle needs no traverse right on it (WRK ObpLookupObjectName references the root handle
 * with access 0; traverse checks are skipped for tokens with SeChangeNotifyPrivilege).
 */
export function openDirectory(name: string, root: Ptr = null, access = DIRECTORY_QUERY): NtResult<Ptr> {
  return openObject('NtOpenDirectoryObject', name, access, root);
}

/** openDirectory with handles as Numbers: the form the listings and the walk use (see openHandle). */
function openDirectoryValue(name: string, root: HandleValue = 0): NtResult<HandleValue> {
  return openHandle('NtOpenDirectoryObject', name, DIRECTORY_QUERY, root);
}

function queryFor(h: HandleValue): DirectoryQuery {
  const f = nt().ntdll.NtQueryDirectoryObjectByValue;
  return (buf, single, restart, ctx, ret) => toUint32Status(f(h, buf.bytes, buf.bytes.byteLength, single ? 1 : 0, restart ? 1 : 0, ctx, ret));
}

/**
 * Every (name, type) in an open directory. Bulk mode first; on STATUS_NOT_IMPLEMENTED the
 * single-entry mode, remembered for the rest of the process so Wine pays for the probe once.
 */
function queryDirectory(h: HandleValue): NtResult<RawDirEntry[]> {
  const query = queryFor(h);
  if (bulkSupported !== false) {
    const r = enumerateBulk(query, queryBuffer);
    if (r.ok || r.status !== STATUS.NOT_IMPLEMENTED) {
      if (r.ok) bulkSupported = true;
      return r;
    }
    bulkSupported = false;
  }
  return enumerateSingle(query, queryBuffer);
}

/** Lists a directory by absolute path (raw names and types only). */
export function listDirectoryRaw(path: string): NtResult<RawDirEntry[]> {
  const h = openDirectoryValue(path);
  if (!h.ok) return h;
  try {
    return queryDirectory(h.value);
  } finally {
    closeHandleValue(h.value);
  }
}

/**
 * Windows keeps its dynamic symbolic links (resolved by a kernel callback, target empty) in
 * \KernelObjects only: the memory-condition events and a few more. An empty target elsewhere is
 * just an empty link, and opening it as an Event would be one wasted open per link.
 */
export function mayHoldDynamicLinks(dirPath: string): boolean {
  return dirPath.toUpperCase() === '\\KERNELOBJECTS';
}

/**
 * A symbolic link's entry given its target. An empty target does not by itself mean dynamic:
 * the WRK's NtCreateSymbolicLinkObject (oblink.c) refuses only a target whose MaximumLength is 0,
 * so anyone may create an empty link (Wine refuses it). A dynamic link is resolved by a kernel
 * callback when opened (MiResolveMemoryEvent for the memory conditions), so it is called dynamic
 * only when opening it as an Event succeeds, and only tried where Windows keeps them
 * (\\KernelObjects); a refusing one is listed as an empty link.
 */
export function describeLink(name: string, target: string, dynamicHere: boolean, opensAsEvent: () => boolean): DirEntry {
  if (target !== '' || !dynamicHere) return { name, type: 'SymbolicLink', target, error: null };
  return opensAsEvent()
    ? { name, type: 'SymbolicLink', target: null, error: null, dynamic: true, resolvesTo: 'Event' }
    : { name, type: 'SymbolicLink', target: '', error: null };
}

/** Fills in link targets (and dynamic-link resolution) for entries of the open directory `dirPath`. */
function describeEntries(dir: HandleValue, raw: RawDirEntry[], dirPath: string): DirEntry[] {
  return describeFirst(dir, raw, raw.length, dirPath);
}

/**
 * What describeFirst met on its way, for a walk: the unreadable links and the directories to
 * descend into. The walk then goes over the directories only: going over every child again in
 * the (async) walk made an iterator result object per entry.
 */
interface Described {
  errors: number;
  directories: DirEntry[];
}

/**
 * describeEntries for the first `count` entries only (a walk stopping at maxObjects). The listed
 * entries become the result as they are (see RawDirEntry); only links get their target filled in.
 * With `found`, the same pass counts the links that could not be read and collects the
 * directories, so a walk goes over a listing once.
 */
function describeFirst(dir: HandleValue, raw: RawDirEntry[], count: number, dirPath: string, found?: Described): DirEntry[] {
  const dynamicHere = mayHoldDynamicLinks(dirPath);
  const out: DirEntry[] = count >= raw.length ? raw : raw.slice(0, count);
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    const type = e.type;
    if (type === 'Directory') {
      found?.directories.push(e);
      continue;
    }
    if (type !== 'SymbolicLink') continue;
    const t = readLinkTargetValue(dir, e.name);
    if (typeof t === 'number') {
      e.error = statusInfo(t);
      if (found) found.errors++;
    } else if (t !== '') e.target = t;
    else out[i] = describeEmptyLink(dir, e.name, dynamicHere);
  }
  return out;
}

/**
 * A link in the open directory `dir` whose target came back empty (see describeLink). Its own
 * function so that no closure in describeFirst's loop captures the loop's variables: V8 would
 * then make a context object on every iteration, for every entry, whether or not the closure is
 * ever made (40 bytes an entry, a fifth of a walk's garbage).
 */
function describeEmptyLink(dir: HandleValue, name: string, dynamicHere: boolean): DirEntry {
  return describeLink(name, '', dynamicHere, () => {
    const ev = openHandleValue('NtOpenEvent', name, 0x00100001, dir);
    if (ev !== 0) closeHandleValue(ev);
    return ev !== 0;
  });
}

/** One directory with link targets resolved; the directory itself failing is ok:false. */
export function listDirectory(path: string): NtResult<DirEntry[]> {
  const h = openDirectoryValue(path);
  if (!h.ok) return h;
  try {
    const raw = queryDirectory(h.value);
    if (!raw.ok) return raw;
    // STATUS_MORE_ENTRIES travels on: a listing cut short by names created under the reader.
    return ok(describeEntries(h.value, raw.value, path), raw.status);
  } finally {
    closeHandleValue(h.value);
  }
}

export interface WalkOptions {
  /** Directory levels below the start to descend (0 = only the start directory). */
  maxDepth?: number;
  /** Stop after this many objects (the tree is then marked truncated). */
  maxObjects?: number;
  onProgress?: (p: WalkProgress) => void;
  /** How often (in directories) progress is reported and the event loop gets a turn. */
  progressEvery?: number;
  signal?: AbortSignal;
}

export interface WalkResult {
  root: SnapshotNode;
  objects: number;
  directories: number;
  errors: number;
  truncated: boolean;
}

/**
 * The whole tree under `path`. Each child directory is opened relative to its parent's handle,
 * so the object manager does not re-parse the full path at every level. A directory that cannot
 * be opened or listed keeps its node with `error` set and the walk goes on.
 */
export async function walk(path: string, opts: WalkOptions = {}): Promise<NtResult<WalkResult>> {
  const maxDepth = opts.maxDepth ?? Infinity;
  const maxObjects = opts.maxObjects ?? Infinity;
  const every = opts.progressEvery ?? 64;
  const stats = { objects: 0, directories: 0, errors: 0, truncated: false, sinceYield: 0 };
  const top = openDirectoryValue(path);
  if (!top.ok) return top;
  const name = path === '\\' ? '\\' : path.slice(path.lastIndexOf('\\') + 1);
  const root: SnapshotNode = { name, type: 'Directory', target: null, error: null };
  let cancelled = false;

  const visit = async (h: HandleValue, node: SnapshotNode, nodePath: string, depth: number): Promise<void> => {
    stats.directories++;
    const raw = queryDirectory(h);
    if (!raw.ok) {
      node.error = statusInfo(raw.status);
      stats.errors++;
      return;
    }
    // The listed entries have a SnapshotNode's fields in the same order, so they become the
    // child nodes as they are (no second object per entry).
    const remaining = maxObjects - stats.objects;
    const found: Described = { errors: 0, directories: [] };
    const children: SnapshotNode[] = describeFirst(h, raw.value, remaining, nodePath, found);
    node.children = children;
    stats.objects += children.length;
    stats.errors += found.errors;
    if (raw.value.length > remaining) {
      stats.truncated = true;
      return;
    }
    if (++stats.sinceYield >= every) {
      stats.sinceYield = 0;
      opts.onProgress?.({ directories: stats.directories, objects: stats.objects, errors: stats.errors, currentPath: nodePath });
      await new Promise<void>((r) => setImmediate(r));
      if (opts.signal?.aborted) cancelled = true;
    }
    if (cancelled || depth >= maxDepth) return;
    for (const child of found.directories) {
      if (cancelled) return;
      const ch = openHandleValue('NtOpenDirectoryObject', child.name, DIRECTORY_QUERY, h);
      if (ch === 0) {
        child.error = statusInfo(lastOpenFailure());
        stats.errors++;
        continue;
      }
      try {
        await visit(ch, child, joinNtPath(nodePath, child.name), depth + 1);
      } finally {
        closeHandleValue(ch);
      }
    }
  };

  try {
    await visit(top.value, root, path, 0);
  } finally {
    closeHandleValue(top.value);
  }
  if (cancelled || opts.signal?.aborted) return fail(STATUS.CANCELLED, 'walk cancelled');
  opts.onProgress?.({ directories: stats.directories, objects: stats.objects, errors: stats.errors, currentPath: path });
  return ok({ root, objects: stats.objects, directories: stats.directories, errors: stats.errors, truncated: stats.truncated });
}
