// The live namespace as an ObjectSource: Windows, or Windows Node under Wine. Listings are
// cached per directory (WinObj-style lazy browsing) until refresh(); search and snapshot walk.
import type {
  AccessToken,
  DirEntry,
  HoldersReport,
  ProcessHandlesReport,
  LinkChain,
  MemoryCondition,
  NtResult,
  ObjectDetails,
  ObjectSource,
  SearchHit,
  SearchQuery,
  SearchResults,
  Snapshot,
  SnapshotNode,
  SourceInfo,
  TypeStat,
  WalkProgress,
  ZombieReport,
} from '@objscope/core';
import { baseNtName, compileSafeRegex, formatStatus, liveLabel, joinNtPath, ntNamesEqualIgnoringCase, parentNtPath, parseNtPath, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, statusName, STATUS } from '@objscope/core';
import {
  findHolders,
  getCapabilities,
  getProcessHandleCount,
  hostName,
  listDirectory,
  memoryConditions,
  accountResolver,
  currentAccessToken,
  objectDetails,
  osVersion,
  processHandles,
  queryAllTypes,
  recordAllProcessHandles,
  recordedObjectDetails,
  resolveLinkChain,
  scanZombies,
  typeStats,
  walk,
  wineVersion,
} from '@objscope/nt';
import { HolderWork } from './holders-worker';

const TOOL_VERSION = '0.1.0';

/** Enough for browsing; the oldest listings are dropped beyond it. */
const CACHE_DIRECTORIES = 4096;

function failure(status: number, message?: string): NtResult<never> {
  const s = status >>> 0;
  return { ok: false, status: s, name: statusName(s), message: message ?? formatStatus(s) };
}

/**
 * The type of an object as its parent's listing names it (the object manager matches names
 * case-insensitively, OBJ_CASE_INSENSITIVE, so an exact match first, then one ignoring case);
 * the listing's failure, or STATUS_OBJECT_NAME_NOT_FOUND.
 */
function typeFromParent(path: string, list: (dir: string) => NtResult<DirEntry[]>): NtResult<string> {
  const p = parseNtPath(path);
  if (!p.ok) return failure(STATUS.OBJECT_NAME_INVALID, p.message);
  const parent = list(parentNtPath(path));
  if (!parent.ok) return parent;
  const name = baseNtName(path);
  const hit = parent.value.find((e) => e.name === name) ?? parent.value.find((e) => ntNamesEqualIgnoringCase(e.name, name));
  return hit ? { ok: true, status: 0, value: hit.type } : failure(STATUS.OBJECT_NAME_NOT_FOUND, `${path}: ${formatStatus(STATUS.OBJECT_NAME_NOT_FOUND)}`);
}

export class LiveSource implements ObjectSource {
  private readonly cache = new Map<string, NtResult<DirEntry[]>>();
  /**
   * Scans that open handles into other processes (holders, a process's handles, zombies) run
   * in the agent's scan process, which keeps facts between them and no handle (holders-worker.ts).
   */
  readonly holderWork = new HolderWork();

  async info(): Promise<SourceInfo> {
    const wine = wineVersion();
    const host = hostName();
    const os = osVersion();
    return {
      kind: wine ? 'wine' : 'live',
      label: liveLabel({ wineVersion: wine, host, osVersion: os }),
      host,
      osVersion: os,
      capturedAt: null,
      readOnly: true,
      toolVersion: TOOL_VERSION,
      capabilities: getCapabilities(),
    };
  }

  private listCached(path: string): NtResult<DirEntry[]> {
    const hit = this.cache.get(path);
    if (hit) return hit;
    const r = listDirectory(path);
    if (this.cache.size >= CACHE_DIRECTORIES) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(path, r);
    return r;
  }

  async list(path: string): Promise<NtResult<DirEntry[]>> {
    const p = parseNtPath(path);
    if (!p.ok) return failure(STATUS.OBJECT_NAME_INVALID, p.message);
    return this.listCached(path);
  }

  /** Type of an object from its parent's (cached) listing; null when not found. */
  private typeOf = (path: string): string | null => {
    if (path === '\\') return 'Directory';
    const t = typeFromParent(path, (p) => this.listCached(p));
    return t.ok ? t.value : null;
  };

