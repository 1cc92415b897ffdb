// An ObjectSource over a decoded snapshot: read-only, browser-safe, indexed once at load.
// Paths resolve the way the object manager resolves them (symbolic links in the middle of a
// path are followed, up to 16 reparses), but only against what the snapshot recorded.
import type {
  DirEntry,
  Field,
  LinkChain,
  LinkHop,
  MemoryCondition,
  NtResult,
  ObjectDetails,
  ObjectTypeInfo,
  SourceInfo,
  TypeState,
  TypeStat,
  ZombieReport,
} from './model';
import { withArticle } from './model';
import { joinNtPath, parseNtPath, upcaseNtName } from './ntpath';
import { DEFAULT_REGEX_BUDGET_MS, type FlatTree, NameIndex, flattenTree } from './search-index';
import type { AccessToken } from './access';
import type { Snapshot } from './snapshot';
import type { HoldersReport, ProcessHandlesReport } from './holders';
import { recordedHolders, recordedProcessHandles } from './snapshot-holders';
import type { ObjectSource, SearchHit, SearchQuery, SearchResults } from './source';
import { snapshotLabel, type SnapshotKind } from './source-label';
import { formatStatus, statusInfo, statusName } from './status';
import { STATUS } from './status';


/** Symbolic-link reparses per lookup and hops per chain, as in the NT layer. */
const MAX_LINK_HOPS = 16;

/** Types whose state the live source can query (and a version-2 capture records). */
const STATEFUL_TYPES = new Set(['Event', 'Mutant', 'Semaphore', 'Section', 'Timer']);

export interface SnapshotSourceOptions {
  kind?: SnapshotKind;
  label?: string;
  /** Wall-clock budget of one regex search, in ms. */
  regexBudgetMs?: number;
}

/** `path`: the path as stored (the snapshot's casing) when no link was followed on the way, else as asked. */
type Lookup = { ok: true; id: number; path: string } | { ok: false; status: number; message: string };

export class SnapshotSource implements ObjectSource {
  private readonly snap: Snapshot;
  private readonly flat: FlatTree;
  private readonly index: NameIndex;
  private readonly childMaps = new Map<number, Map<string, number>>();
  /** Children keyed by upcased name, for OBJ_CASE_INSENSITIVE lookups. */
  private readonly childMapsUpper = new Map<number, Map<string, number>>();
  private readonly typeInfo: Map<string, ObjectTypeInfo> | null;
  private readonly listings = new Map<number, readonly DirEntry[]>();
  private readonly kind: SnapshotKind;
  private readonly label: string | undefined;
  private readonly regexBudgetMs: number;

  constructor(snapshot: Snapshot, opts: SnapshotSourceOptions = {}) {
    this.snap = snapshot;
    this.kind = opts.kind ?? 'snapshot';
    this.label = opts.label;
    this.regexBudgetMs = opts.regexBudgetMs ?? DEFAULT_REGEX_BUDGET_MS;
    this.flat = flattenTree(snapshot.root);
    this.index = new NameIndex(this.flat);
    this.index.warm();
    this.typeInfo = snapshot.details ? new Map(snapshot.details.typeInfo.map((t) => [t.name, t])) : null;
  }

  /** Whether the snapshot recorded object details (format version 2 with a details section). */
  get detailsRecorded(): boolean {
    return this.typeInfo !== null;
  }

  /** Objects in the tree, the root excluded. */
  get objectCount(): number {
    return this.flat.nodes.length - 1;
  }

  async info(): Promise<SourceInfo> {
    const m = this.snap.meta;
    return {
      kind: this.kind,
      label: this.label ?? snapshotLabel(this.kind, m),
      host: m.host,
      osVersion: m.osVersion,
      capturedAt: m.capturedAt,
      readOnly: true,
      toolVersion: m.toolVersion,
      capabilities: structuredClone(m.capabilities),
    };
  }

  async list(path: string): Promise<NtResult<DirEntry[]>> {
    const r = this.lookup(path, true);
    if (!r.ok) return fail(r.status, r.message);
    const node = this.flat.nodes[r.id]!;
    if (node.children) return { ok: true, status: 0, value: this.listing(r.id).slice() };
    if (node.error) return fail(node.error.status, `${path} could not be listed when the snapshot was taken`);
    if (node.type === 'Directory') {
      return fail(STATUS.NOT_SUPPORTED, `${path} was not listed when the snapshot was taken`);
    }
    return fail(STATUS.OBJECT_TYPE_MISMATCH, `${r.path} is ${withArticle(node.type)}, not a directory`);
  }

