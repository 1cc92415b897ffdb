// Name search over a flattened tree, built once per snapshot.
//
// The index is the tree in preorder: every subtree is a contiguous id range (so `under` is two
// numbers), and all names are concatenated into one haystack separated by `\`, which no object
// name can contain. A substring query is then a native `indexOf` walk over the part of the
// haystack that covers the range, never a per-object JavaScript loop; a match can never span
// two names because the query holds no `\` (a query that does cannot match any name).
//
// Regex queries use re2js (RE2 semantics: linear time in the input, no backreferences or
// lookaround), so a catastrophic pattern like `(a+)+$` cannot backtrack exponentially. On top of
// that the pattern length is capped and the scan has a wall-clock budget; when it runs out the
// results so far come back marked truncated and `budgetExceeded`.
import { RE2JS } from 're2js';
import type { SnapshotNode } from './snapshot';
import type { SearchHit, SearchQuery, SearchResults } from './source';

export const MAX_REGEX_LENGTH = 256;
export const DEFAULT_REGEX_BUDGET_MS = 1000;
/** The scan yields to the event loop this often so that an abort can arrive. */
const YIELD_EVERY_MS = 16;

export type SafeRegex = { ok: true; test: (s: string) => boolean } | { ok: false; error: string };

/** Compiles a user-supplied pattern for linear-time matching; never throws. */
export function compileSafeRegex(pattern: string, caseSensitive = false): SafeRegex {
  if (typeof pattern !== 'string') return { ok: false, error: 'regex rejected: the pattern is not a string' };
  if (pattern.length > MAX_REGEX_LENGTH) {
    return { ok: false, error: `regex rejected: the pattern is ${pattern.length} characters; the limit is ${MAX_REGEX_LENGTH}` };
  }
  try {
    const re = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    return { ok: true, test: (s) => re.test(s) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `regex rejected: ${msg.slice(0, 160)}` };
  }
}

export interface FlatTree {
  /** Nodes in preorder; id 0 is the root. */
  nodes: SnapshotNode[];
  parent: Int32Array;
  /** One past the last id of the node's subtree. */
  end: Int32Array;
}

export function flattenTree(root: SnapshotNode): FlatTree {
  const nodes: SnapshotNode[] = [];
  const parents: number[] = [];
  // Iterative preorder; children pushed in reverse so they pop in order.
  const stack: [SnapshotNode, number][] = [[root, -1]];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    nodes.push(n);
    parents.push(p);
    const kids = n.children;
    if (kids) {
      const id = nodes.length - 1;
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, id]);
    }
  }
  const count = nodes.length;
  const parent = Int32Array.from(parents);
  const end = new Int32Array(count);
  for (let i = 0; i < count; i++) end[i] = i + 1;
  // Children come after parents in preorder, so one backwards pass propagates subtree ends.
  for (let i = count - 1; i > 0; i--) {
    const p = parent[i]!;
    if (end[i]! > end[p]!) end[p] = end[i]!;
  }
  return { nodes, parent, end };
}

export interface IndexedSearch {
  ids: Int32Array;
  total: number;
  scanned: number;
  budgetExceeded: boolean;
}

export class NameIndex {
  private readonly flat: FlatTree;
  private readonly typeId: Uint16Array;
  private readonly typeIds = new Map<string, number>();
  private haystackLower: Haystack | null = null;
  private haystackExact: Haystack | null = null;