  async details(path: string): Promise<NtResult<ObjectDetails>> {
    const p = parseNtPath(path);
    if (!p.ok) return failure(STATUS.OBJECT_NAME_INVALID, p.message);
    let type = this.typeOf(path);
    if (type === null && path !== '\\') {
      // A stale cache must not hide an object that appeared since: look once more.
      this.cache.delete(parentNtPath(path));
      type = this.typeOf(path);
    }
    if (type === null) {
      const parent = this.listCached(parentNtPath(path));
      return parent.ok ? failure(STATUS.OBJECT_NAME_NOT_FOUND, `${formatStatus(STATUS.OBJECT_NAME_NOT_FOUND)}`) : parent;
    }
    // Account names come from the cache; the missing ones are looked up off the event loop,
    // each wait bounded (LookupAccountSid can block for seconds on a domain controller).
    const details = objectDetails(path, type, this.typeOf, { accounts: 'cache' });
    if (details.security.ok) details.security = { ok: true, value: await accountResolver().fill(details.security.value) };
    return { ok: true, status: 0, value: details };
  }

  async resolveLink(path: string): Promise<LinkChain> {
    return resolveLinkChain(path, this.typeOf);
  }

  async search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResults> {
    const started = Date.now();
    const under = query.under ?? '\\';
    const matcher = makeMatcher(query);
    const types = query.types && query.types.length ? new Set(query.types) : null;
    const hits: SearchHit[] = [];
    let total = 0;
    let scanned = 0;
    const w = await walk(under, signal ? { signal } : {});
    if (w.ok) {
      const visit = (node: SnapshotNode, path: string) => {
        for (const c of node.children ?? []) {
          const p = joinNtPath(path, c.name);
          scanned++;
          if ((!types || types.has(c.type)) && matcher(c.name)) {
            total++;
            if (hits.length < query.limit) hits.push({ path: p, name: c.name, type: c.type, target: c.target });
          }
          if (c.children) visit(c, p);
        }
      };
      visit(w.value.root, under);
    } else if (w.status === STATUS.CANCELLED || signal?.aborted) {
      throw signal?.reason instanceof Error ? signal.reason : new Error('search cancelled');
    }
    return { hits, total, truncated: total > hits.length, scanned, elapsedMs: Date.now() - started };
  }

  async typeStats(): Promise<TypeStat[]> {
    const r = typeStats();
    return r.ok ? r.value : [];
  }

  async memoryConditions(): Promise<MemoryCondition[]> {
    return memoryConditions();
  }

  /** In the scan process, and shared by callers that overlap (holders-worker.ts). */
  async zombies(): Promise<ZombieReport | null> {
    return this.holderWork.zombies();
  }

  /** Holders of one named object (packages/nt/src/holders.ts), scanned in the scan process. */
  async holders(path: string, signal?: AbortSignal): Promise<NtResult<HoldersReport>> {
    const p = parseNtPath(path);
    if (!p.ok) return failure(STATUS.OBJECT_NAME_INVALID, p.message);
    let type = this.typeOf(path);
    if (type === null) {
      this.cache.delete(parentNtPath(path));
      type = this.typeOf(path);
    }
    if (type === null) return failure(STATUS.OBJECT_NAME_NOT_FOUND);
    return this.holderWork.holders(path, type, signal);
  }

  async processHandles(pid: number, signal?: AbortSignal): Promise<NtResult<ProcessHandlesReport>> {
    return this.holderWork.processHandles(pid, signal);
  }

  /**
   * The whole namespace as a snapshot. With `details` (the default) every object's basic info,
   * security descriptor and state is recorded too, plus the type table (format version 2).
   */
  /** The agent's own token: what `current` means in an access check. */
  async accessToken(): Promise<AccessToken | null> {
    return capturingToken();
  }