  async details(path: string): Promise<NtResult<ObjectDetails>> {
    const r = this.lookup(path, false);
    if (!r.ok) return fail(r.status, r.message);
    const node = this.flat.nodes[r.id]!;
    const notCaptured = { ok: false as const, error: statusInfo(STATUS.NOT_SUPPORTED) };
    const isLink = node.type === 'SymbolicLink';
    const rec = node.details;
    let typeInfo: Field<ObjectTypeInfo> = notCaptured;
    if (this.typeInfo) {
      // A Type object (\ObjectTypes\Event) is described by the type it stands for.
      const t = this.typeInfo.get(node.type === 'Type' ? node.name : node.type);
      typeInfo = t ? { ok: true, value: structuredClone(t) } : { ok: false, error: statusInfo(STATUS.NOT_FOUND) };
    }
    let state: Field<TypeState> | null = STATEFUL_TYPES.has(node.type) ? (notCaptured as Field<never>) : null;
    if (rec?.state) state = structuredClone(rec.state);
    const basic = rec ? structuredClone(rec.basic) : notCaptured;
    const value: ObjectDetails = {
      path: r.path,
      name: r.id === 0 ? '\\' : node.name,
      type: node.type,
      basic,
      typeInfo,
      security: rec ? structuredClone(rec.security) : notCaptured,
      state,
      link: isLink
        ? {
            target: node.target,
            creationTime: basic.ok ? basic.value.creationTime : null,
            dynamic: node.dynamic === true,
            chain: this.chain(r.path),
          }
        : null,
    };
    return { ok: true, status: 0, value };
  }

  async resolveLink(path: string): Promise<LinkChain> {
    return this.chain(path);
  }

  async search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResults> {
    const started = performance.now();
    signal?.throwIfAborted();
    let from = 1;
    let to = this.flat.nodes.length;
    if (query.under !== undefined && query.under !== '\\') {
      const r = this.lookup(query.under, true);
      if (!r.ok) {
        return { hits: [], total: 0, truncated: false, scanned: 0, elapsedMs: performance.now() - started, error: r.message };
      }
      from = r.id + 1;
      to = this.flat.end[r.id]!;
    }
    const found = await this.index.search(query, from, to, signal, this.regexBudgetMs);
    signal?.throwIfAborted();
    if ('error' in found) {
      return { hits: [], total: 0, truncated: false, scanned: 0, elapsedMs: performance.now() - started, error: found.error };
    }
    const hits: SearchHit[] = [];
    for (const id of found.ids) {
      const n = this.flat.nodes[id]!;
      hits.push({ path: this.pathOf(id), name: n.name, type: n.type, target: n.target });
    }
    return {
      hits,
      total: found.total,
      truncated: found.total > hits.length || found.budgetExceeded,
      scanned: found.scanned,
      elapsedMs: performance.now() - started,
      ...(found.budgetExceeded ? { budgetExceeded: true } : {}),
    };
  }

  async typeStats(): Promise<TypeStat[]> {
    return structuredClone(this.snap.types);
  }

  async memoryConditions(): Promise<MemoryCondition[]> {
    return structuredClone(this.snap.memory);
  }

  async zombies(): Promise<ZombieReport | null> {
    return this.snap.zombies ? structuredClone(this.snap.zombies) : null;
  }

  /** Who held `path` when the snapshot was taken; null when it recorded no holders. */
  async holders(path: string): Promise<NtResult<HoldersReport> | null> {
    if (!this.snap.holders) return null;
    const r = this.lookup(path, false);
    if (!r.ok) return fail(r.status, r.message);
    return { ok: true, status: 0, value: recordedHolders(this.snap.holders, path, this.flat.nodes[r.id]!.type) };
  }

  /** What process `pid` held when the snapshot was taken; null when it recorded no holders. */
  async processHandles(pid: number): Promise<NtResult<ProcessHandlesReport> | null> {
    return this.snap.holders ? recordedProcessHandles(this.snap.holders, pid) : null;
  }

  /** The snapshot document itself (shared, not copied: treat it as read-only). */
  async snapshot(): Promise<Snapshot> {
    return this.snap;
  }

  /** The token of the process that captured the snapshot, when it recorded one. */
  async accessToken(): Promise<AccessToken | null> {
    return this.snap.meta.token ?? null;
  }

  refresh(): void {}

  /** Full path of a node by id (preorder), from the parent chain. */
  private pathOf(id: number): string {
    if (id === 0) return '\\';
    const names: string[] = [];
    for (let i = id; i > 0; i = this.flat.parent[i]!) names.push(this.flat.nodes[i]!.name);
    return `\\${names.reverse().join('\\')}`;
  }

  private childMap(id: number): Map<string, number> {
    let m = this.childMaps.get(id);
    if (!m) {
      m = new Map();
      const kids = this.flat.nodes[id]!.children ?? [];
      // Children of a preorder node: first child is id+1, each next one starts after the
      // previous subtree.
      let c = id + 1;
      for (let i = 0; i < kids.length; i++) {
        if (!m.has(kids[i]!.name)) m.set(kids[i]!.name, c);
        c = this.flat.end[c]!;
      }
      this.childMaps.set(id, m);
    }
    return m;
  }

  private childMapUpper(id: number): Map<string, number> {
    let m = this.childMapsUpper.get(id);
    if (!m) {
      m = new Map();
      // Insertion order is directory order, so among names equal but for case the first listed
      // wins, as the first match in a hash chain does.
      for (const [name, c] of this.childMap(id)) {
        const up = upcaseNtName(name);
        if (!m.has(up)) m.set(up, c);
      }
      this.childMapsUpper.set(id, m);
    }
    return m;
  }