  constructor(flat: FlatTree) {
    this.flat = flat;
    const n = flat.nodes.length;
    this.typeId = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const t = flat.nodes[i]!.type;
      let id = this.typeIds.get(t);
      if (id === undefined) {
        id = this.typeIds.size;
        this.typeIds.set(t, id);
      }
      this.typeId[i] = id;
    }
  }

  /** Builds the case-insensitive haystack now rather than on the first keystroke. */
  warm(): void {
    this.haystack(false);
  }

  private haystack(caseSensitive: boolean): Haystack {
    if (caseSensitive) return (this.haystackExact ??= buildHaystack(this.flat.nodes, false));
    return (this.haystackLower ??= buildHaystack(this.flat.nodes, true));
  }

  /**
   * Ids (preorder) of nodes in [from, to) whose name matches, up to `limit`, with the exact total.
   */
  async search(
    q: SearchQuery,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
    budgetMs: number,
  ): Promise<IndexedSearch | { error: string }> {
    const limit = Math.max(0, Math.floor(q.limit));
    let typeFilter: Uint8Array | null = null;
    if (q.types && q.types.length) {
      typeFilter = new Uint8Array(this.typeIds.size);
      for (const t of q.types) {
        const id = this.typeIds.get(t);
        if (id !== undefined) typeFilter[id] = 1;
      }
    }
    const ids: number[] = [];
    let total = 0;
    const accept = (id: number): void => {
      if (typeFilter && !typeFilter[this.typeId[id]!]) return;
      total++;
      if (ids.length < limit) ids.push(id);
    };
    const caseSensitive = q.caseSensitive === true;

    if (q.mode === 'regex') {
      const re = compileSafeRegex(q.text, caseSensitive);
      if (!re.ok) return { error: re.error };
      const started = Date.now();
      let lastYield = started;
      let budgetExceeded = false;
      let id = from;
      for (; id < to; id++) {
        if ((id & 255) === 0) {
          const now = Date.now();
          if (now - started > budgetMs) {
            budgetExceeded = true;
            break;
          }
          if (now - lastYield > YIELD_EVERY_MS) {
            await yieldToEventLoop();
            signal?.throwIfAborted();
            lastYield = Date.now();
          }
        }
        if (typeFilter && !typeFilter[this.typeId[id]!]) continue;
        if (re.test(this.flat.nodes[id]!.name)) accept(id);
      }
      return { ids: Int32Array.from(ids), total, scanned: id - from, budgetExceeded };
    }

    const hay = this.haystack(caseSensitive);
    const text = caseSensitive ? q.text : q.text.toLowerCase();
    if (text.includes('\\')) return { ids: new Int32Array(0), total: 0, scanned: to - from, budgetExceeded: false };
    const needle = q.mode === 'exact' ? `\\${text}\\` : text;
    const s = hay.text;
    const starts = hay.starts;
    const stop = starts[to]!;
    let pos = q.mode === 'exact' ? starts[from]! - 1 : starts[from]!;
    let id = from;
    let steps = 0;
    while (id < to) {
      const at = s.indexOf(needle, pos);
      if (at < 0 || at >= stop) break;
      // The exact needle starts at the separator before the name.
      const inside = q.mode === 'exact' ? at + 1 : at;
      // Advance to the node whose name holds the match; matches only move forward.
      while (id + 1 < to && starts[id + 1]! <= inside) id++;
      accept(id);
      id++;
      if (id >= to) break;
      pos = q.mode === 'exact' ? starts[id]! - 1 : starts[id]!;
      if ((++steps & 4095) === 0 && signal?.aborted) signal.throwIfAborted();
    }
    return { ids: Int32Array.from(ids), total, scanned: to - from, budgetExceeded: false };
  }
}

interface Haystack {
  text: string;
  /** Offset of each node's name in text; starts[n] = text.length for the end sentinel. */
  starts: Uint32Array;
}

function buildHaystack(nodes: SnapshotNode[], lower: boolean): Haystack {
  const n = nodes.length;
  const starts = new Uint32Array(n + 1);
  const parts: string[] = new Array(n);
  let at = 1;
  for (let i = 0; i < n; i++) {
    // Lower-casing can change a string's length (U+0130), so offsets come from the lowered names.
    const name = i === 0 ? '' : lower ? nodes[i]!.name.toLowerCase() : nodes[i]!.name;
    parts[i] = name;
    starts[i] = at;
    at += name.length + 1;
  }
  starts[n] = at;
  return { text: `\\${parts.join('\\')}\\`, starts };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function hitFor(node: SnapshotNode, path: string): SearchHit {
  return { path, name: node.name, type: node.type, target: node.target };
}

export type { SearchResults };