  async snapshot(onProgress?: (p: WalkProgress) => void, signal?: AbortSignal, options: { details?: boolean } = {}): Promise<Snapshot> {
    const opts: Parameters<typeof walk>[1] = {};
    if (onProgress) opts.onProgress = onProgress;
    if (signal) opts.signal = signal;
    const w = await walk('\\', opts);
    if (!w.ok) throw new Error(`cannot walk \\: ${w.message}`);
    let details: Snapshot['details'] = null;
    if (options.details !== false) {
      await recordDetails(w.value.root, w.value.objects, onProgress, signal);
      const t = queryAllTypes();
      details = { typeInfo: t.ok ? t.value : [] };
    }
    const [types, memory, zombies, info] = await Promise.all([this.typeStats(), this.memoryConditions(), this.zombies(), this.info()]);
    const wine = info.kind === 'wine';
    return {
      meta: {
        format: SNAPSHOT_FORMAT,
        version: SNAPSHOT_VERSION,
        capturedAt: new Date().toISOString(),
        host: info.host,
        osVersion: info.osVersion,
        source: wine ? 'wine' : 'live',
        elevated: info.capabilities.elevated,
        toolVersion: TOOL_VERSION,
        capabilities: info.capabilities,
        objectCount: w.value.objects,
        description: wine ? `Captured under Wine ${wineVersion()} by \`objscope snapshot\`` : 'Captured by `objscope snapshot`',
        token: capturingToken(),
      },
      root: w.value.root,
      types,
      memory,
      zombies,
      details,
    };
  }

  refresh(path?: string): void {
    if (path === undefined) this.cache.clear();
    else this.cache.delete(path);
  }

  /** A walk that reports nothing on the way, so the benchmark times the syscalls alone. */
  async walkCounts(path: string): Promise<NtResult<{ objects: number; directories: number }>> {
    const w = await walk(path, { progressEvery: Number.MAX_SAFE_INTEGER });
    return w.ok ? { ok: true, status: w.status, value: { objects: w.value.objects, directories: w.value.directories } } : w;
  }

  ownHandleCount(): NtResult<number> {
    return getProcessHandleCount();
  }

  // The CLI's one-shot scans run here, in the command's own process rather than the agent's
  // scan process: the process exits when the command does, so nothing it opens outlives the
  // request, and no second Node (seconds under Wine) is started for one answer.

  /** The type of a live object from its parent's listing; the parent's failure, or NAME_NOT_FOUND. */
  typeHere(path: string): NtResult<string> {
    return typeFromParent(path, listDirectory);
  }

  /** Holders of one named object, found in this process with nothing cached from before. */
  holdersHere(path: string, type: string): NtResult<HoldersReport> {
    return findHolders(path, type, { fresh: true });
  }

  processHandlesHere(pid: number): NtResult<ProcessHandlesReport> {
    return processHandles(pid);
  }

  zombiesHere(): ZombieReport {
    return scanZombies();
  }

  /** Every process's handles to named objects, for a snapshot's holders section. */
  allProcessHandlesHere(): NtResult<ProcessHandlesReport[]> {
    return recordAllProcessHandles();
  }
}

/**
 * Attaches each object's recorded details to its node, in preorder. Objects objscope does not
 * open (devices, files) keep none. Yields to the event loop now and then so a capture in the
 * agent does not stall the server, and stops when `signal` aborts.
 */
async function recordDetails(root: SnapshotNode, total: number, onProgress?: (p: WalkProgress) => void, signal?: AbortSignal): Promise<void> {
  const stack: [SnapshotNode, string][] = [[root, '\\']];
  let done = 0;
  let errors = 0;
  while (stack.length) {
    const [node, path] = stack.pop()!;
    const d = recordedObjectDetails(path, node.type);
    if (d) {
      node.details = { basic: d.basic, security: d.security, state: d.state };
      if (!d.basic.ok) errors++;
    }
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, joinNtPath(path, node.children[i]!.name)]);
    if (++done % 256 === 0) {
      signal?.throwIfAborted();
      onProgress?.({ directories: 0, objects: Math.min(done, total), errors, currentPath: path, phase: 'details' });
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/** Name predicate for a search query; an invalid regex matches nothing. */
export function makeMatcher(q: SearchQuery): (name: string) => boolean {
  if (q.mode === 'regex') {
    // The snapshot source's linear-time engine: a native RegExp such as `(a+)+$` can
    // backtrack for minutes over one hostile name and freeze the live agent.
    const re = compileSafeRegex(q.text, q.caseSensitive ?? false);
    return re.ok ? re.test : () => false;
  }
  if (q.caseSensitive) return q.mode === 'exact' ? (n) => n === q.text : (n) => n.includes(q.text);
  const t = q.text.toLowerCase();
  return q.mode === 'exact' ? (n) => n.toLowerCase() === t : (n) => n.toLowerCase().includes(t);
}

/** The capturing token, or null when it cannot be read (the snapshot then answers for named SIDs only). */
function capturingToken(): AccessToken | null {
  const t = currentAccessToken();
  return t.ok ? t.value : null;
}