  private listing(id: number): readonly DirEntry[] {
    let l = this.listings.get(id);
    if (!l) {
      l = (this.flat.nodes[id]!.children ?? []).map((c) => {
        const e: DirEntry = { name: c.name, type: c.type, target: c.target, error: c.error ? { ...c.error } : null };
        if (c.dynamic !== undefined) e.dynamic = c.dynamic;
        if (c.resolvesTo !== undefined) e.resolvesTo = c.resolvesTo;
        return Object.freeze(e);
      });
      this.listings.set(id, l);
    }
    return l;
  }

  /** Finds a node by path; links before the last component are always followed. */
  private lookup(path: string, followFinal: boolean): Lookup {
    const parsed = parseNtPath(path);
    if (!parsed.ok) return { ok: false, status: STATUS.OBJECT_PATH_SYNTAX_BAD, message: parsed.message };
    let comps = parsed.components;
    let cur = 0;
    let reparses = 0;
    let walked = '\\';
    let reparsed = false;
    for (let i = 0; i < comps.length; ) {
      const node = this.flat.nodes[cur]!;
      const isLast = i === comps.length - 1;
      if (!node.children) {
        if (node.error) return { ok: false, status: node.error.status, message: `${walked} could not be listed when the snapshot was taken` };
        return { ok: false, status: STATUS.OBJECT_PATH_NOT_FOUND, message: `${walked} is not a listed directory in this snapshot` };
      }
      // An exact match first (names that differ only in case can coexist when created
      // case-sensitively), then OBJ_CASE_INSENSITIVE, which every Win32 open uses.
      let child = this.childMap(cur).get(comps[i]!) ?? this.childMapUpper(cur).get(upcaseNtName(comps[i]!));
      if (child === undefined && cur === 0 && comps[i] === '??' && !this.childMap(0).has('??')) {
        // `\??` is not a directory in a Windows root listing: the object manager maps it to the
        // caller's DOS-devices directory, which falls back to `\GLOBAL??` (WRK obname.c,
        // ObpLookupObjectName and the process device map). Wine has a real `\??` directory.
        child = this.childMap(0).get('GLOBAL??');
        if (child !== undefined) {
          reparsed = true;
          walked = '\\GLOBAL??';
          cur = child;
          i++;
          continue;
        }
      }
      if (child === undefined) {
        const where = joinNtPath(walked, comps[i]!);
        return isLast
          ? { ok: false, status: STATUS.OBJECT_NAME_NOT_FOUND, message: `${where} does not exist in this snapshot` }
          : { ok: false, status: STATUS.OBJECT_PATH_NOT_FOUND, message: `${where} does not exist in this snapshot` };
      }
      const cn = this.flat.nodes[child]!;
      if (cn.type === 'SymbolicLink' && (!isLast || followFinal) && cn.target !== null) {
        if (++reparses > MAX_LINK_HOPS) {
          return { ok: false, status: STATUS.OBJECT_PATH_NOT_FOUND, message: `more than ${MAX_LINK_HOPS} symbolic links while resolving ${path}` };
        }
        const t = parseNtPath(cn.target);
        if (!t.ok) {
          return { ok: false, status: STATUS.OBJECT_PATH_NOT_FOUND, message: `${joinNtPath(walked, cn.name)} points outside the object namespace` };
        }
        comps = t.components.concat(comps.slice(i + 1));
        reparsed = true;
        cur = 0;
        i = 0;
        walked = '\\';
        continue;
      }
      walked = joinNtPath(walked, cn.name);
      cur = child;
      i++;
    }
    return { ok: true, id: cur, path: reparsed ? path : walked };
  }

  private chain(path: string): LinkChain {
    const hops: LinkHop[] = [];
    const visited = new Set<string>();
    let cur = path;
    let final: string | null = null;
    let loop = false;
    let dangling = false;
    let truncated = true;
    while (hops.length <= MAX_LINK_HOPS) {
      if (visited.has(cur)) {
        loop = true;
        truncated = false;
        break;
      }
      visited.add(cur);
      const r = this.lookup(cur, false);
      if (!r.ok) {
        hops.push({ path: cur, target: null, type: null, error: { status: r.status, name: statusName(r.status) } });
        dangling = hops.length > 1;
        truncated = false;
        break;
      }
      const n = this.flat.nodes[r.id]!;
      if (n.type === 'SymbolicLink' && n.target !== null) {
        hops.push({ path: cur, target: n.target, type: n.type, error: null });
        cur = n.target;
        continue;
      }
      // A dynamic link has no stored target; opening it yields the object it resolves to.
      hops.push({ path: cur, target: null, type: n.type, error: null });
      final = cur;
      truncated = false;
      break;
    }
    return { hops, final, loop, truncated, dangling };
  }
}

function fail(status: number, why: string): { ok: false; status: number; name: string; message: string } {
  const s = status >>> 0;
  return { ok: false, status: s, name: statusName(s), message: `${formatStatus(s)}: ${why}` };
}
